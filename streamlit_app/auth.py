"""Login with streamlit-authenticator, backed by the app.users table (bcrypt hashes)."""

from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth
from sqlalchemy import text

from ayni import accounts
from ayni.db import app_tx
from ayni.settings import get_settings
from streamlit_app.i18n import t

COOKIE_NAME = "ayni_session"


def _credentials() -> dict:
    with app_tx() as conn:
        users = accounts.all_users(conn)
    return {
        "usernames": {
            u.email: {
                "email": u.email,
                "first_name": u.name,
                "last_name": "",
                "password": u.password_hash,
                "roles": ["admin"] if u.is_admin else [],
            }
            for u in users
        }
    }


def authenticator() -> stauth.Authenticate:
    settings = get_settings()
    return stauth.Authenticate(
        _credentials(), cookie_name=COOKIE_NAME,
        cookie_key=settings.cookie_key.get_secret_value(),
        cookie_expiry_days=settings.cookie_expiry_days, auto_hash=False,
    )


def _record_login(email: str) -> None:
    with app_tx() as conn:
        conn.execute(text("UPDATE app.users SET last_login_at = now(), failed_logins = 0 "
                          "WHERE lower(email) = lower(:e)"), {"e": email})


def current_user(auth: stauth.Authenticate) -> accounts.User | None:
    """Render the login form until someone logs in; then return that user."""
    auth.login(location="main", fields={
        "Form name": t("login.form"), "Username": t("login.username"),
        "Password": t("login.password"), "Login": t("login.submit"),
    }, callback=lambda info: _record_login(info["username"]))
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(t("login.failed"))
    if not status:
        st.caption(t("login.prompt"))
        return None
    with app_tx() as conn:
        return accounts.get_by_email(conn, st.session_state["username"])
