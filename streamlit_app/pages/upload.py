"""Upload a sales file and watch it go through load → features → dashboards."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from ayni.db import tenant
from loaders import canonical
from streamlit_app import formatting, session
from streamlit_app.i18n import language, t
from workers import pipeline, uploads

ctx = session.context()
lang = language()
st.title(t("upload.title"))
st.caption(t("upload.help"))

file = st.file_uploader(t("upload.file"), type=["csv"], key="upload_file")
mode = st.radio(t("upload.mode"), ["append", "replace"], horizontal=True,
                format_func=lambda m: t(f"upload.mode.{m}"))


def header_problem(content: bytes) -> str | None:
    try:
        header = pd.read_csv(io.BytesIO(content), nrows=0, encoding="utf-8-sig").columns
    except (ValueError, UnicodeDecodeError) as exc:
        return t("upload.unreadable", error=exc)
    missing = [c for c in canonical.REQUIRED if c not in [str(h).strip() for h in header]]
    return t("upload.missing", columns=", ".join(missing)) if missing else None


if file is not None and st.button(t("upload.submit"), type="primary"):
    content = file.getvalue()
    problem = header_problem(content)
    if problem:
        st.error(problem)
    else:
        st.session_state["last_upload"] = pipeline.submit(
            ctx.company.id, file.name, content, user_id=ctx.user.id, mode=mode)
        st.success(t("upload.queued"))


def stage_label(u: uploads.Upload) -> str:
    return t("status.failed") if u.status == "failed" else t(f"stage.{u.stage}")


@st.fragment(run_every=1.0)
def monitor() -> None:
    with tenant(ctx.company.id) as conn:
        rows = uploads.for_company(conn, ctx.company.id, limit=20)
    last = st.session_state.get("last_upload")
    for u in rows:
        if u.id != last:
            continue
        st.progress(u.percent / 100, text=f"{u.filename}: {stage_label(u)} ({u.percent} %)")
        if u.status == "done":
            st.success(t("upload.summary", loaded=formatting.number(u.lines_loaded, lang),
                         rejected=formatting.number(u.lines_rejected, lang),
                         date_from=formatting.day(u.date_from, lang),
                         date_to=formatting.day(u.date_to, lang)))
        elif u.status == "failed":
            st.error(t("upload.failed", error=u.error))
    st.subheader(t("upload.history"))
    st.dataframe(
        pd.DataFrame({
            t("col.file"): [u.filename for u in rows],
            t("col.status"): [stage_label(u) for u in rows],
            t("col.progress"): [u.percent for u in rows],
            t("col.loaded"): [formatting.number(u.lines_loaded, lang) for u in rows],
            t("col.rejected"): [formatting.number(u.lines_rejected, lang) for u in rows],
            t("col.created"): [formatting.day(u.created_at.date(), lang) for u in rows],
        }),
        hide_index=True, width="stretch",
        column_config={t("col.progress"): st.column_config.ProgressColumn(
            t("col.progress"), min_value=0, max_value=100, format="%d %%")},
    )


monitor()
