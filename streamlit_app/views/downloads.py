"""Download center: every aggregation, the processed lines (all, or one upload's) and the
original files and error reports, as CSV or Excel."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ayni.core import formatting, uploads, xlsx
from ayni.core.db import tenant
from ayni.core.settings import get_settings
from loaders import storage
from streamlit_app import dashboard, data, files, session, tables
from streamlit_app.i18n import column_label, language, t

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
    # Headers in the user's language, on screen and in the files (docs/PRODUCT.md).
    frame = data.mart(ctx.company.id, name, version).rename(columns=column_label)
    st.caption(t("downloads.rows", n=formatting.number(len(frame), lang)))
    tables.show(frame.head(200))
    dashboard.download_buttons(frame, name)

with tenant(ctx.company.id) as conn:
    rows = uploads.for_company(conn, ctx.company.id, limit=100)


def processed_lines() -> None:
    """All the company's lines, or those one upload last wrote, as the warehouse keeps them.
    The page reads a count and a preview; a file is written only when its button is
    pressed (Streamlit calls the function then, on a thread of its own: what it needs of
    the page, labels and words, is taken now)."""
    st.subheader(t("downloads.lines"))
    st.caption(t("downloads.lines_help"))
    if not data.lines_ready(ctx.company.id, version):
        st.info(t("downloads.lines_pending"))
        return
    names = {u.id: t("downloads.lines_upload", file=u.filename, id=u.id,
                     day=formatting.day(u.created_at.date(), lang))
             for u in rows if u.lines_loaded}
    upload_id = st.selectbox(t("downloads.lines_of"), [None, *names], key="lines_of",
                             format_func=lambda i: t("downloads.lines_all") if i is None else names[i])
    count = data.line_count(ctx.company.id, upload_id, version)
    if not count:
        st.info(t("downloads.lines_none") if upload_id else t("owner.no_data"))
        return
    labels = {c: t(f"line.{c}") for c in data.LINE_COLUMNS}
    st.caption(t("downloads.lines_rows", n=formatting.number(count, lang)))
    preview = data.lines_preview(ctx.company.id, upload_id, version)
    tables.show(preview.rename(columns=labels))
    if count > xlsx.MAX_DATA_ROWS:
        st.warning(t("downloads.xlsx_cut", n=formatting.number(count, lang),
                     limit=formatting.number(xlsx.MAX_DATA_ROWS, lang)))
    company_id, yes_no = ctx.company.id, (t("downloads.yes"), t("downloads.no"))
    stem = f"lineas_{upload_id}" if upload_id else "lineas"
    left, right = st.columns(2)
    left.download_button(t("downloads.lines_csv"), file_name=f"{stem}.csv", mime="text/csv",
                         key="lines_csv", on_click="ignore",
                         data=lambda: data.lines_csv(company_id, upload_id, labels, yes_no, lang))
    right.download_button(t("downloads.lines_xlsx"), file_name=f"{stem}.xlsx", key="lines_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          on_click="ignore",
                          data=lambda: data.lines_xlsx(company_id, upload_id, labels, "lineas"))


processed_lines()

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
            right.download_button(t("upload.report"), files.report_bytes(u.report_path, lang),
                                  file_name=t("report.file", id=u.id), mime="text/csv",
                                  key=f"report_dl_{u.id}")
