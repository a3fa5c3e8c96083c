"""What pages read: the company's marts and features, through row-level security, cached
per company.

Every query runs in `tenant(company_id)`, so PostgreSQL shows only that company's rows;
the cache key holds the company and its data version (last finished upload), so a new
upload shows up at once and companies never share an entry. Pages hold no SQL: each
dashboard asks for its frames with `page(...)`, which `ayni bench dashboard` also times.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import text

from ayni.db import tenant

# Every mart a page or a download may read; anything else is refused.
MARTS = ("daily_aggregations", "weekly_aggregations", "monthly_aggregations",
         "quarterly_aggregations", "yearly_aggregations", "product_aggregations",
         "customer_aggregations", "category_aggregations", "company_benchmark_position",
         "benchmarks")
GRAINS = {"day": "daily_aggregations", "week": "weekly_aggregations",
          "month": "monthly_aggregations", "quarter": "quarterly_aggregations",
          "year": "yearly_aggregations"}
FEATURES = ("customer_features", "product_features", "basket_pairs", "hour_features")
# The frames each dashboard reads (beyond the time grain the user picks).
PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "owner": (("mart", "product_aggregations"), ("mart", "customer_aggregations"),
              ("mart", "company_benchmark_position")),
    "operations": (("mart", "product_aggregations"), ("features", "product_features"),
                   ("features", "hour_features")),
    "marketing": (("mart", "customer_aggregations"), ("features", "customer_features"),
                  ("features", "basket_pairs")),
    "finance": (("mart", "category_aggregations"),),
    "benchmarks": (("mart", "company_benchmark_position"),),
}


def data_version(company_id: int) -> str:
    with tenant(company_id) as conn:
        value = conn.execute(
            text("SELECT max(finished_at) FROM app.uploads WHERE status = 'done'")
        ).scalar()
    return str(value)


def _existing(company_id: int) -> set[str]:
    with tenant(company_id) as conn:
        return set(conn.execute(text(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema IN ('marts', 'gabeda')")).scalars())


def _read(company_id: int, schema: str, name: str) -> pd.DataFrame:
    """One table of the company (empty before the first upload has made it)."""
    allowed = MARTS if schema == "marts" else FEATURES
    if name not in allowed:
        raise ValueError(f"unknown table {schema}.{name}")
    if f"{schema}.{name}" not in _existing(company_id):
        return pd.DataFrame()
    with tenant(company_id) as conn:
        frame = pd.read_sql(text(f"SELECT * FROM {schema}.{name}"), conn)
    for column in ("period_start", "first_purchase", "last_purchase", "last_sale"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    if "period_start" in frame:
        frame = frame.sort_values("period_start", kind="stable").reset_index(drop=True)
    return frame


def load_page(company_id: int, page_name: str, grain: str) -> dict[str, pd.DataFrame]:
    """Every frame a dashboard needs, uncached (the bench times this)."""
    frames = {"period": _read(company_id, "marts", GRAINS[grain])}
    for kind, name in PAGES[page_name]:
        frames[name] = _read(company_id, "marts" if kind == "mart" else "gabeda", name)
    return frames


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
