"""Who is logged in and which company they are looking at, for every page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ayni.core import formatting
from ayni.core.db import app_tx
from ayni.usecases import companies
from ayni.usecases.accounts import User
from ayni.usecases.roles import Actor
from streamlit_app import files
from streamlit_app.i18n import t


@dataclass(frozen=True)
class Context:
    user: User
    company: companies.Company
    role: str

    @property
    def actor(self) -> Actor:
        """Who acts in the company, for the use cases' role rules."""
        return Actor(self.user.id, self.role, self.user.is_admin)


def choose_company(user: User) -> Context | None:
    """The sidebar's company picker over the user's own companies (all, for the admin);
    None when the user has none yet."""
    with app_tx() as conn:
        options = companies.companies_of(conn, user.id, is_admin=user.is_admin)
    if not options:
        st.session_state.pop("context", None)
        return None
    ids = [c.id for c, _ in options]
    remembered = st.session_state.get("company_id")
    chosen_id = st.sidebar.selectbox(
        t("company.select"), ids, index=ids.index(remembered) if remembered in ids else 0,
        format_func=lambda i: next(f"{c.name} · {formatting.rut(c.rut)}" for c, _ in options
                                   if c.id == i),
        key="company_picker",
    )
    st.session_state["company_id"] = chosen_id
    company, role = next((c, r) for c, r in options if c.id == chosen_id)
    st.sidebar.caption(f"{t('role')}: {t('role.' + role)}")
    context = Context(user, company, role)
    st.session_state["context"] = context
    return context


def choose(company_id: int) -> None:
    """Make `company_id` the picked company on the next run (after creating one)."""
    st.session_state["company_id"] = company_id
    st.session_state.pop("company_picker", None)


def context() -> Context | None:
    """The user and company the entrypoint set before running this page."""
    return st.session_state.get("context")


def require_context() -> Context:
    """The page needs a company: say how to get one and stop otherwise."""
    ctx = context()
    if ctx is None:
        st.info(t("company.none"))
        st.stop()
    return ctx


def set_user(user: User) -> None:
    st.session_state["user"] = user


def user() -> User:
    return st.session_state["user"]


def remember_authenticator(authenticator) -> None:
    st.session_state["_authenticator"] = authenticator


def authenticator():
    """The authenticator the entrypoint built this run (one cookie component per run)."""
    return st.session_state["_authenticator"]


def forget() -> None:
    """On logout: nothing of this user stays in the session (the next one to log in on this
    tab starts afresh): who and which company, their pending second factor, their last
    upload and the file they were mapping, the originals they prepared to download, their
    language (the next one gets theirs at login)."""
    for key in ("context", "user", "company_id", "company_picker", "totp_ok", "totp_pending",
                "login_recorded", "last_upload", "_flash", "language"):
        st.session_state.pop(key, None)
    for key in [k for k in st.session_state
                if str(k).startswith("original_") and str(k)[len("original_"):].isdigit()]:
        st.session_state.pop(key, None)
    files.forget(None)


def flash(message: str) -> None:
    """A success message that survives the rerun which follows it (st.success would not)."""
    st.session_state["_flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(message)
