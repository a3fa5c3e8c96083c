"""What pages read: the company's marts, through row-level security, cached per company.

Every query runs in `tenant(company_id)`, so PostgreSQL shows only that company's
rows; the cache key holds the company and its data version (last finished upload),
so a new upload shows up at once and companies never share an entry.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import text

from ayni.db import tenant


def data_version(company_id: int) -> str:
    with tenant(company_id) as conn:
        value = conn.execute(
            text("SELECT max(finished_at) FROM app.uploads WHERE status = 'done'")
        ).scalar()
    return str(value)


@st.cache_data(show_spinner=False, max_entries=256)
def monthly(company_id: int, version: str) -> pd.DataFrame:
    """marts.monthly_aggregations of the company, oldest month first."""
    with tenant(company_id) as conn:
        return pd.read_sql(
            text("SELECT * FROM marts.monthly_aggregations ORDER BY period_start"), conn,
            parse_dates=["period_start"],
        )
