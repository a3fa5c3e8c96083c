"""`ayni bench xlsx`: the lines download as an Excel file, `lines` lines of its shape
(streamlit_app.data.LINE_COLUMNS: 25 columns of numbers, texts, a boolean, a date and a
timestamp), written by each candidate writer, from the same query, in the same run.

Set-up (untimed): a scratch database with one table of `lines` generated lines (numeric
columns as in marts.sales_lines, about one text in a thousand starting like a formula, a
third of the lines without a customer), then VACUUM ANALYZE.

Each candidate runs in a child process of its own (its own peak memory), reads the rows
with one streamed query (as the page does) and writes one .xlsx file:
- fetch: the query only, rows fetched and dropped: the floor of every candidate;
- handwritten: ayni.core.xlsx, the one writer every download uses, as
  streamlit_app.data.lines_xlsx calls it: PostgreSQL renders each row's cells as
  SpreadsheetML, Python zips them into a file held in memory (as the page hands it over);
- openpyxl: typed rows into openpyxl's write_only workbook;
- xlsxwriter: typed rows into XlsxWriter's constant_memory workbook (the test extra; left
  out when it is not installed).
The library candidates write to a file on disk; none of the files is read back here
(tests/unit/test_xlsx.py reads the writer's files back with openpyxl).

Figures per candidate: seconds, peak RSS (MB) and file size (MB); ratios: each library's
seconds over the writer's (`<name>_vs_handwritten`, above 1 is slower than ayni.core.xlsx).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import psycopg

from bench.common import (
    Stopwatch,
    peak_rss_mb,
    report,
    run_child,
    scratch_database,
    vacuum_analyze,
)

TABLE = "public.bench_lines"
FETCH_ROWS = 10_000
# The lines download's columns and the kind of each cell (streamlit_app.data.LINE_COLUMNS).
COLUMNS = {
    "upload_id": "number", "sold_at": "timestamp", "sale_date": "date", "document_id": "text",
    "trans_type": "text", "is_return": "boolean", "line_no": "number", "product_id": "text",
    "product_name": "text", "category": "text", "unit_type": "text", "customer_id": "text",
    "quantity": "number", "unit_price": "number", "list_total": "number",
    "discount_total": "number", "line_total": "number", "sales_ex_vat": "number",
    "vat": "number", "unit_cost": "number", "cost_total": "number", "cost_ex_vat": "number",
    "commission_total": "number", "margin": "number", "stock": "number",
}

CREATE = f"""
CREATE TABLE {TABLE} AS
WITH g AS (
  SELECT n, CASE WHEN n % 7 = 0 THEN round((n % 2000) / 1000.0 + 0.105, 3)
                 ELSE (n % 5 + 1)::numeric END AS quantity,
         (100 * (n % 500 + 1))::numeric AS unit_price
  FROM generate_series(1, %(lines)s) AS n)
SELECT 1 + n / 50000 AS upload_id,
       timestamp '2024-10-01 08:00' + n * interval '29 seconds' AS sold_at,
       (timestamp '2024-10-01 08:00' + n * interval '29 seconds')::date AS sale_date,
       'B-' || (n / 4) AS document_id,
       CASE WHEN n % 50 = 0 THEN 'nota de crédito' ELSE 'boleta' END AS trans_type,
       n % 50 = 0 AS is_return, (n % 4 + 1)::integer AS line_no,
       'SKU-' || (n % 3000) AS product_id,
       CASE WHEN n % 997 = 0 THEN '=HYPERLINK("http://x","clic")'
            ELSE 'Producto número ' || (n % 3000) || ' & cía' END AS product_name,
       'Categoría ' || (n % 40) AS category,
       CASE WHEN n % 7 = 0 THEN 'kg' ELSE 'unidad' END AS unit_type,
       CASE WHEN n % 3 = 0 THEN NULL ELSE (10000000 + n % 20000) || '-' || (n % 10) END
         AS customer_id,
       quantity::numeric(18, 4), unit_price::numeric(18, 4),
       (quantity * unit_price)::numeric(18, 4) AS list_total,
       (CASE WHEN n % 11 = 0 THEN 100 ELSE 0 END)::numeric(18, 4) AS discount_total,
       (quantity * unit_price)::numeric(18, 4) AS line_total,
       round(quantity * unit_price / 1.19, 4)::numeric(18, 4) AS sales_ex_vat,
       round(quantity * unit_price * 0.19 / 1.19, 4)::numeric(18, 4) AS vat,
       round(unit_price * 0.6, 4)::numeric(18, 4) AS unit_cost,
       round(quantity * unit_price * 0.6, 4)::numeric(18, 4) AS cost_total,
       round(quantity * unit_price * 0.6 / 1.19, 4)::numeric(18, 4) AS cost_ex_vat,
       0::numeric(18, 4) AS commission_total,
       round(quantity * unit_price * 0.4 / 1.19, 4)::numeric(18, 4) AS margin,
       (CASE WHEN n % 5 = 0 THEN NULL ELSE n % 300 END)::numeric(18, 4) AS stock
