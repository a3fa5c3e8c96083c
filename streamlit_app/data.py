"""What pages read: the company's marts, through row-level security, cached per company.

Every query runs in `tenant(company_id)`, so PostgreSQL shows only that company's
rows; the cache key holds the company and its data version (last finished upload),
so a new upload shows up at once and companies never share an entry. Pages hold no SQL.
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


def data_version(company_id: int) -> str:
    with tenant(company_id) as conn:
        value = conn.execute(
            text("SELECT max(finished_at) FROM app.uploads WHERE status = 'done'")
        ).scalar()
    return str(value)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def available(company_id: int, version: str) -> list[str]:
    """The marts built so far (a fresh installation has none until its first upload)."""
    with tenant(company_id) as conn:
        names = set(conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'"
        )).scalars())
    return [m for m in MARTS if m in names]


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def mart(company_id: int, name: str, version: str) -> pd.DataFrame:
    """A whole mart of the company (benchmarks: the published cells), oldest period first."""
    if name not in MARTS:
        raise ValueError(f"unknown mart {name}")
    with tenant(company_id) as conn:
        frame = pd.read_sql(text(f"SELECT * FROM marts.{name}"), conn)
    if "period_start" in frame:
        frame["period_start"] = pd.to_datetime(frame["period_start"])
        frame = frame.sort_values("period_start", kind="stable").reset_index(drop=True)
    return frame


def monthly(company_id: int, version: str) -> pd.DataFrame:
    """marts.monthly_aggregations of the company, oldest month first (empty before the
    first upload has built it)."""
    if "monthly_aggregations" not in available(company_id, version):
        return pd.DataFrame()
    return mart(company_id, "monthly_aggregations", version)
