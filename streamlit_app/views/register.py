"""Create an account (then log in)."""

from __future__ import annotations

import streamlit as st

from streamlit_app import auth, session
from streamlit_app.i18n import t

st.title(t("app.title"))
auth.register(session.authenticator())