FROM g
"""


def _typed_sql() -> str:
    """The query of the library candidates: typed values (numbers shortest, text neutralised
    by the rule of ayni.core.xlsx)."""
    from ayni.core import xlsx

    cells = []
    for column, kind in COLUMNS.items():
        if kind == "number":
            cells.append(f"trim_scale({column}) AS {column}")
        elif kind == "text":
            cells.append(f"{xlsx.neutralized_sql(column)} AS {column}")
        else:
            cells.append(column)
    return f"SELECT {', '.join(cells)} FROM {TABLE}"


def _typed_rows(conninfo: str) -> Iterable[tuple]:
    with psycopg.connect(conninfo) as conn, conn.cursor("lines") as cursor:
        cursor.itersize = FETCH_ROWS
        cursor.execute(_typed_sql())
        yield from cursor


# --- the one writer: PostgreSQL renders the cells (as streamlit_app.data.lines_xlsx) ------


def handwritten(conninfo: str, path: Path) -> int:
    """The lines download's path: one query rendering each row's cells (ayni.core.xlsx
    cell_sql), streamed into ayni.core.xlsx.workbook, the file in memory (as the page hands
    it to the browser), then saved."""
    from ayni.core import xlsx

    cells = [xlsx.cell_sql(column, kind) for column, kind in COLUMNS.items()]
    query = f"SELECT {xlsx.row_sql(cells)} FROM {TABLE}"
    count = 0

    def rows():
        nonlocal count
        with psycopg.connect(conninfo) as conn, conn.cursor("lines") as cursor:
            cursor.itersize = FETCH_ROWS
            cursor.execute(query)
            for count, (row,) in enumerate(cursor, start=1):
                yield row

    path.write_bytes(xlsx.workbook(list(COLUMNS), rows(), "lineas"))
    return count

# --- the library candidates ----------------------------------------------------------------


def fetch(conninfo: str, path: Path) -> int:
    count = 0
    for count, _ in enumerate(_typed_rows(conninfo), start=1):
        pass
    path.write_bytes(b"")
    return count


def openpyxl_write_only(conninfo: str, path: Path) -> int:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("lineas")
    sheet.append(list(COLUMNS))
    kinds = list(COLUMNS.values())
    count = 0
    day, moment = "DD-MM-YYYY", "DD-MM-YYYY HH:MM:SS"
    for count, row in enumerate(_typed_rows(conninfo), start=1):
        out = []
        for value, kind in zip(row, kinds):
            if kind in ("date", "timestamp") and value is not None:
                cell = WriteOnlyCell(sheet, value)
                cell.number_format = day if kind == "date" else moment
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
    book.save(path)
    return count


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xlsxwriter_constant_memory(conninfo: str, path: Path) -> int:
    """The rows into XlsxWriter's constant_memory workbook, each value by its type, text
    neutralised and never a formula, URL or number."""
    import xlsxwriter  # the test extra: only this comparison uses it

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False, "tmpdir": str(path.parent)}
    book = xlsxwriter.Workbook(str(path), options)
    sheet = book.add_worksheet("lineas")
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    moment = book.add_format({"num_format": "dd-mm-yyyy hh:mm:ss"})
    text, number, boolean, stamp = (sheet.write_string, sheet.write_number,
                                    sheet.write_boolean, sheet.write_datetime)
    for c, title in enumerate(COLUMNS):
        text(0, c, title)
    count = 0
    for count, row in enumerate(_typed_rows(conninfo), start=1):
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                text(count, c, _ILLEGAL.sub("", value))
            elif kind is Decimal or kind is int or kind is float:
                number(count, c, value)
            elif value is None:
                continue
            elif kind is bool:
                boolean(count, c, value)
            elif kind is datetime:
                stamp(count, c, value, moment)
            else:
                stamp(count, c, value, day)
    book.close()
    return count


CANDIDATES = {"fetch": fetch, "handwritten": handwritten, "openpyxl": openpyxl_write_only,
              "xlsxwriter": xlsxwriter_constant_memory}


def child(name: str, conninfo: str, path: Path) -> dict:
    with Stopwatch() as watch:
        rows = CANDIDATES[name](conninfo, path)
    return {"seconds": watch.seconds, "rows": rows, "peak_rss_mb": peak_rss_mb(),
            "file_mb": path.stat().st_size / 2**20}


def run(lines: int, say=print, candidates: Iterable[str] = tuple(CANDIDATES)) -> dict:
    figures: dict[str, dict] = {}
    with scratch_database() as db, tempfile.TemporaryDirectory() as folder:
        say(f"Generating {lines:,} lines…")
        with psycopg.connect(db.conninfo) as conn:
            conn.execute(CREATE.replace("%(lines)s", str(int(lines))))
        vacuum_analyze(db.conninfo, TABLE)
        for name in candidates:
            if name == "xlsxwriter" and importlib.util.find_spec("xlsxwriter") is None:
                say("  xlsxwriter   not installed (pip install -e '.[test]'): left out")
                continue
            path = Path(folder) / f"{name}.xlsx"
            fig = run_child("bench.xlsx", "child", name, db.conninfo, str(path))
            if fig["rows"] != lines:
                raise RuntimeError(f"{name} wrote {fig['rows']} rows, expected {lines}")
            path.unlink(missing_ok=True)
            figures[name] = fig
            say(f"  {name:<12} {fig['seconds']:7.2f} s  peak {fig['peak_rss_mb']:6.0f} MB  "
                f"file {fig['file_mb']:6.1f} MB")
    out: dict = {"lines": lines, "columns": len(COLUMNS)}
    for name, fig in figures.items():
        out[f"{name}_s"] = round(fig["seconds"], 2)
        out[f"{name}_peak_rss_mb"] = round(fig["peak_rss_mb"], 1)
        if name != "fetch":
            out[f"{name}_file_mb"] = round(fig["file_mb"], 1)
    base = figures.get("handwritten")
    for name, fig in figures.items():
        if base and name not in ("fetch", "handwritten"):
            out[f"{name}_vs_handwritten"] = round(fig["seconds"] / base["seconds"], 3)
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.xlsx")
    sub = parser.add_subparsers(dest="cmd", required=True)
    one = sub.add_parser("child")
    one.add_argument("name", choices=CANDIDATES)
    one.add_argument("conninfo")
    one.add_argument("path", type=Path)
    whole = sub.add_parser("run")
    whole.add_argument("--lines", type=int, default=1_000_000)
    whole.add_argument("--only", nargs="*", default=list(CANDIDATES))
    args = parser.parse_args(argv)
    if args.cmd == "child":
        print(json.dumps(child(args.name, args.conninfo, args.path)))
    else:
        report("xlsx", run(args.lines, candidates=args.only))


if __name__ == "__main__":
    main(sys.argv[1:])
