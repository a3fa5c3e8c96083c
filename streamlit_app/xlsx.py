"""A one-sheet .xlsx written as a stream, its rows rendered by PostgreSQL.

For tables too large to pass through Python cell by cell (the processed lines: a million
lines are 20+ million cells, minutes in openpyxl): the query renders each row's cells as
SpreadsheetML (`cell_sql`), and `workbook` wraps the rows it is given into the sheet of a
minimal workbook, compressing as they arrive. Text cells are inline strings, so Excel
never reads them as formulas; callers still neutralise them (exports.neutralized_sql) so
the file stays safe when saved again as CSV.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

# Rows of a sheet, the header included, and the data rows under it.
MAX_ROWS = 1_048_576
MAX_DATA_ROWS = MAX_ROWS - 1
MAX_TEXT = 32_767  # characters of a cell
# Characters XML 1.0 does not allow (PostgreSQL text has no NUL).
_ILLEGAL = r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
# Cell styles of styles.xml below: 1 = date, 2 = date and time (DD-MM-YYYY, as the pages).
_DATE_STYLE, _DATETIME_STYLE = 1, 2

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


def cell_sql(expression: str, kind: str) -> str:
    """SQL rendering the value of `expression` as one cell: kind text, number, boolean,
    date or timestamp (no time zone). A null gives an empty cell. Text keeps no leading or
    trailing spaces (no xml:space: the lines' text is trimmed, and it costs 24 bytes a cell)."""
    if kind == "text":
        clean = f"regexp_replace(left({expression}, {MAX_TEXT}), '{_ILLEGAL}', '', 'g')"
        escaped = f"replace(replace(replace({clean}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
        value = f"""'<c t="inlineStr"><is><t>' || {escaped} || '</t></is></c>'"""
    elif kind == "number":
        value = f"'<c><v>' || ({expression})::text || '</v></c>'"
    elif kind == "boolean":
        value = f"""'<c t="b"><v>' || ({expression})::int || '</v></c>'"""
    elif kind == "date":  # Excel counts days from 1899-12-30
        value = f"""'<c s="{_DATE_STYLE}"><v>' || (({expression}) - date '1899-12-30') || '</v></c>'"""
    elif kind == "timestamp":
        days = f"extract(epoch from ({expression}) - timestamp '1899-12-30') / 86400"
        value = f"""'<c s="{_DATETIME_STYLE}"><v>' || {days} || '</v></c>'"""
    else:
        raise ValueError(f"unknown cell kind {kind!r}")
    return f"coalesce({value}, '<c/>')"


def row_sql(cells: Iterable[str]) -> str:
    """SQL of one text value holding the cells of a row, in order."""
    return " || ".join(cells)


def workbook(header: list[str], rows: Iterable[str], sheet: str = "datos") -> bytes:
    """The .xlsx of one sheet: `header` as its first row, then each item of `rows` (the
    cells of one row, from row_sql) until the sheet is full; any rows past
    MAX_DATA_ROWS are left out (callers tell the user, knowing the count first)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _WORKBOOK.format(sheet=escape(sheet[:31], {'"': "&quot;"})))
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w") as part:
            titles = "".join(f'<c t="inlineStr"><is><t>{escape(h)}</t></is></c>' for h in header)
            part.write(f'{_SHEET_START}<row r="1">{titles}</row>'.encode())
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
