"""Attributes of the customers model: one row per in_customer_id (lines with a customer)."""

from __future__ import annotations

import pandas as pd
from pandas.core.groupby import SeriesGroupBy

from engine.catalog.base import registry
from engine.catalog.helpers import days_until

registry.model(
    "customers",
    keys=("in_customer_id",),
    source="lines",
    where="has_customer",
    description="One row per customer, from the lines that name one.",
)


@registry.attribute("customers", dtype="date", description="Date of the customer's first sale line (returns excluded).")
def first_purchase(sale_dt: SeriesGroupBy) -> pd.Series:
    return sale_dt.min().dt.normalize()


@registry.attribute("customers", dtype="date", description="Date of the customer's last sale line (returns excluded).")
def last_purchase(sale_dt: SeriesGroupBy) -> pd.Series:
    return sale_dt.max().dt.normalize()


@registry.attribute(
    "customers", dtype="int", unit="documents", description="Distinct documents (in_trans_id) among sale lines."
)
def documents(sale_doc: SeriesGroupBy) -> pd.Series:
    return sale_doc.nunique()


@registry.attribute(
    "customers", dtype="float", unit="CLP", description="Sum of line totals, returns counted as negative."
)
def revenue(signed_total: SeriesGroupBy) -> pd.Series:
    return signed_total.sum()


@registry.attribute("customers", dtype="float", unit="units", description="Units bought, returns counted as negative.")
def units(signed_quantity: SeriesGroupBy) -> pd.Series:
    return signed_quantity.sum()


@registry.attribute(
    "customers", dtype="float", unit="CLP", description="Revenue per document (missing without a sale document)."
)
def avg_ticket(revenue: pd.Series, documents: pd.Series) -> pd.Series:
    return revenue / documents.where(documents > 0)


@registry.attribute(
    "customers", dtype="int", unit="days", description="Days from the last purchase to the as_of date."
)
def recency_days(last_purchase: pd.Series, as_of: pd.Timestamp | None) -> pd.Series:
    return days_until(last_purchase, as_of)
