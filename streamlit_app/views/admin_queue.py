"""Platform admin: queue health — waiting, running and failed jobs, with retry."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.usecases import health
from ayni.usecases.roles import Actor
from streamlit_app import session, tables
from streamlit_app.i18n import t

admin = session.user()
if not admin.is_admin:
    st.stop()
st.title(t("page.admin_queue"))


@st.fragment(run_every=3.0)
def show() -> None:
    state = health.health()
    st.caption(t("admin.workers", n=state.workers))
    tables.show(pd.DataFrame([
        {t("admin.queue"): q, t("admin.queued"): c["queued"], t("admin.running"): c["running"],
         t("admin.failed_jobs"): c["failed"]} for q, c in state.counts.items()
    ]))
    failed = [j for j in state.jobs if j.state == "failed"]
    others = [j for j in state.jobs if j.state != "failed"]
    if others:
        tables.show(pd.DataFrame([
            {t("admin.queue"): j.queue, t("admin.job"): j.description,
             t("col.status"): t(f"admin.{j.state}")} for j in others
        ]))
    st.subheader(t("admin.failed_jobs"))
    if not failed:
        st.caption(t("admin.no_failed"))
    for job in failed:
        with st.container(border=True):
            st.markdown(f"**{job.description}** · `{job.queue}`")
            st.code(job.error or "—")
            if st.button(t("monitor.retry"), key=f"retry_{job.id}"):
                health.retry(job, Actor(admin.id, None, admin.is_admin))
                st.toast(t("admin.retried"))


show()
