"""Every upload of the company: stage, a progress bar that moves, counts, errors, retry."""

from __future__ import annotations

import streamlit as st

from ayni.core import formatting, uploads
from ayni.core.db import tenant
from ayni.usecases import ingest
from streamlit_app import session, widgets
from streamlit_app.i18n import language, t

ctx = session.require_context()
st.title(t("monitor.title"))
st.caption(t("monitor.help"))


def retry(upload_id: int) -> None:
    ingest.retry(ctx.company.id, upload_id, actor=ctx.actor)
    st.toast(t("monitor.retried", id=upload_id))


@st.fragment(run_every=2.0)
def monitor() -> None:
    with tenant(ctx.company.id) as conn:
        rows = uploads.for_company(conn, ctx.company.id, limit=50)
    if not rows:
        st.info(t("monitor.none"))
        return
    for u in rows:
        if u.status not in ("running", "queued", "failed"):
            continue
        with st.container(border=True):
            widgets.upload_progress(u)
            if u.status == "failed":
                widgets.upload_summary(u, ctx.company.id)
                if u.retryable and ctx.actor.may_upload:
                    st.button(t("monitor.retry"), key=f"retry_{u.id}", on_click=retry,
                              args=(u.id,))
    st.subheader(t("upload.history"))
    widgets.uploads_table(rows)
    done = [u for u in rows if u.status == "done"]
    if done:
        chosen = st.selectbox(t("monitor.detail"), [u.id for u in done],
                              format_func=lambda i: next(
                                  f"{u.filename} · {formatting.moment(u.created_at, language())}"
                                  for u in done if u.id == i))
        widgets.upload_summary(next(u for u in done if u.id == chosen), ctx.company.id)


monitor()
