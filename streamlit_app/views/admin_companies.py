"""Platform admin: every company and every membership."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import formatting
from ayni.core.db import app_tx
from ayni.usecases import companies
from streamlit_app import session, tables
from streamlit_app.i18n import industry_label, size_label, t

if not session.user().is_admin:
    st.stop()
st.title(t("page.admin_companies"))
with app_tx() as conn:
    all_companies = companies.list_companies(conn)
    teams = {c.id: companies.members(conn, c.id) for c in all_companies}
tables.show(pd.DataFrame({
    "id": [c.id for c in all_companies], t("companies.name"): [c.name for c in all_companies],
    "RUT": [formatting.rut(c.rut) for c in all_companies],
    t("companies.industry"): [industry_label(c.industry)
                              for c in all_companies],
    t("companies.size"): [size_label(c.size) for c in all_companies],
    t("companies.benchmarks"): ["✓" if c.benchmark_opt_in else "—" for c in all_companies],
    t("members.title"): [len(teams[c.id]) for c in all_companies],
}))
st.subheader(t("admin.memberships"))
tables.show(pd.DataFrame([
    {t("companies.name"): c.name, t("members.name"): m.name, t("login.username"): m.email,
     t("role"): t(f"role.{m.role}")}
    for c in all_companies for m in teams[c.id]
]))
