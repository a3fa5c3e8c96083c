"""Accounts through streamlit-authenticator, with app.users as the only store.

The authenticator works on a credentials dict; it is built from the table on every run
and whatever the widget changes (failed attempts, a new user, a new password) is
written back at once. Lockout after repeated failures and the optional TOTP second
factor live here, around the widget.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import extra_streamlit_components as stx
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.models import cookie_model
from streamlit_authenticator.utilities import (
    CredentialsError,
    LoginError,
    RegisterError,
    ResetError,
)

from ayni.core.db import app_tx
from ayni.core.settings import get_settings
from ayni.usecases import accounts
from streamlit_app import session
from streamlit_app.i18n import say, t

COOKIE_NAME = "ayni_session"
# The cookie component's key for AYNI's own delete of it (not the manager's default,
# "delete", which streamlit-authenticator's own logout draws too).
DELETE_KEY = "ayni_cookie_delete"
# streamlit-authenticator speaks English; what it can say, in the user's language.
WIDGET_ERRORS = {
    "Email already taken": "auth.error.taken",
    "Username/email already taken": "auth.error.taken",
    "Email is not valid": "auth.error.email",
    "First name is not valid": "auth.error.name",
    "Last name is not valid": "auth.error.name",
    "Passwords do not match": "auth.error.repeat",
    "Password/repeat password fields cannot be empty": "auth.error.empty",
    "No new password provided": "auth.error.empty",
    "New and current passwords are the same": "auth.error.same",
    "Password hint cannot be empty": "auth.error.empty",
}


class _CookieManager(stx.CookieManager):
    """The widget's cookie manager without its cookie read. Built, the library's draws a
    component that reads every cookie and answers with a rerun once it has loaded in the
    browser; a login submitted before that answer (the form is up in under a second, the
    component can take longer) lands in a run the answer interrupts, and the rerun that
    replaces it has no click: the submit is dropped and the form just stays there. The
    widget reads its cookie from the request (st.context.cookies) anyway, so nothing is
    drawn until a cookie is set or deleted (remember_login, forget_login), after a login
    or a logout, whose answers are waited for."""

    def __init__(self, key: str = "init") -> None:  # the library's signature
        self.cookie_manager = sys.modules[stx.CookieManager.__module__]._component_func
        self.cookies = dict(st.context.cookies)


# The widget builds its manager as cookie_model.stx.CookieManager(): AYNI's in its place.
cookie_model.stx = SimpleNamespace(CookieManager=_CookieManager)


def _credentials(users: list[accounts.User]) -> dict:
    return {
        "usernames": {
            u.email: {
                "email": u.email, "first_name": u.name, "last_name": "",
                "password": u.password_hash, "roles": ["admin"] if u.is_admin else [],
                "failed_login_attempts": u.failed_logins,
            }
            for u in users
        }
    }


def authenticator() -> stauth.Authenticate:
    """The widget for this run (the entrypoint builds one per run)."""
    settings = get_settings()
    with app_tx() as conn:
        users = accounts.all_users(conn)
    st.session_state["_ayni_users"] = {u.email: u for u in users}
    return stauth.Authenticate(
        _credentials(users), cookie_name=COOKIE_NAME,
        cookie_key=settings.cookie_key.get_secret_value(),
        cookie_expiry_days=settings.cookie_expiry_days, auto_hash=False,
        password_instructions=t("auth.error.rule"),
        # The widget waits 0.7 s in every logged-out run for its cookie manager's read,
        # which AYNI's does not do (_CookieManager): no wait, no window for a rerun.
        login_sleep_time=0,
    )


def widget_error(exc: Exception) -> str:
    key = WIDGET_ERRORS.get(str(exc))
    if key:
        return t(key)
    if "assword" in str(exc):  # the validator's diagnosis of a weak password
        return t("auth.error.rule")
    return t("error.generic")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _write_back_failures(auth: stauth.Authenticate) -> str | None:
    """Persist failed attempts the widget counted; lock the account at the limit.
    Returns the email that just got locked, if any."""
    settings = get_settings()
    known: dict[str, accounts.User] = st.session_state.get("_ayni_users", {})
    locked = None
    for email, entry in auth.authentication_controller.authentication_model.credentials[
            "usernames"].items():
        count = entry.get("failed_login_attempts", 0)
        user = known.get(email)
        if user is None or count == user.failed_logins:
            continue
        until = (_now() + timedelta(minutes=settings.lockout_minutes)
                 if count >= settings.max_login_attempts else None)
        with app_tx() as conn:
            accounts.record_failed_logins(conn, email, count, until)
        if until:
            locked = email
    return locked


def _locked(email: str | None) -> datetime | None:
    user = st.session_state.get("_ayni_users", {}).get(email or "")
    if user and user.locked_until and user.locked_until > _now():
        return user.locked_until
    return None


def current_user(auth: stauth.Authenticate) -> accounts.User | None:
    """Render the login form (and the second factor) until someone is in; then the user."""
    settings = get_settings()
    try:
        auth.login(location="main", max_login_attempts=settings.max_login_attempts, fields={
            "Form name": t("login.form"), "Username": t("login.username"),
            "Password": t("login.password"), "Login": t("login.submit"),
        })
    except LoginError as exc:
        if "attempts" in str(exc):
            st.error(t("login.locked", minutes=settings.lockout_minutes))
        else:
            st.error(widget_error(exc))
    just_locked = _write_back_failures(auth)
    status = st.session_state.get("authentication_status")
    forget_login(auth, logged_in=bool(status))
    email = st.session_state.get("username")
    until = _locked(email) if status else None
    if status and until:  # a valid password does not open a locked account
        auth.logout(location="unrendered")
        st.error(t("login.locked", minutes=settings.lockout_minutes))
        return None
    if just_locked:
        st.error(t("login.locked", minutes=settings.lockout_minutes))
    elif status is False:
        st.error(t("login.failed"))
    if not status:
        st.caption(t("login.prompt"))
        return None
    user = st.session_state["_ayni_users"].get(email)
    if user is None:
        return None
    if not st.session_state.get("login_recorded"):
        with app_tx() as conn:
            accounts.record_login(conn, user.email)
        st.session_state["login_recorded"] = True
        st.session_state.setdefault("language", user.language)
    return user


def remember_login_pending() -> None:
    st.session_state["_ayni_cookie_pending"] = True
    st.session_state.pop("set", None)  # an earlier login's answer is not this one's
    # A logout's cookie not deleted yet: the new one replaces it, and must not go after it.
    st.session_state.pop("_ayni_logout_pending", None)


def remember_login(auth: stauth.Authenticate) -> None:
    """Set the remember-me cookie in a run that completes: the login run ends in a rerun,
    which would unmount the cookie component before the browser ran it. The component
    answers (its key "set" turns true) once the cookie is in the browser."""
    if not st.session_state.get("_ayni_cookie_pending"):
        return
    if st.session_state.get("set"):
        st.session_state.pop("_ayni_cookie_pending")
        return
    with st.sidebar:  # last in the sidebar: nothing above it moves when it goes
        auth.cookie_controller.set_cookie()


def logout_button(auth: stauth.Authenticate) -> None:
    """The sidebar's logout button. Its key is not "logout": streamlit-authenticator keeps
    its own flag under that key and writes it on logout, which a widget's key forbids.
    The click logs out in a callback, before the next run starts, so that run is the login
    page already (and nothing of the page before, or of the user, is built again)."""
    st.sidebar.button(t("logout"), key="sidebar_logout", on_click=_log_out, args=(auth,))


def _log_out(auth: stauth.Authenticate) -> None:
    # The widget's logout: name, username, status… cleared, and its "logout" flag set,
    # which keeps this session from logging in again with the cookie while it still exists.
    auth.authentication_controller.logout()
    session.forget()
    st.session_state.pop("_ayni_cookie_pending", None)  # a cookie not set yet never will be
    st.session_state["_ayni_logout_pending"] = True
    st.session_state.pop(DELETE_KEY, None)  # an earlier logout's answer is not this one's


def forget_login(auth: stauth.Authenticate, logged_in: bool) -> None:
    """Delete the remember-me cookie after a logout, in every login-page run until the
    browser says it is gone (the component's value turns true), as remember_login does to
    set it: a rerun before the browser ran the component (a click right after the logout)
    would unmount it, and the cookie would log the next tab or reload back in. Never in a
    run where someone is logged in: the component deletes each time it is drawn, and drawn
    beside the new login's cookie it could take that one away."""
    if not st.session_state.get("_ayni_logout_pending"):
        return
    if logged_in or st.session_state.get(DELETE_KEY):
        st.session_state.pop("_ayni_logout_pending")
        return
    manager = auth.cookie_controller.cookie_model.cookie_manager
    with st.sidebar:  # at the sidebar's end, like the cookie that is set
        try:
            manager.delete(COOKIE_NAME, key=DELETE_KEY)  # the component is sent first
        except KeyError:  # the manager's copy of the cookies did not list it yet
            pass


def needs_second_factor(user: accounts.User) -> bool:
    return bool(user.totp_secret) and st.session_state.get("totp_ok") != user.id


def second_factor(user: accounts.User) -> None:
    """The TOTP form that stands between a right password and the pages."""
    with st.form("totp"):
        st.subheader(t("totp.title"))
        code = st.text_input(t("totp.code"), max_chars=8)
        if st.form_submit_button(t("totp.submit")):
            if accounts.totp_ok(user.totp_secret, code):
                st.session_state["totp_ok"] = user.id
                st.rerun()
            st.error(t("totp.wrong"))


def register(auth: stauth.Authenticate) -> None:
    """The registration form; a new account is written to app.users at once."""
    try:
        email, _, _ = auth.register_user(
            location="main", captcha=False, password_hint=False, merge_username_email=True,
            key="register", fields={
                "Form name": t("register.title"), "First name": t("register.first_name"),
                "Last name": t("register.last_name"), "Email": t("login.username"),
                "Password": t("login.password"), "Repeat password": t("register.repeat"),
                "Register": t("register.submit"),
            })
    except (RegisterError, LoginError) as exc:
        st.error(widget_error(exc))
        return
    if not email:
        return
    entry = auth.authentication_controller.authentication_model.credentials["usernames"][email]
    name = f"{entry.get('first_name', '')} {entry.get('last_name', '')}".strip()
    try:
        with app_tx() as conn:
            accounts.create_user_with_hash(conn, email, name, entry["password"])
    except accounts.AccountError as exc:
        st.error(say(exc))
        return
    # The account exists: on to the login form, which says so above it.
    session.flash(t("register.done"))
    st.switch_page(st.session_state["_login_page"])


def change_password(auth: stauth.Authenticate, user: accounts.User) -> None:
    try:
        changed = auth.reset_password(user.email, location="main", key="password", fields={
            "Form name": t("account.password"), "Current password": t("account.current"),
            "New password": t("account.new"), "Repeat password": t("register.repeat"),
            "Reset": t("account.save_password"),
        })
    except CredentialsError:
        st.error(t("auth.error.current"))
        return
    except (ResetError, LoginError) as exc:
        st.error(widget_error(exc))
        return
    if changed:
        entry = auth.authentication_controller.authentication_model.credentials["usernames"][
            user.email]
        with app_tx() as conn:
            accounts.set_password_hash(conn, user.id, entry["password"])
        st.success(t("account.password_changed"))
