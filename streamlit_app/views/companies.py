"""The user's companies, and creating a new one (its creator becomes its owner)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import formatting
from ayni.core.db import app_tx
from ayni.usecases import companies
from streamlit_app import session, tables
from streamlit_app.i18n import industry_label, say, size_label, t

user = session.user()
st.title(t("companies.title"))
session.show_flash()

with app_tx() as conn:
    mine = companies.companies_of(conn, user.id, is_admin=user.is_admin)
if mine:
    tables.show(pd.DataFrame({
        t("companies.name"): [c.name for c, _ in mine],
        "RUT": [formatting.rut(c.rut) for c, _ in mine],
        t("companies.industry"): [industry_label(c.industry) for c, _ in mine],
        t("companies.size"): [size_label(c.size) for c, _ in mine],
        t("role"): [t(f"role.{r}") for _, r in mine],
        t("companies.benchmarks"): ["✓" if c.benchmark_opt_in else "—" for c, _ in mine],
    }))
else:
    st.info(t("company.none"))

st.subheader(t("companies.create"))
with st.form("create_company", clear_on_submit=False):
    name = st.text_input(t("companies.name_field"))
    rut = st.text_input("RUT", placeholder="76.086.428-5")
    industry = st.selectbox(t("companies.industry"), list(companies.INDUSTRIES),
                            format_func=industry_label)
    size = st.selectbox(t("companies.size"), list(companies.SIZES), format_func=size_label)
    opt_in = st.checkbox(t("companies.opt_in"), value=True, help=t("companies.opt_in.help"))
    if st.form_submit_button(t("companies.create_button"), type="primary"):
        try:
            with app_tx() as conn:
                company = companies.create_company(conn, name, rut, industry, size,
                                                   benchmark_opt_in=opt_in, owner_user_id=user.id)
        except companies.CompanyError as exc:
            st.error(say(exc))
        else:
            session.choose(company.id)
            session.flash(t("companies.created", name=company.name))
            st.rerun()

ctx = session.context()
if ctx is not None and (ctx.role == "owner" or user.is_admin):
    st.subheader(t("companies.settings", name=ctx.company.name))
    opt_in = st.toggle(t("companies.opt_in"), value=ctx.company.benchmark_opt_in,
                       help=t("companies.opt_in.help"))
    if opt_in != ctx.company.benchmark_opt_in:
        with app_tx() as conn:
            companies.set_benchmark_opt_in(conn, ctx.company.id, opt_in, by=user.id)
        st.rerun()
    # Margin is measured without IVA (docs/PRODUCT.md, "IVA"); costs are taken as net unless the
    # company says they include it.
    costs_vat = st.checkbox(t("companies.costs_include_vat"), value=ctx.company.costs_include_vat,
                            help=t("companies.costs_include_vat.help"))
    if costs_vat != ctx.company.costs_include_vat:
        with app_tx() as conn:
            companies.set_costs_include_vat(conn, ctx.company.id, costs_vat, by=user.id)
        session.flash(t("companies.costs_include_vat.saved"))
        st.rerun()
