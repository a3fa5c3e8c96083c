"""What pages read: the company's marts and features, through row-level security, cached
per company.

Every query runs in `tenant(company_id)`, so PostgreSQL shows only that company's rows;
the cache key holds the company and its data version (last finished upload), so a new
upload shows up at once and companies never share an entry. Pages hold no SQL: each
dashboard asks for its frames with `page(...)`, which `ayni bench dashboard` also times.
Tables are read with COPY (streamlit_app/frames.py), and a dashboard reads only the
columns it uses of the widest (PAGE_COLUMNS).
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
from sqlalchemy import text

from ayni.core import marts as registry
from ayni.core import xlsx
from ayni.core.db import tenant
from streamlit_app.frames import read_table

# Marts and their columns come from one registry, the dbt project's model files
# (ayni.core.marts); every mart or column named below is checked against it at import.
# The processed lines (marts.sales_lines, a view over every line): never read whole like
# the other marts. Pages get a count and a preview; files are written by PostgreSQL from
# one streamed query (a million lines through pandas took minutes and a gigabyte).
LINES = "sales_lines"
GRAINS = {"day": "daily_aggregations", "week": "weekly_aggregations",
          "month": "monthly_aggregations", "quarter": "quarterly_aggregations",
          "year": "yearly_aggregations"}
# Every mart a page or a download may read (the lines apart); anything else is refused.
# In the download center's order: the time grains from the day up, then the others as
# dbt declares them.
MARTS = (*GRAINS.values(), *(m for m in registry.MARTS if m not in (LINES, *GRAINS.values())))
# GabeDA's tables (written by workers.features.TABLES, which pages do not import; a test
# checks that the two agree).
FEATURES = ("customer_features", "product_features", "basket_pairs", "hour_features")
# Columns of the lines a download leaves out: company_id is the user's own company on
# every line, loaded_at the warehouse's bookkeeping.
LINE_HIDDEN = registry.require(registry.MARTS, LINES, ("company_id", "loaded_at"))
# What a download of lines holds, in the order dbt declares it, and the kind of each cell
# in a file (from its data_type).
LINE_COLUMNS = {column: registry.kind(data_type)
                for column, data_type in registry.MARTS[LINES].items()
                if column not in LINE_HIDDEN}
LINE_ORDER = "sold_at, document_id, product_id, line_no"
PREVIEW_ROWS = 200
# Rows fetched per round trip while a file is written.
FETCH_ROWS = 10_000
# The frames each dashboard reads (beyond the time grain the user picks).
PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "owner": (("mart", "product_aggregations"), ("mart", "customer_aggregations"),
              ("mart", "category_aggregations"), ("mart", "company_benchmark_position")),
    "operations": (("mart", "product_aggregations"), ("features", "product_features"),
                   ("features", "hour_features")),
    "marketing": (("mart", "customer_aggregations"), ("features", "customer_features"),
                  ("features", "basket_pairs")),
    "finance": (("mart", "category_aggregations"),),
    "benchmarks": (("mart", "company_benchmark_position"),),
}
# What dashboards use of a table too wide to read whole for a large company: the customer
# months of a million lines are 70,000 rows of 28 columns, and reading them all took most
# of a page's time. A page that needs another column of it adds the column here.
PAGE_COLUMNS = {
    mart: registry.require(registry.MARTS, mart, columns) for mart, columns in {
        "customer_aggregations": ("period_start", "customer_id", "is_identified", "net_sales",
                                  "first_purchase_date"),
    }.items()}
# What cards and comparisons sum over exact days: the additive metrics.
DAY_COLUMNS = registry.require(registry.MARTS, GRAINS["day"], (
    "period_start", "net_sales", "gross_sales", "discounts", "returns", "cost", "gross_margin",
    "documents", "lines", "units", "new_customers", "sales_ex_vat", "vat"))
# Date columns pages compare with timestamps: read as datetime64, not datetime.date.
DATETIMES = ("period_start", "first_purchase", "last_purchase", "last_sale")
for _mart in {*GRAINS.values(), *(n for frames in PAGES.values() for k, n in frames if k == "mart")}:
    registry.require(registry.MARTS, _mart)


def data_version(company_id: int) -> str:
    with tenant(company_id) as conn:
        value = conn.execute(
            text("SELECT max(finished_at) FROM app.uploads WHERE status = 'done'")
        ).scalar()
    return str(value)


def _existing(company_id: int) -> set[str]:
    with tenant(company_id) as conn:
        return _tables(conn)


def _tables(conn) -> set[str]:
    """The marts and feature tables built so far (and readable by the app)."""
    return set(conn.execute(text(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema IN ('marts', 'gabeda')")).scalars())


def _read(company_id: int, schema: str, name: str) -> pd.DataFrame:
    """One table of the company (empty before the first upload has made it)."""
    with tenant(company_id) as conn:
        return _read_in(conn, _tables(conn), schema, name)


def _read_in(conn, existing: set[str], schema: str, name: str,
             columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """`_read` inside a tenant transaction, given the tables that exist (and, for a page,
    the columns it uses)."""
    allowed = MARTS if schema == "marts" else FEATURES
    if name not in allowed:
        raise ValueError(f"unknown table {schema}.{name}")
    if f"{schema}.{name}" not in existing:
        return pd.DataFrame()
    frame = read_table(conn, schema, name, columns, datetimes=DATETIMES)
    if "period_start" in frame:
        frame = frame.sort_values("period_start", kind="stable").reset_index(drop=True)
    return frame


def page_tables(page_name: str, grain: str) -> dict[str, tuple]:
    """(schema, table, columns or None for all) of each frame of a dashboard; "period" is
    the grain's mart, "days" the daily one (cards sum the period's exact days)."""
    tables = {"period": ("marts", GRAINS[grain], None),
              "days": ("marts", GRAINS["day"], DAY_COLUMNS)}
    tables.update({name: ("marts" if kind == "mart" else "gabeda", name, PAGE_COLUMNS.get(name))
                   for kind, name in PAGES[page_name]})
    return tables


def load_page(company_id: int, page_name: str, grain: str) -> dict[str, pd.DataFrame]:
    """Every frame a dashboard needs, uncached (the bench times this), in one transaction."""
    with tenant(company_id) as conn:
        existing = _tables(conn)
        return {key: _read_in(conn, existing, *table)
                for key, table in page_tables(page_name, grain).items()}


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def page(company_id: int, page_name: str, grain: str, version: str) -> dict[str, pd.DataFrame]:
    return load_page(company_id, page_name, grain)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def available(company_id: int, version: str) -> list[str]:
    """The marts built so far (a fresh installation has none until its first upload)."""
    existing = _existing(company_id)
    return [m for m in MARTS if f"marts.{m}" in existing]


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def mart(company_id: int, name: str, version: str) -> pd.DataFrame:
    """A whole mart of the company (benchmarks: the published cells), oldest period first."""
    return _read(company_id, "marts", name)


def monthly(company_id: int, version: str) -> pd.DataFrame:
    """marts.monthly_aggregations of the company, oldest month first."""
    return mart(company_id, "monthly_aggregations", version)


# --- processed lines -----------------------------------------------------------------------


def _lines_sql(select: str, upload_id: int | None, tail: str = "") -> str:
    """A query over the company's processed lines (all, or those `upload_id` last wrote).
    Only this module's constants and an integer go into the text."""
    where = f" WHERE upload_id = {int(upload_id)}" if upload_id is not None else ""
    return f"SELECT {select} FROM marts.{LINES}{where}{tail}"


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def lines_ready(company_id: int, version: str) -> bool:
    """Whether the warehouse has the processed lines yet (built by the first dbt run)."""
    return f"marts.{LINES}" in _existing(company_id)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def line_count(company_id: int, upload_id: int | None, version: str) -> int:
    with tenant(company_id) as conn:
        return int(conn.execute(text(_lines_sql("count(*)", upload_id))).scalar())


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def lines_preview(company_id: int, upload_id: int | None, version: str) -> pd.DataFrame:
    """Up to PREVIEW_ROWS lines, in no particular order: ordering them would derive every
    line of the company first (seconds for a million); a preview shows what they hold."""
    cells = ", ".join(f"{_shortest(c, kind)} AS {c}" for c, kind in LINE_COLUMNS.items())
    query = _lines_sql(cells, upload_id, f" LIMIT {PREVIEW_ROWS}")
    with tenant(company_id) as conn:
        frame = pd.read_sql(text(query), conn, coerce_float=False, dtype_backend="numpy_nullable")
    # Typed by the column's kind, so that the page writes each the reader's way (the driver
    # hands numerics and dates over as text here).
    for column, kind in LINE_COLUMNS.items():
        if kind == "number":
            frame[column] = pd.to_numeric(frame[column].astype(object), errors="coerce")
        elif kind in ("date", "timestamp"):
            frame[column] = pd.to_datetime(frame[column].astype(object), errors="coerce")
    return frame


