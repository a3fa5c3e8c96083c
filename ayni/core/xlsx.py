"""The one Excel writer: a one-sheet .xlsx written as a stream of SpreadsheetML rows.

Every Excel download goes through `workbook`: a dashboard's table (rows of Python values,
rendered here by `row`) and the processed lines, a million of them, whose cells PostgreSQL
renders in the query (`cell_sql`, `row_sql`), so that no value passes through Python cell
by cell. The sheet is compressed as rows arrive; memory holds one batch of rows.

Why not a library: `ayni bench xlsx` writes lines of the lines download (25 columns) from
one streamed query with this writer, with openpyxl's write_only mode and with XlsxWriter's
constant_memory mode. On the development machine (2 CPUs, shared, 2026-12-04), a million
lines: this writer 20.7 s (11.5 s in a quieter run), XlsxWriter 303 s (14.6x), openpyxl
807 s (39x); 100,000 lines: 1.1-1.2 s, 12.4-22.9 s and 20.9-22.7 s. Peak RSS 210-243 MB
for all (300 MB for this writer when the million-line file is held in memory for the
browser, as the page does). A library walks 25 million cells in Python; here PostgreSQL
renders them.

Cells keep their types: numbers as numbers, booleans as booleans, dates as dates
(DD-MM-YYYY, as the pages write them) and date-times as date-times (DD-MM-YYYY HH:MM:SS; a
time zone is dropped, keeping the wall-clock time: Excel has none); None, NaN and NaT are
empty cells. Text is an inline string, so Excel never reads it as a formula, and text
starting like a formula (`FORMULA_START`) also gets a leading apostrophe, so the file stays
safe when saved again as CSV (the CSV downloads apply the same rule: `neutralize`,
`neutralized_sql`). Characters XML does not allow are dropped; a text cell holds at most
MAX_TEXT characters.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

# Rows of a sheet, the header included, and the data rows under it.
MAX_ROWS = 1_048_576
MAX_DATA_ROWS = MAX_ROWS - 1
MAX_TEXT = 32_767  # characters of a cell
MAX_SHEET_NAME = 31
# Text starting with one of these would run as a formula in Excel or LibreOffice (CSV
# injection): every download writes it with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
KINDS = ("text", "number", "boolean", "date", "timestamp")
# Characters XML 1.0 does not allow (PostgreSQL text has no NUL).
_ILLEGAL = r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Cell styles of styles.xml below: 1 = date, 2 = date and time (DD-MM-YYYY, as the pages).
_DATE_STYLE, _DATETIME_STYLE = 1, 2
_EPOCH_DATE = date(1899, 12, 30)  # Excel counts days from here
_EPOCH = datetime(1899, 12, 30)
_EMPTY = "<c/>"
_ENTITIES = {"\r": "&#13;"}  # a bare CR would be read back as a line feed

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/><numFmt numFmtId="165" formatCode="dd\\-mm\\-yyyy\\ hh:mm:ss"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetData>')
_SHEET_END = "</sheetData></worksheet>"


# --- the formula rule -----------------------------------------------------------------------


def neutralize(value: str) -> str:
    """`value` with a leading apostrophe when it starts like a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def neutralized_sql(expression: str) -> str:
    """The same rule as SQL, for text PostgreSQL writes straight into a file."""
    starts = ", ".join("'" + c.replace("'", "''") + "'" for c in FORMULA_START)
    return (f"CASE WHEN left({expression}, 1) IN ({starts}) THEN '''' || {expression} "
            f"ELSE {expression} END")


# --- cells rendered by PostgreSQL -----------------------------------------------------------


