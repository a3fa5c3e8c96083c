"""Attributes of the products model: one row per in_product_id."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.core.groupby import SeriesGroupBy

from engine.catalog.base import registry
from engine.catalog.helpers import categorical, days_until, margin_and_percent, sale_days
from engine.groups import Groups

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
def documents(basket_item: SeriesGroupBy) -> pd.Series:
    return basket_item.sum()  # one basket item per (document, product)


@registry.attribute("products", dtype="date", description="Date of the product's last sale line (returns excluded).")
def last_sale(sale_dt: SeriesGroupBy) -> pd.Series:
    return sale_dt.max().dt.normalize()


@registry.attribute(
    "products", dtype="int", unit="days", description="Days from the last sale to the as_of date."
)
def days_since_last_sale(last_sale: pd.Series, as_of: pd.Timestamp | None) -> np.ndarray:
    return days_until(last_sale, as_of)


# -- margin ------------------------------------------------------------------------------


@registry.attribute(
    "products",
    dtype="float",
    unit="CLP",
    description="Gross margin without IVA: sum of signed_margin (sales without IVA − cost without IVA − "
    "commission; returns take theirs back); missing when no line of the product has a known cost.",
)
def margin(signed_margin: SeriesGroupBy, costed_total: SeriesGroupBy) -> pd.Series:
    return margin_and_percent(signed_margin, costed_total)[0]


@registry.attribute(
    "products",
    dtype="float",
    unit="%",
    description="margin as a percentage of the sales without IVA of the lines with a known cost "
    "(costed_total); missing when those sales are not positive. A product that costs 0 has 100 %.",
)
def margin_pct(signed_margin: SeriesGroupBy, costed_total: SeriesGroupBy) -> pd.Series:
    return margin_and_percent(signed_margin, costed_total)[1]


registry.param("margin_critical_pct", 15.0, "margin_health is critical below this margin %.")
registry.param("margin_low_pct", 25.0, "margin_health is low below this margin % (and at least critical's).")
registry.param("margin_healthy_pct", 35.0, "margin_health is healthy below this margin %; excellent from it up.")
MARGIN_HEALTH = ("critical", "low", "healthy", "excellent")


@registry.attribute(
    "products",
    dtype="text",
    description="critical (margin_pct < 15), low (< 25), healthy (< 35) or excellent (>= 35), with the "
    "margin_*_pct params (margin on sales without IVA); missing without margin_pct.",
)
def margin_health(margin_pct: pd.Series, params: dict) -> pd.Categorical:
    edges = [params["margin_critical_pct"], params["margin_low_pct"], params["margin_healthy_pct"]]
    pct = margin_pct.to_numpy(dtype="float64", na_value=np.nan)
    band = np.searchsorted(np.asarray(edges, dtype="float64"), pct, side="right")
    return categorical(np.where(np.isnan(pct), -1, band), MARGIN_HEALTH)


# -- revenue ranking (ABC) -------------------------------------------------------------------

registry.param(
    "abc_a_pct", 80.0, "ABC: a product is A while the products ranked above it hold less than this % of revenue."
)
registry.param("abc_b_pct", 95.0, "ABC: else B while the products ranked above it hold less than this % of revenue.")


@registry.attribute(
    "products",
    dtype="float",
    unit="%",
    description="revenue as a percentage of the summed revenue of the products with positive revenue (the "
    "same base as cumulative_share, so the shares of those products add up to 100).",
)
def revenue_share(revenue: pd.Series) -> pd.Series:
    base = revenue[revenue > 0].sum()
    return revenue / base * 100.0 if base > 0 else revenue * np.nan


def _running_share(revenue: pd.Series, revenue_share: pd.Series, inclusive: bool) -> np.ndarray:
    """revenue_share summed over the products ranked above (and, inclusive, this one); products by
    revenue, largest first, a tie to the lower product id (index order). NaN when revenue <= 0."""
    rev = revenue.to_numpy(dtype="float64", na_value=np.nan)
    order = np.lexsort((np.arange(len(rev)), -np.nan_to_num(rev, nan=-np.inf)))
    share = np.nan_to_num(revenue_share.to_numpy(dtype="float64", na_value=0.0))[order]
    total = np.cumsum(share)
    running = np.empty(len(rev))
    # The exclusive sum is shifted, not subtracted, so a running 80 stays exactly 80.
    running[order] = total if inclusive else np.concatenate([[0.0], total[:-1]])[: len(total)]
    return np.where(rev > 0, running, np.nan)


@registry.attribute(
    "products",
    dtype="float",
    unit="%",
    description="Running total of revenue_share with products ranked by revenue (largest first, a tie to the "
    "lower id), this product included; missing for products whose revenue is not positive.",
)
def cumulative_share(revenue: pd.Series, revenue_share: pd.Series) -> np.ndarray:
    return _running_share(revenue, revenue_share, inclusive=True)


ABC = ("A", "B", "C")


@registry.attribute(
    "products",
    dtype="text",
    description="ABC class by cumulative_share: A while the products ranked above it hold less than abc_a_pct "
    "(80 %) of revenue (so the product that crosses 80 % is still A), B while they hold less than abc_b_pct "
    "(95 %), C the rest and every product whose revenue is not positive.",
)
def abc_class(revenue: pd.Series, revenue_share: pd.Series, params: dict) -> pd.Categorical:
    before = _running_share(revenue, revenue_share, inclusive=False)
    edges = np.array([params["abc_a_pct"], params["abc_b_pct"]], dtype="float64")
    # Strictly below an edge is inside that class: searchsorted 'right' counts the edges <= value.
    cls = np.searchsorted(edges, before, side="right")
    return categorical(np.where(np.isnan(before), 2, cls), ABC)


# -- movement --------------------------------------------------------------------------------


@registry.attribute(
    "products", dtype="int", unit="days", description="Distinct calendar days with a sale line of the product."
)
def selling_days(day_number: SeriesGroupBy, is_return: SeriesGroupBy, groups: Groups) -> np.ndarray:
    return sale_days(day_number, is_return, groups)


@registry.attribute(
    "products",
    dtype="float",
    unit="units/day",
    description="Units (net of returns) per selling day; missing without a selling day.",
)
def velocity(units: pd.Series, selling_days: pd.Series) -> pd.Series:
    return units / selling_days.where(selling_days > 0)


registry.param("dead_stock_days", 30, "A product that sold before is dead stock after this many days without a sale.")


@registry.attribute(
    "products",
    dtype="bool",
    description="True when the product sold before but not in the last dead_stock_days (30): "
    "days_since_last_sale >= 30. False for a product that never sold (only returns).",
)
def dead_stock(days_since_last_sale: pd.Series, params: dict) -> np.ndarray:
    days = days_since_last_sale.to_numpy(dtype="float64", na_value=np.nan)
    return days >= params["dead_stock_days"]  # NaN (never sold) compares False


QUADRANTS = ("Star", "Workhorse", "Cash cow", "Dog")


@registry.attribute(
    "products",
    dtype="text",
    description="By the medians over the products with both values: Star (revenue and margin_pct, on sales "
    "without IVA, at or above their medians), Workhorse (high revenue, margin_pct below its median), Cash cow "
    "(revenue below its median, high margin_pct), Dog (both below); missing without margin_pct.",
)
def quadrant(revenue: pd.Series, margin_pct: pd.Series) -> pd.Categorical:
    rev = revenue.to_numpy(dtype="float64", na_value=np.nan)
    pct = margin_pct.to_numpy(dtype="float64", na_value=np.nan)
    ok = ~np.isnan(rev) & ~np.isnan(pct)
    codes = np.full(len(rev), -1)
    if ok.any():
        high_rev = rev[ok] >= np.median(rev[ok])
        high_pct = pct[ok] >= np.median(pct[ok])
        codes[ok] = np.where(high_rev, np.where(high_pct, 0, 1), np.where(high_pct, 2, 3))
    return categorical(codes, QUADRANTS)
