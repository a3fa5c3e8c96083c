"""The company's team: the owner invites existing users, sets their role, removes them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core.db import app_tx
from ayni.usecases import accounts, companies
from streamlit_app import session, tables
from streamlit_app.i18n import t

ctx = session.require_context()
if ctx.role != "owner" and not ctx.user.is_admin:
    st.warning(t("members.only_owner"))
    st.stop()
st.title(t("members.title"))
st.caption(ctx.company.name)

with app_tx() as conn:
    team = companies.members(conn, ctx.company.id)
tables.show(pd.DataFrame({
    t("members.name"): [m.name for m in team], t("login.username"): [m.email for m in team],
    t("role"): [t(f"role.{m.role}") for m in team],
}))

roles = list(companies.ROLES)
with st.form("invite"):
    st.subheader(t("members.invite"))
    email = st.text_input(t("login.username"))
    role = st.selectbox(t("role"), roles, format_func=lambda r: t(f"role.{r}"))
    if st.form_submit_button(t("members.add"), type="primary"):
        with app_tx() as conn:  # committed before anything reruns the page
            invited = accounts.get_by_email(conn, email)
            if invited is not None:
                companies.set_member(conn, ctx.company.id, invited.id, role, by=ctx.user.id)
        if invited is None:
            st.error(t("members.unknown", email=email))
        else:
            st.toast(t("members.added", name=invited.name, role=t(f"role.{role}")))
            st.rerun()

others = [m for m in team if m.user_id != ctx.user.id]
if others:
    st.subheader(t("members.change"))
    who = st.selectbox(t("members.name"), [m.user_id for m in others],
                       format_func=lambda i: next(f"{m.name} · {m.email}" for m in others
                                                  if m.user_id == i))
    member = next(m for m in others if m.user_id == who)
    new_role = st.selectbox(t("role"), roles, index=roles.index(member.role),
                            format_func=lambda r: t(f"role.{r}"), key="new_role")
    left, right = st.columns(2)
    if left.button(t("members.save_role")):
        with app_tx() as conn:
            companies.set_member(conn, ctx.company.id, who, new_role, by=ctx.user.id)
        st.rerun()
    if right.button(t("members.remove"), type="secondary"):
        with app_tx() as conn:
            companies.remove_member(conn, ctx.company.id, who, by=ctx.user.id)
        st.rerun()
