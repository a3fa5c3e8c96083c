"""Upload a sales export: format, column mapping with confidences, preview, then processing
(load → features → dashboards) with a live progress bar and the summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ayni.core import canonical, clock, formatting
from ayni.core.settings import get_settings
from ayni.usecases import ingest
from loaders import mapping_store
from loaders.errors import FileFormatError
from loaders.formats import DateFormat, NumberFormat
from loaders.mapping import NAME_AS_ID, Mapping
from loaders.source import Source, open_source
from loaders.transform import prepare
from streamlit_app import files, session, tables, widgets
from streamlit_app.i18n import language, say, t

ctx = session.require_context()
lang = language()
settings = get_settings()
st.title(t("upload.title"))
st.caption(t("upload.help"))

ENCODINGS = ["utf-8-sig", "utf-8", "cp1252", "latin-1", "cp850"]
# A cell or choice with nothing in it ("no column", "no thousands separator"): Streamlit
# would draw an empty choice as "None".
NONE = "—"
DECIMALS = [",", "."]
# Date patterns as people write them (DD-MM-AAAA hh:mm) and as strptime reads them.
PATTERN_WORDS = {"es": (("%d", "DD"), ("%m", "MM"), ("%Y", "AAAA"), ("%y", "AA"), ("%H", "hh"),
                        ("%M", "mm"), ("%S", "ss"), ("%I", "hh12"), ("%p", "am/pm")),
                 "en": (("%d", "DD"), ("%m", "MM"), ("%Y", "YYYY"), ("%y", "YY"), ("%H", "hh"),
                        ("%M", "mm"), ("%S", "ss"), ("%I", "hh12"), ("%p", "am/pm"))}


def delimiter_label(delimiter: str) -> str:
    return {",": t("upload.delimiter.comma"), ";": t("upload.delimiter.semicolon"),
            "\t": t("upload.delimiter.tab"), "|": "|"}.get(delimiter, delimiter)


def thousands_labels() -> dict[str, str]:
    """What a thousands separator is called in the formats table, and back."""
    return {".": ".", ",": ",", " ": t("upload.space"), "": NONE}


def readable_pattern(pattern: str) -> str:
    """%d-%m-%Y %H:%M → DD-MM-AAAA hh:mm."""
    for code, word in PATTERN_WORDS[lang]:
        pattern = pattern.replace(code, word)
    return pattern


def strptime_pattern(text: str) -> str:
    """DD-MM-AAAA hh:mm → %d-%m-%Y %H:%M (longest words first: hh12 before hh)."""
    for code, word in sorted(PATTERN_WORDS[lang], key=lambda pair: -len(pair[1])):
        text = text.replace(word, code)
    return text


def field_label(field: str) -> str:
    return t(f"field.{field}")


def choose_format(path, source: Source) -> Source:
    """Detected format, with a way to change it."""
    fmt = source.format
    detail = (f"{t('upload.sheet')} «{fmt.sheet}», {t('upload.header_line').lower()} {fmt.header_line}"
              if fmt.kind == "xlsx" else
              f"{fmt.encoding}, {delimiter_label(fmt.delimiter)}, "
              f"{t('upload.header_line').lower()} {fmt.header_line}")
    with st.expander(t("upload.format")):
        st.caption(t("upload.format.detected", detail=detail))
        options = {}
        if fmt.kind == "xlsx":
            sheets = files.sheets(path)
            options["sheet"] = st.selectbox(t("upload.sheet"), sheets, index=sheets.index(fmt.sheet))
        else:
            encodings = ENCODINGS if fmt.encoding in ENCODINGS else [fmt.encoding, *ENCODINGS]
            options["encoding"] = st.selectbox(t("upload.encoding"), encodings,
                                               index=encodings.index(fmt.encoding))
            delimiters = [",", ";", "\t", "|"]
            options["delimiter"] = st.selectbox(t("upload.delimiter"), delimiters,
                                                index=delimiters.index(fmt.delimiter),
                                                format_func=delimiter_label)
        options["header_line"] = int(st.number_input(t("upload.header_line"), min_value=1,
                                                     value=fmt.header_line, step=1))
    changed = {k: v for k, v in options.items() if v != getattr(fmt, k)}
    if not changed:
        return source
    return open_source(path, kind=fmt.kind, **{"encoding": fmt.encoding, "delimiter": fmt.delimiter,
                                               "header_line": fmt.header_line, "sheet": fmt.sheet,
                                               **changed})


def edit_mapping(resolution: mapping_store.Resolution, source: Source) -> Mapping:
    """The mapping table: a column per field, with its confidence and a default."""
    mapping = resolution.mapping
    confidence = {p.field: p.confidence for p in resolution.proposals}
    choices = [NONE] + source.columns
    table = pd.DataFrame({
        t("col.field"): [field_label(c.name) for c in canonical.COLUMNS],
        t("col.required"): [c.need == "required" for c in canonical.COLUMNS],
        t("col.source"): [mapping.columns.get(c.name) or NONE for c in canonical.COLUMNS],
        t("col.confidence"): [round(100 * confidence.get(c.name, 0.0)) if c.name in mapping.columns
                              else 0 for c in canonical.COLUMNS],
        t("col.default"): [mapping.defaults.get(c.name) or "" for c in canonical.COLUMNS],
    })
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key=f"mapping_{files.current_id()}",
        disabled=[t("col.field"), t("col.required"), t("col.confidence")],
        column_config={
            t("col.source"): st.column_config.SelectboxColumn(t("col.source"), options=choices),
            t("col.confidence"): st.column_config.ProgressColumn(
                t("col.confidence"), min_value=0, max_value=100, format="%d %%"),
        },
    )
    result = mapping
    for column, row in zip(canonical.COLUMNS, edited.itertuples(index=False)):
        chosen = None if row[2] in (None, "", NONE) else row[2]
        if chosen != mapping.columns.get(column.name):
            result = result.with_column(column.name, chosen)
        default = (row[4] or "").strip() or None
        if default != mapping.defaults.get(column.name):
            result = result.with_default(column.name, default)
    return result.with_detected_formats(source.preview(2000).frame)


def edit_formats(mapping: Mapping) -> Mapping:
    """How numbers and dates are written in each mapped column."""
    thousands_words = thousands_labels()
    rows = [(c, t("kind.number"), f.decimal, thousands_words.get(f.thousands or "", NONE), NONE)
            for c, f in mapping.numbers.items()]
    rows += [(c, t("kind.date"), NONE, NONE, readable_pattern(f.pattern))
             for c, f in mapping.dates.items()]
    if not rows:
        return mapping
    st.caption(t("upload.formats"))
    table = pd.DataFrame(rows, columns=[t("col.source"), t("col.kind"), t("col.decimal"),
                                        t("col.thousands"), t("col.date_pattern")])
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key=f"formats_{files.current_id()}",
        disabled=[t("col.source"), t("col.kind")],
        column_config={
            t("col.decimal"): st.column_config.SelectboxColumn(t("col.decimal"),
                                                               options=[*DECIMALS, NONE]),
            t("col.thousands"): st.column_config.SelectboxColumn(
                t("col.thousands"), options=list(thousands_words.values())),
        },
    )
    for column, kind, decimal, thousands, pattern in edited.itertuples(index=False):
        if kind == t("kind.number"):
            separator = {word: code for code, word in thousands_words.items()}.get(thousands, "")
            mapping = mapping.with_number_format(column, NumberFormat(
                decimal if decimal in DECIMALS else mapping.numbers[column].decimal,
                separator or None))
        elif pattern and pattern != NONE:
            mapping = mapping.with_date_format(column, DateFormat(
                strptime_pattern(pattern), mapping.dates[column].day_first))
    return mapping


def show_preview(source: Source, mapping: Mapping) -> tuple[int, int]:
    """The first lines as they will be loaded and the problems found in them; returns
    (lines rejected, lines checked) of the first CHECKED_LINES, which the page compares
    with the error limit before it lets the file be sent."""
    st.subheader(t("upload.preview"))
    checked = prepare(source.preview(CHECKED_LINES), mapping, clock.end_of_today())
    rejected_lines = len(checked.problems.error_lines())
    prepared = prepare(source.preview(15), mapping, clock.end_of_today())
    fields = [c for c in canonical.NAMES if c in mapping.columns or c in mapping.defaults]
    shown = pd.DataFrame(index=prepared.lines.index)
    for field in fields:
        values = prepared.lines[field]
        if field == "in_dt":
            shown[field] = [formatting.moment(v, lang) for v in values]
        elif field in canonical.NUMERIC:
            shown[field] = [formatting.decimal(v, lang) for v in values]
        elif field == "in_customer_id":
            shown[field] = values.map(formatting.rut)
        else:
            shown[field] = values.fillna("")
    tables.show(shown.rename(columns=field_label))
    problems = prepared.problems.frame()
    if len(problems):
        from loaders.reasons import message

        st.caption(t("upload.preview.problems"))
        tables.show(pd.DataFrame({
            t("col.line"): problems["line"], t("col.source"): problems["column"],
            t("col.value"): problems["value"].map(formatting.text),
            t("col.reason"): [message(c, lang) for c in problems["code"]],
        }))
    return rejected_lines, len(checked.lines) + rejected_lines


# How many of the file's first lines the page checks against the error limit.
CHECKED_LINES = 500


upload = st.file_uploader(t("upload.file"), type=["csv", "txt", "xlsx"], key="upload_file")
if upload is not None:
    path = files.keep(upload)
    try:
        source = choose_format(path, open_source(path, max_bytes=settings.max_upload_mb << 20))
        prepared = ingest.prepare(ctx.company.id, source)
        resolution, earlier = prepared.resolution, prepared.earlier
    except FileFormatError as exc:
        st.error(t("upload.unreadable", error=say(exc)))
        st.stop()

    st.subheader(t("upload.mapping"))
    st.caption(t("upload.mapping.help"))
    if resolution.origin in ("saved", "named"):
        st.info(t("upload.mapping.saved", name=resolution.name))
    elif resolution.origin == "proposed":
        st.warning(t("upload.mapping.proposed"))
    named = getattr(resolution.proposals, "note", lambda code: None)(NAME_AS_ID)
    if named is not None and resolution.mapping.columns.get("in_product_id") == named.column:
        st.info(t("upload.mapping.name_as_id", column=named.column))
    mapping = edit_formats(edit_mapping(resolution, source))
    missing = mapping.missing_required()
    rejected, checked = 0, 0
    if missing:
        st.error(t("upload.mapping.missing", fields=", ".join(field_label(f) for f in missing)))
    else:
        rejected, checked = show_preview(source, mapping)

    left, right = st.columns(2)
    mode = left.radio(t("upload.mode"), ["append", "replace"],
                      format_func=lambda m: t(f"upload.mode.{m}"))
    max_error_pct = right.number_input(t("upload.max_error_pct"), min_value=0.0, max_value=100.0,
                                       value=float(settings.max_error_pct), step=1.0,
                                       format="%.0f")  # whole percents: no "5.00" in Spanish
    save = st.checkbox(t("upload.save_mapping"), value=resolution.origin != "saved")
    name = st.text_input(t("upload.mapping_name"),
                         value=resolution.name or Path(upload.name).stem[:40], disabled=not save)
    confirmed = True
    if earlier:
        st.warning(t("upload.same_bytes", when=formatting.day(earlier.created_at.date(), lang),
                     id=earlier.id))
        confirmed = st.checkbox(t("upload.same_bytes.confirm"))

    # A file whose first lines already break the limit would be refused by the worker after
    # the whole upload: say so now, before it is sent.
    over_limit = bool(checked) and 100 * rejected / checked > max_error_pct
    if over_limit:
        st.error(t("upload.over_limit", rejected=formatting.number(rejected, lang),
                   checked=formatting.number(checked, lang),
                   pct=formatting.percent(100 * rejected / checked, lang),
                   limit=formatting.percent(max_error_pct, lang)))
    if st.button(t("upload.submit"), type="primary",
                 disabled=bool(missing) or not confirmed or over_limit):
        if save and name.strip():
            ingest.save_mapping(ctx.company.id, name, mapping, source.columns)
        st.session_state["last_upload"] = ingest.submit(
            ctx.company.id, upload.name, path, mapping=mapping, source_format=source.format,
            mapping_name=name.strip() if save else resolution.name, actor=ctx.actor,
            mode=mode, max_error_pct=max_error_pct)
        files.forget(upload)


@st.fragment(run_every=1.0)
def last_upload() -> None:
    """The upload just sent, until it is done; every upload is on the Uploads page."""
    last = st.session_state.get("last_upload")
    if last is None:
        return
    u = ingest.status(ctx.company.id, last)
    if u is not None:
        widgets.upload_progress(u)
        widgets.upload_summary(u, ctx.company.id)
        if u.status == "done":
            home = "owner" if ctx.user.is_admin else ctx.role
            st.page_link(f"views/{home}.py", label=t("upload.see_dashboard"),
                         icon=":material/monitoring:")


last_upload()
