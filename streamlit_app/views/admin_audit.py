"""Platform admin: the audit log, newest first."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from ayni import audit
from ayni.db import admin_tx
from streamlit_app import session
from streamlit_app.i18n import t

if not session.user().is_admin:
    st.stop()
st.title(t("page.admin_audit"))
with admin_tx() as conn:
    entries = audit.recent(conn, limit=500)
st.dataframe(pd.DataFrame([
    {t("admin.when"): e["at"].strftime("%d-%m-%Y %H:%M:%S"), t("admin.action"): e["action"],
     t("admin.user"): e["email"] or "", t("companies.name"): e["company"] or "",
     t("admin.detail"): json.dumps(e["detail"], ensure_ascii=False)}
    for e in entries
]), hide_index=True, width="stretch")