def cell_sql(expression: str, kind: str) -> str:
    """SQL rendering the value of `expression` as one cell: kind text (neutralised), number,
    boolean, date or timestamp (no time zone). A null gives an empty cell. Text keeps no
    leading or trailing spaces (no xml:space: the lines' text is trimmed, and it costs 24
    bytes a cell)."""
    if kind == "text":
        clean = f"regexp_replace(left({neutralized_sql(expression)}, {MAX_TEXT}), '{_ILLEGAL}', '', 'g')"
        escaped = f"replace(replace(replace({clean}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
        value = f"""'<c t="inlineStr"><is><t>' || {escaped} || '</t></is></c>'"""
    elif kind == "number":
        value = f"'<c><v>' || ({expression})::text || '</v></c>'"
    elif kind == "boolean":
        value = f"""'<c t="b"><v>' || ({expression})::int || '</v></c>'"""
    elif kind == "date":
        value = f"""'<c s="{_DATE_STYLE}"><v>' || (({expression}) - date '1899-12-30') || '</v></c>'"""
    elif kind == "timestamp":
        days = f"extract(epoch from ({expression}) - timestamp '1899-12-30') / 86400"
        value = f"""'<c s="{_DATETIME_STYLE}"><v>' || {days} || '</v></c>'"""
    else:
        raise ValueError(f"unknown cell kind {kind!r}")
    return f"coalesce({value}, '{_EMPTY}')"


def row_sql(cells: Iterable[str]) -> str:
    """SQL of one text value holding the cells of a row (from cell_sql), in order."""
    return " || ".join(cells)


# --- cells rendered here ----------------------------------------------------------------------


def cell(value) -> str:
    """One cell of a Python value, by its type (the same cells as cell_sql)."""
    kind = type(value)
    if kind is float:  # the common cases first
        return f"<c><v>{value!r}</v></c>" if math.isfinite(value) else _EMPTY
    if kind is str:
        return _text(value)
    if kind is int:
        return f"<c><v>{value}</v></c>"
    if value is None:
        return _EMPTY
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):  # and numpy's
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        days = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        if math.isnan(days):  # pandas' NaT
            return _EMPTY
        return f'<c s="{_DATETIME_STYLE}"><v>{days!r}</v></c>'
    if isinstance(value, date):
        return f'<c s="{_DATE_STYLE}"><v>{(value - _EPOCH_DATE).days}</v></c>'
    if isinstance(value, Decimal):
        return f"<c><v>{value}</v></c>" if value.is_finite() else _EMPTY
    if isinstance(value, int):
        return f"<c><v>{value}</v></c>"
    try:
        number = float(value)  # float, numpy numbers
    except (TypeError, ValueError):
        return _EMPTY if _missing(value) else _text(str(value))
    if math.isfinite(number):
        return f"<c><v>{int(value) if _integral(value) else repr(number)}</v></c>"
    return _EMPTY


def row(values: Iterable) -> str:
    """The cells of one row of Python values."""
    return "".join(map(cell, values))


def _text(value: str) -> str:
    if value.startswith(FORMULA_START):
        value = "'" + value
    if _ILLEGAL_RE.search(value):
        value = _ILLEGAL_RE.sub("", value)
    value = escape(value[:MAX_TEXT], _ENTITIES)
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _integral(value) -> bool:
    kind = type(value).__name__
    return kind.startswith(("int", "uint"))  # numpy's int64, uint8 ...


def _missing(value) -> bool:
    """pandas' NA and NaT (imported only when such a value comes)."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --- the file ---------------------------------------------------------------------------------


def workbook(header: Sequence[str], rows: Iterable[str], sheet: str = "datos") -> bytes:
    """The .xlsx of one sheet: `header` as its first row, then each item of `rows` (the
    cells of one row: from row_sql, or `row`) until the sheet is full; any rows past
    MAX_DATA_ROWS are left out (callers tell the user, knowing the count first)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _WORKBOOK.format(
            sheet=escape(sheet_name(sheet), {'"': "&quot;"})))
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'{_SHEET_START}<row r="1">{row(map(str, header))}</row>'.encode())
            pending: list[str] = []
            for number, cells in enumerate(rows, start=2):
                if number > MAX_ROWS:
                    break
                pending.append(f'<row r="{number}">{cells}</row>')
                if len(pending) == 5_000:
                    part.write("".join(pending).encode())
                    pending.clear()
            part.write(("".join(pending) + _SHEET_END).encode())
    return buffer.getvalue()


def values_workbook(header: Sequence[str], rows: Iterable[Iterable],
                    sheet: str = "datos") -> bytes:
    """`workbook` of rows of Python values (each rendered by `row`)."""
    return workbook(header, map(row, rows), sheet)


def sheet_name(name: str) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\ ."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip("'")[:MAX_SHEET_NAME]
    return cleaned or "datos"
