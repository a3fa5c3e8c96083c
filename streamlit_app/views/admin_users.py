"""Platform admin: every account, and who is an admin."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import formatting
from ayni.core.db import app_tx
from ayni.usecases import accounts
from streamlit_app import session, tables
from streamlit_app.i18n import language, t

admin = session.user()
if not admin.is_admin:
    st.stop()
st.title(t("page.admin_users"))
with app_tx() as conn:
    users = accounts.all_users(conn)
tables.show(pd.DataFrame({
    "id": [u.id for u in users], t("members.name"): [u.name for u in users],
    t("login.username"): [u.email for u in users],
    t("admin.is_admin"): ["✓" if u.is_admin else "" for u in users],
    t("admin.totp"): ["✓" if u.totp_secret else "" for u in users],
    t("admin.failed_logins"): [u.failed_logins for u in users],
    t("admin.locked_until"): [formatting.moment(u.locked_until, language())
                              if u.locked_until else "" for u in users],
}))

others = [u for u in users if u.id != admin.id]
if others:
    who = st.selectbox(t("members.name"), [u.id for u in others],
                       format_func=lambda i: next(f"{u.name} · {u.email}" for u in others
                                                  if u.id == i))
    target = next(u for u in others if u.id == who)
    left, right = st.columns(2)
    if left.button(t("admin.toggle_admin")):
        with app_tx() as conn:
            accounts.set_admin(conn, target.id, not target.is_admin, by=admin.id)
        st.rerun()
    if right.button(t("admin.unlock")):
        with app_tx() as conn:
            accounts.record_failed_logins(conn, target.email, 0, None)
        st.rerun()
