"""Download center: original files, error reports and every aggregation as CSV or Excel."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ayni.db import tenant
from ayni.settings import get_settings
from loaders import storage
from streamlit_app import data, exports, files, formatting, session
from streamlit_app.i18n import language, t
from workers import uploads

ctx = session.require_context()
lang = language()
st.title(t("downloads.title"))
st.caption(ctx.company.name)

version = data.data_version(ctx.company.id)
marts = data.available(ctx.company.id, version)
st.subheader(t("downloads.tables"))
if not marts:
    st.info(t("owner.no_data"))
else:
    name = st.selectbox(t("downloads.table"), marts, format_func=lambda m: t(f"mart.{m}"))
    frame = data.mart(ctx.company.id, name, version)
    st.caption(t("downloads.rows", n=formatting.number(len(frame), lang)))
    st.dataframe(frame.head(200), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button(t("downloads.csv"), exports.to_csv(frame), file_name=f"{name}.csv",
                         mime="text/csv", key="csv")
    right.download_button(t("downloads.xlsx"), exports.to_xlsx(frame, name),
                          file_name=f"{name}.xlsx", key="xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

with tenant(ctx.company.id) as conn:
    rows = uploads.for_company(conn, ctx.company.id, limit=100)
st.subheader(t("downloads.files"))
if not rows:
    st.caption(t("monitor.none"))
for u in rows:
    with st.container(border=True):
        st.markdown(f"**{u.filename}** · {formatting.day(u.created_at.date(), lang)} · "
                    f"{t('col.loaded')}: {formatting.number(u.lines_loaded, lang)}")
        left, right = st.columns(2)
        if u.file_path and left.button(t("downloads.original"), key=f"prepare_{u.id}"):
            st.session_state[f"original_{u.id}"] = True
        if st.session_state.get(f"original_{u.id}"):
            left.download_button(t("downloads.save"),
                                 storage.read_bytes(get_settings(), Path(u.file_path)),
                                 file_name=u.filename, key=f"original_dl_{u.id}")
        if u.report_path:
            right.download_button(t("upload.report"), files.report_bytes(u.report_path),
                                  file_name=f"errores_carga_{u.id}.csv", mime="text/csv",
                                  key=f"report_dl_{u.id}")