def lines_csv(company_id: int, upload_id: int | None, labels: dict[str, str],
              yes_no: tuple[str, str], language: str = "es") -> bytes:
    """The lines as CSV (UTF-8 with BOM, headers `labels`, booleans `yes_no`), in date
    order, written by PostgreSQL (COPY) with formula-like text neutralised, in the reader's
    convention like every download (exports.to_csv): for es `;` between fields, `,` before
    decimals and dates as 31-12-2025; for en `,`, `.` and ISO dates."""
    spanish = language == "es"
    cells = []
    for column, kind in LINE_COLUMNS.items():
        if kind == "text":
            value = xlsx.neutralized_sql(column)
        elif kind == "boolean":
            yes, no = (_sql_text(word) for word in yes_no)
            value = f"CASE WHEN {column} THEN {yes} ELSE {no} END"
        elif spanish and kind == "number":
            value = f"replace({_shortest(column, kind)}::text, '.', ',')"
        elif spanish and kind in ("date", "timestamp"):
            pattern = "DD-MM-YYYY" if kind == "date" else "DD-MM-YYYY HH24:MI:SS"
            value = f"to_char({column}, '{pattern}')"
        else:
            value = _shortest(column, kind)
        cells.append(f"{value} AS {_sql_name(labels[column])}")
    query = _lines_sql(", ".join(cells), upload_id, f" ORDER BY {LINE_ORDER}")
    out = io.BytesIO()
    out.write("\ufeff".encode())  # BOM: Excel then reads the accents right
    with tenant(company_id) as conn:
        cursor = conn.connection.driver_connection.cursor()
        delimiter = ";" if spanish else ","
        with cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER, "
                         f"DELIMITER '{delimiter}')") as copy:
            for block in copy:
                out.write(block)
    return out.getvalue()


