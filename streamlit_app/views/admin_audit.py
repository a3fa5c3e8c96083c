"""Platform admin: the audit log, newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import audit, formatting
from ayni.core.db import admin_tx
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


def detail(values: dict | None) -> str:
    """An entry's details as `what: value` pairs in the reader's words: booleans as Sí/No,
    roles and upload modes by name, RUTs with dots, numbers and dates the reader's way."""
    lang = language()

    def value(key: str, raw: object) -> str:
        if isinstance(raw, bool):
            return t("downloads.yes" if raw else "downloads.no")
        if key == "role" and f"role.{raw}" in CATALOGUE:
            return t(f"role.{raw}")
        if key == "mode" and f"upload.mode.{raw}" in CATALOGUE:
            return t(f"upload.mode.{raw}")
        if key == "rut":
            return formatting.rut(raw)
        return formatting.detail_value(raw, lang)

    def name(key: str) -> str:
        return t(f"audit.key.{key}") if f"audit.key.{key}" in CATALOGUE else key

    return "; ".join(f"{name(k)}: {value(k, v)}" for k, v in (values or {}).items())


tables.show(pd.DataFrame([
    {t("admin.when"): formatting.moment(e["at"], language()), t("admin.action"): action(e["action"]),
     t("admin.user"): e["email"] or "", t("companies.name"): e["company"] or "",
     t("admin.detail"): detail(e["detail"])}
    for e in entries
]))
