"""Pieces more than one page shows: an upload's progress and summary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import formatting, uploads
from ayni.core.db import tenant
from streamlit_app import files, tables
from streamlit_app.i18n import language, say, t

MONTH_COUNTS = {"before": "lines_before", "after": "lines_after", "added": "added",
                "updated": "updated", "unchanged": "unchanged", "removed": "removed"}


def stage_label(u: uploads.Upload) -> str:
    if u.status == "failed":
        return t("status.failed")
    if u.status == "queued":  # a retried upload waits with the stage it will resume at
        return t("stage.queued")
    return t(f"stage.{u.stage}")


def upload_progress(u: uploads.Upload) -> None:
    """A bar while the upload waits or runs; a finished one has no bar (a failed one would
    stand still at its last percent)."""
    if u.status in ("queued", "running"):
        st.progress(u.percent / 100, text=f"{u.filename}: {stage_label(u)} ({u.percent} %)")
    else:
        st.markdown(f"**{u.filename}**: {stage_label(u)}")


def upload_summary(u: uploads.Upload, company_id: int) -> None:
    """What happened to an upload: counts, per-month changes, the error report."""
    lang = language()
    if u.status == "failed":
        st.error(t("upload.failed", error=say(u.error)))
        if not u.retryable:
            st.caption(t("upload.fix_and_resend"))
    elif u.status == "done":
        st.success(t("upload.summary", loaded=formatting.number(u.lines_loaded, lang),
                     rejected=formatting.number(u.lines_rejected, lang),
                     date_from=formatting.day(u.date_from, lang),
                     date_to=formatting.day(u.date_to, lang)))
        if u.lines_warned:
            st.caption(t("upload.warned", warned=formatting.number(u.lines_warned, lang)))
        with tenant(company_id) as conn:
            months = uploads.data_updates(conn, u.id)
        if months:
            st.caption(t("upload.months"))
            tables.show(pd.DataFrame({
                t("col.month"): [formatting.month(m["month"], lang) for m in months],
                **{t(f"col.{label}"): [m[key] for m in months] for label, key in MONTH_COUNTS.items()},
            }))
    if u.finished and u.report_path:
        st.download_button(t("upload.report"), data=files.report_bytes(u.report_path, lang),
                           file_name=t("report.file", id=u.id), mime="text/csv",
                           key=f"report_{u.id}")


def uploads_table(rows: list[uploads.Upload]) -> None:
    lang = language()
    st.dataframe(
        pd.DataFrame({
            t("col.file"): [u.filename for u in rows],
            t("col.status"): [stage_label(u) for u in rows],
            t("col.progress"): [u.percent for u in rows],
            t("col.loaded"): [formatting.number(u.lines_loaded, lang) for u in rows],
            t("col.rejected"): [formatting.number(u.lines_rejected, lang) for u in rows],
            t("col.created"): [formatting.moment(u.created_at, lang) for u in rows],
        }),
        hide_index=True, width="stretch",
        column_config={t("col.progress"): st.column_config.ProgressColumn(
            t("col.progress"), min_value=0, max_value=100, format="%d %%")},
    )
