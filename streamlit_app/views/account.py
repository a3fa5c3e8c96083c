"""My account: password, the optional TOTP second factor."""

from __future__ import annotations

import streamlit as st

from ayni.core.db import app_tx
from ayni.usecases import accounts
from streamlit_app import auth, session
from streamlit_app.i18n import t

user = session.user()
st.title(t("account.title"))
st.caption(f"{user.name} · {user.email}")

auth.change_password(session.authenticator(), user)

st.subheader(t("account.totp"))
if user.totp_secret:
    st.success(t("account.totp.on"))
    if st.button(t("account.totp.off_button")):
        with app_tx() as conn:
            accounts.set_totp(conn, user.id, None)
        st.rerun()
else:
    if st.button(t("account.totp.start")):
        st.session_state["totp_pending"] = accounts.new_totp_secret()
    pending = st.session_state.get("totp_pending")
    if pending:
        st.write(t("account.totp.scan"))
        st.code(pending)
        st.caption(accounts.totp_uri(pending, user.email))
        with st.form("totp_confirm"):
            code = st.text_input(t("totp.code"), max_chars=8)
            if st.form_submit_button(t("account.totp.confirm")):
                if accounts.totp_ok(pending, code):
                    with app_tx() as conn:
                        accounts.set_totp(conn, user.id, pending)
                    st.session_state.pop("totp_pending")
                    st.session_state["totp_ok"] = user.id
                    st.success(t("account.totp.enabled"))
                    st.rerun()
                else:
                    st.error(t("totp.wrong"))
