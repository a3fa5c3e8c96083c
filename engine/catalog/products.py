"""Attributes of the products model: one row per in_product_id."""

from __future__ import annotations

import pandas as pd
from pandas.core.groupby import SeriesGroupBy

from engine.catalog.base import registry
from engine.catalog.helpers import days_until

registry.model("products", keys=("in_product_id",), source="lines", description="One row per product.")


@registry.attribute(
    "products", dtype="float", unit="CLP", description="Sum of line totals, returns counted as negative."
)
def revenue(signed_total: SeriesGroupBy) -> pd.Series:
    return signed_total.sum()


@registry.attribute("products", dtype="float", unit="units", description="Units sold, returns counted as negative.")
def units(signed_quantity: SeriesGroupBy) -> pd.Series:
    return signed_quantity.sum()


@registry.attribute(
    "products", dtype="int", unit="documents", description="Distinct documents (in_trans_id) with a sale line of it."
)
def documents(sale_doc: SeriesGroupBy) -> pd.Series:
    return sale_doc.nunique()


@registry.attribute("products", dtype="date", description="Date of the product's last sale line (returns excluded).")
def last_sale(sale_dt: SeriesGroupBy) -> pd.Series:
    return sale_dt.max().dt.normalize()


@registry.attribute(
    "products", dtype="int", unit="days", description="Days from the last sale to the as_of date."
)
def days_since_last_sale(last_sale: pd.Series, as_of: pd.Timestamp | None) -> pd.Series:
    return days_until(last_sale, as_of)