def lines_xlsx(company_id: int, upload_id: int | None, labels: dict[str, str],
               sheet: str) -> bytes:
    """The lines as one Excel sheet (ayni.core.xlsx), in date order, at most
    xlsx.MAX_DATA_ROWS of them (an Excel sheet holds no more); PostgreSQL renders the
    cells, text neutralised like the CSV's."""
    cells = [xlsx.cell_sql(c, kind) for c, kind in LINE_COLUMNS.items()]
    query = _lines_sql(xlsx.row_sql(cells), upload_id,
                       f" ORDER BY {LINE_ORDER} LIMIT {xlsx.MAX_DATA_ROWS}")
    with tenant(company_id) as conn:
        result = conn.execution_options(stream_results=True, yield_per=FETCH_ROWS).execute(
            text(query))
        return xlsx.workbook([labels[c] for c in LINE_COLUMNS], result.scalars(), sheet)


def _shortest(column: str, kind: str) -> str:
    """SQL of a line column as users see it: numbers without trailing zeros (2, not 2.000;
    a load stores one scale per column and chunk, loaders.binary_copy), since in Chile
    "2.000" reads as two thousand."""
    return f"trim_scale({column})" if kind == "number" else column


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_name(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


# --- products as people read them -----------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def products(company_id: int, version: str) -> pd.DataFrame:
    """product_id, product_name and unit_type of each product of the company, as its lines
    say them (max, like the marts' product_name): pages show names, not codes, and write
    quantities in their unit. Empty before the first dbt run made the processed lines."""
    if not lines_ready(company_id, version):
        return pd.DataFrame(columns=["product_id", "product_name", "unit_type"])
    query = _lines_sql("product_id, max(product_name) AS product_name, "
                       "max(unit_type) AS unit_type", None, " GROUP BY product_id")
    with tenant(company_id) as conn:
        return pd.read_sql(text(query), conn)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def units_by_day(company_id: int, version: str) -> pd.DataFrame:
    """period_start (a day), unit_type and units: what the company sold each day in each
    unit type, signed like the marts' units (returns negative), so kilos and units are
    never added together. Empty before the processed lines exist."""
    if not lines_ready(company_id, version):
        return pd.DataFrame(columns=["period_start", "unit_type", "units"])
    query = _lines_sql("sale_date AS period_start, unit_type, sum(quantity) AS units", None,
                       " GROUP BY sale_date, unit_type")
    with tenant(company_id) as conn:
        frame = pd.read_sql(text(query), conn)
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["units"] = frame["units"].astype(float)
    return frame
