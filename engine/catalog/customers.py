"""Attributes of the customers model: one row per in_customer_id (lines with a customer)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.core.groupby import SeriesGroupBy

from engine.catalog.base import registry
from engine.catalog.helpers import (
    margin_and_percent,
    categorical,
    codes_of,
    day_numbers,
    days_until,
    int_values,
    join_codes,
    quintile_score,
    sale_days,
    values,
)
from engine.groups import Groups

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
def documents(sale_doc: SeriesGroupBy, groups: Groups) -> np.ndarray:
    return groups.distinct(values(sale_doc).to_numpy(dtype=np.int64, na_value=-1))


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
    "customers",
    dtype="float",
    unit="CLP",
    description="Gross margin without IVA of the customer's lines: sum of signed_margin (returns take theirs "
    "back); missing when none of them has a known cost.",
)
def margin(signed_margin: SeriesGroupBy, costed_total: SeriesGroupBy) -> pd.Series:
    return margin_and_percent(signed_margin, costed_total)[0]


@registry.attribute(
    "customers",
    dtype="float",
    unit="%",
    description="margin as a percentage of the sales without IVA of the customer's lines with a known cost "
    "(costed_total); missing when those sales are not positive.",
)
def margin_pct(signed_margin: SeriesGroupBy, costed_total: SeriesGroupBy) -> pd.Series:
    return margin_and_percent(signed_margin, costed_total)[1]


@registry.attribute(
    "customers", dtype="int", unit="days", description="Days from the last purchase to the as_of date."
)
def recency_days(last_purchase: pd.Series, as_of: pd.Timestamp | None) -> np.ndarray:
    return days_until(last_purchase, as_of)


# -- purchase rhythm at daily granularity (the sense of the lifetimes package) -----------


@registry.attribute(
    "customers",
    dtype="int",
    unit="days",
    description="Distinct calendar days with a sale line (several documents on one day are one purchase day).",
)
def purchase_days(day_number: SeriesGroupBy, is_return: SeriesGroupBy, groups: Groups) -> np.ndarray:
    return sale_days(day_number, is_return, groups)


@registry.attribute(
    "customers",
    dtype="int",
    unit="purchases",
    description="Repeat purchases: purchase days after the first one (lifetimes' frequency with freq='D'; "
    "missing without a purchase).",
)
def repeat_frequency(purchase_days: pd.Series) -> pd.Series:
    return (purchase_days - 1).where(purchase_days > 0)


@registry.attribute(
    "customers",
    dtype="int",
    unit="days",
    description="Days from the first to the last purchase (lifetimes' recency; 0 after one purchase day). "
    "Not recency_days, which counts days since the last purchase.",
)
def repeat_recency_days(first_purchase: pd.Series, last_purchase: pd.Series) -> np.ndarray:
    return day_numbers(last_purchase) - day_numbers(first_purchase)


@registry.attribute(
    "customers",
    dtype="int",
    unit="days",
    description="Days from the first purchase to the as_of date (lifetimes' T).",
)
def age_days(first_purchase: pd.Series, as_of: pd.Timestamp | None) -> np.ndarray:
    return days_until(first_purchase, as_of)


@registry.attribute(
    "customers",
    dtype="float",
    unit="CLP",
    description="Mean value of a repeat purchase day: sale line totals on the days after the first purchase "
    "day, divided by repeat_frequency; 0 with no repeat purchase (lifetimes' monetary_value).",
)
def mean_repeat_value(
    signed_total: SeriesGroupBy, day_number: SeriesGroupBy, is_return: SeriesGroupBy, first_purchase: pd.Series,
    repeat_frequency: pd.Series, groups: Groups,
) -> pd.Series:
    day, valid = int_values(values(day_number))
    first = day_numbers(first_purchase)[np.maximum(groups.ids, 0)]
    later = valid & ~values(is_return).to_numpy() & (day > first)  # NaN first day (no purchase) is False
    total = groups.sum(np.where(later, values(signed_total).to_numpy(), 0.0))
    mean = total / repeat_frequency.where(repeat_frequency > 0)
    return mean.where(repeat_frequency != 0, 0.0)


@registry.attribute(
    "customers",
    dtype="float",
    unit="days",
    description="Mean days between purchases: repeat_recency_days / repeat_frequency (missing with fewer "
    "than two purchase days).",
)
def mean_days_between(repeat_recency_days: pd.Series, repeat_frequency: pd.Series) -> pd.Series:
    return repeat_recency_days / repeat_frequency.where(repeat_frequency > 0)


# -- RFM ---------------------------------------------------------------------------------

QUINTILES = (
    "by quintile of the customers with a purchase: the cut points are the 20/40/60/80 % quantiles "
    "(linear interpolation); ties share a score, and a value equal to a cut point counts as below it"
)


@registry.attribute(
    "customers",
    dtype="int",
    description=f"Recency score 1-5 {QUINTILES}; fewer recency_days = higher score.",
)
def r_score(recency_days: pd.Series) -> pd.Series:
    return quintile_score(recency_days, lower_is_better=True)


@registry.attribute(
    "customers",
    dtype="int",
    description=f"Frequency score 1-5 on documents {QUINTILES}; missing without a purchase.",
)
def f_score(documents: pd.Series) -> pd.Series:
    return quintile_score(documents.where(documents > 0))


@registry.attribute(
    "customers",
    dtype="int",
    description=f"Monetary score 1-5 on revenue {QUINTILES}; missing without a purchase.",
)
def m_score(revenue: pd.Series, documents: pd.Series) -> pd.Series:
    return quintile_score(revenue.where(documents > 0))


SEGMENTS = (
    "Champions", "Loyal", "Potential loyalist", "New", "Promising", "Need attention",
    "About to sleep", "At risk", "Cannot lose", "Hibernating", "Lost",
)
# Rows: R score 1..5; columns: F score 1..5 (the common R/F grid, its low corner split into
# Hibernating and Lost by recency).
SEGMENT_GRID = (
    ("Lost", "Lost", "At risk", "At risk", "Cannot lose"),
    ("Hibernating", "Hibernating", "At risk", "At risk", "Cannot lose"),
    ("About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"),
    ("Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Loyal"),
    ("New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"),
)


def _grid_text() -> str:
    cells: dict[str, list[str]] = {s: [] for s in SEGMENTS}
    for r, row in enumerate(SEGMENT_GRID, start=1):
        for f, segment in enumerate(row, start=1):
            cells[segment].append(f"R{r}F{f}")
    return "; ".join(f"{s} = {' '.join(c)}" for s, c in cells.items())


@registry.attribute(
    "customers",
    dtype="text",
    description=f"RFM segment from the R and F scores: {_grid_text()}. Missing without a purchase.",
)
def rfm_segment(r_score: pd.Series, f_score: pd.Series) -> pd.Series:
    grid = np.array([[SEGMENTS.index(s) for s in row] for row in SEGMENT_GRID])
    r = r_score.to_numpy(dtype="float64", na_value=np.nan)
    f = f_score.to_numpy(dtype="float64", na_value=np.nan)
    ok = ~np.isnan(r) & ~np.isnan(f)
    codes = np.full(len(r), -1)
    codes[ok] = grid[r[ok].astype(int) - 1, f[ok].astype(int) - 1]
    return pd.Series(categorical(codes, SEGMENTS), index=r_score.index)


STATUSES = ("active", "at risk", "churned")
registry.param("churn_days", 90, "A customer is churned after more than this many days without a purchase.")
registry.param(
    "at_risk_gap_factor",
    2.0,
    "A customer is at risk when the days since the last purchase exceed this factor times the customer's "
    "usual gap (mean_days_between).",
)


@registry.attribute(
    "customers",
    dtype="text",
    description="active, at risk or churned: churned when recency_days > churn_days (90); else at risk when "
    "recency_days > at_risk_gap_factor (2) × mean_days_between; a customer with one purchase day has no gap "
    "of their own and is measured against the median mean_days_between of the company's customers (never "
    "at risk, only churned, when no customer has bought twice); else active. Missing without a purchase.",
)
def status(recency_days: pd.Series, mean_days_between: pd.Series, params: dict) -> pd.Series:
    recency = recency_days.to_numpy(dtype="float64", na_value=np.nan)
    gap = mean_days_between.to_numpy(dtype="float64", na_value=np.nan)
    usual = np.nanmedian(gap) if (~np.isnan(gap)).any() else np.nan
    gap = np.where(np.isnan(gap), usual, gap)
    churned = recency > params["churn_days"]
    at_risk = ~churned & (recency > params["at_risk_gap_factor"] * gap)  # NaN gap: never at risk
    codes = np.where(churned, 2, np.where(at_risk, 1, 0))
    return pd.Series(categorical(np.where(np.isnan(recency), -1, codes), STATUSES), index=recency_days.index)


# -- habits --------------------------------------------------------------------------------


@registry.attribute(
    "customers",
    dtype="int",
    description="Weekday (0 = Monday … 6 = Sunday) of most of the customer's sale documents; a tie goes to "
    "the earlier weekday.",
)
def preferred_weekday(weekday: SeriesGroupBy, doc_first: SeriesGroupBy, groups: Groups) -> np.ndarray:
    codes = values(weekday).to_numpy(dtype=np.int64, na_value=-1)
    best = groups.mode(codes, 7, rows=values(doc_first).to_numpy())
    return best


@registry.attribute(
    "customers",
    dtype="text",
    description="Day segment (morning, afternoon, evening, night) of most of the customer's sale documents; "
    "a tie goes to the earlier segment of the day.",
)
def preferred_day_segment(day_segment: SeriesGroupBy, doc_first: SeriesGroupBy, groups: Groups) -> pd.Categorical:
    segments = values(day_segment)
    codes = segments.cat.codes.to_numpy(dtype=np.int64)
    k = len(segments.cat.categories)
    best = groups.mode(codes, k, rows=values(doc_first).to_numpy())
    return categorical(np.where(np.isnan(best), -1, best), segments.cat.categories)


registry.param("customer_top_products", 3, "How many products top_products lists per customer.")


@registry.attribute(
    "customers",
    dtype="text",
    description="The customer's top products (customer_top_products, 3) by net revenue, as in_product_id "
    "values joined by ', ' (largest first; a tie goes to the lower id; products with net revenue <= 0 left out).",
)
def top_products(
    in_product_id: SeriesGroupBy, signed_total: SeriesGroupBy, params: dict, groups: Groups
) -> np.ndarray:
    codes, names = codes_of(values(in_product_id))
    top = groups.top(codes, values(signed_total).to_numpy(), int(params["customer_top_products"]))
    return join_codes(top, names)
