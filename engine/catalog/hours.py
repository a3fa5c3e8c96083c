"""Attributes of the hours model: one row per weekday × hour, for the busy-hours heatmap.

dbt builds the calendar aggregations (day, week, month …); the hour of the day is only in
the lines, so this grain is built here. Sums go through ``groups`` (bincount): cheaper than
the SeriesGroupBy reductions on a grouping by two keys.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.core.groupby import SeriesGroupBy

from engine.catalog.base import registry
from engine.catalog.helpers import values
from engine.groups import Groups

registry.model(
    "hours",
    keys=("weekday", "hour"),
    source="lines",
    description="One row per weekday (0 = Monday) and hour of the day (0-23) with at least one line.",
)


@registry.attribute("hours", dtype="float", unit="CLP", description="Sum of line totals, returns counted as negative.")
def revenue(signed_total: SeriesGroupBy, groups: Groups) -> np.ndarray:
    return groups.sum(values(signed_total))


@registry.attribute(
    "hours", dtype="int", unit="documents", description="Sale documents, each counted at the hour of its first line."
)
def documents(doc_first: SeriesGroupBy, groups: Groups) -> np.ndarray:
    return groups.count(values(doc_first).to_numpy())


@registry.attribute("hours", dtype="int", unit="lines", description="Lines, returns included.")
def lines(groups: Groups) -> np.ndarray:
    return groups.count()


@registry.attribute("hours", dtype="float", unit="units", description="Units sold, returns counted as negative.")
def units(signed_quantity: SeriesGroupBy, groups: Groups) -> np.ndarray:
    return groups.sum(values(signed_quantity))


@registry.attribute(
    "hours", dtype="float", unit="CLP", description="revenue per document (missing without a sale document)."
)
def avg_ticket(revenue: pd.Series, documents: pd.Series) -> pd.Series:
    return revenue / documents.where(documents > 0)


@registry.attribute(
    "hours",
    dtype="float",
    unit="%",
    description="revenue as a percentage of the revenue of every weekday × hour (missing when that is not positive).",
)
def revenue_share(revenue: pd.Series) -> pd.Series:
    total = revenue.sum()
    return revenue / total * 100.0 if total > 0 else revenue * float("nan")
