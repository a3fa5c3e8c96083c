"""Platform admin: the audit log, newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni import audit
from ayni.db import admin_tx
from ayni import formatting
from streamlit_app import session, tables
from streamlit_app.i18n import CATALOGUE, language, t

if not session.user().is_admin:
    st.stop()
st.title(t("page.admin_audit"))
with admin_tx() as conn:
    entries = audit.recent(conn, limit=500)


def action(code: str) -> str:
    """The action in the reader's words; a code without an entry shows as it is."""
    return t(f"audit.{code}") if f"audit.{code}" in CATALOGUE else code


tables.show(pd.DataFrame([
    {t("admin.when"): formatting.moment(e["at"], language()), t("admin.action"): action(e["action"]),
     t("admin.user"): e["email"] or "", t("companies.name"): e["company"] or "",
     t("admin.detail"): formatting.details(e["detail"], language())}
    for e in entries
]))
