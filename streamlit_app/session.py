"""Who is logged in and which company they are looking at, for every page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ayni import companies
from ayni.accounts import User
from ayni.db import app_tx
from streamlit_app.i18n import t


@dataclass(frozen=True)
class Context:
    user: User
    company: companies.Company
    role: str


def choose_company(user: User) -> Context | None:
    """The sidebar's company picker; None when the user has no company."""
    with app_tx() as conn:
        options = companies.companies_of(conn, user.id, is_admin=user.is_admin)
    if not options:
        return None
    ids = [c.id for c, _ in options]
    remembered = st.session_state.get("company_id")
    chosen_id = st.sidebar.selectbox(
        t("company.select"), ids, index=ids.index(remembered) if remembered in ids else 0,
        format_func=lambda i: next(f"{c.name} · {c.rut}" for c, _ in options if c.id == i),
        key="company_picker",
    )
    st.session_state["company_id"] = chosen_id
    company, role = next((c, r) for c, r in options if c.id == chosen_id)
    st.sidebar.caption(f"{t('role')}: {companies.ROLES[role]}")
    context = Context(user, company, role)
    st.session_state["context"] = context
    return context


def context() -> Context:
    """The context the entrypoint set before running this page."""
    return st.session_state["context"]
