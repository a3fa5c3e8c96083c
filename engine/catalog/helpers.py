"""Small vectorised helpers shared by the catalogue modules.

Attributes receive SeriesGroupBy objects that share one grouper; ``Groups`` turns one of
them into integer group ids so that counts, distinct counts and modes per group are a
``np.bincount`` away instead of a Python loop per group.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.core.algorithms import duplicated
from pandas.core.groupby import SeriesGroupBy

MINUTES_PER_DAY = 1440
EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday; weekdays count from Monday = 0


def fold(text: str) -> str:
    """Lower case without accents, '_' and '-' as spaces: 'Nota_Crédito' -> 'nota credito'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[_\-]+", " ", text.lower()).strip()


def text_matches(s: pd.Series, pattern: re.Pattern[str]) -> np.ndarray:
    """Boolean array: does each value match ``pattern`` (after ``fold``); missing is False.

    Text columns such as a document type have few distinct values, so the regex runs on
    the distinct values only and the answer is spread back through the factor codes.
    """
    codes, uniques = pd.factorize(s)
    hits = np.array([bool(pattern.search(fold(str(u)))) for u in uniques] + [False], dtype=bool)
    return hits[codes]  # code -1 (missing) picks the trailing False


def days_until(dates: pd.Series, as_of: pd.Timestamp | None) -> pd.Series:
    """Whole calendar days from each date to the as_of date (missing stays missing)."""
    if as_of is None:
        return pd.Series(np.nan, index=dates.index)
    return (as_of.normalize() - dates.dt.normalize()).dt.days


def as_of_day(as_of: pd.Timestamp | None) -> float:
    """The as_of date as a day number (days since 1970-01-01, local date); NaN without as_of."""
    if as_of is None:
        return np.nan
    return float(pd.Timestamp(as_of).tz_localize(None).normalize().value // 86_400_000_000_000)


def wall_minutes(dt: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(minutes since 1970-01-01 on the local wall clock, valid mask).

    An aware timestamp keeps its own zone's wall clock (a sale at 23:30 in Santiago is a
    sale of that day and hour there); integer arithmetic on these minutes is several times
    cheaper than the ``.dt`` accessors.
    """
    if getattr(dt.dtype, "tz", None) is not None:
        dt = dt.dt.tz_localize(None)
    values = dt.to_numpy(dtype="datetime64[ns]")
    valid = ~np.isnat(values)
    minutes = values.astype("datetime64[m]").view(np.int64)
    return np.where(valid, minutes, 0), valid


def with_missing(values: np.ndarray, valid: np.ndarray, index: pd.Index) -> pd.Series:
    """Series of ``values`` with missing where not ``valid`` (ints stay ints when all valid)."""
    s = pd.Series(values, index=index)
    return s if valid.all() else s.where(valid)


def quintile_score(values: pd.Series, lower_is_better: bool = False) -> pd.Series:
    """Score 1-5 by quintile; ties share a score; missing values get no score.

    The cut points are the 20/40/60/80 % quantiles (numpy's linear interpolation) of the
    scored values; k = how many cut points a value is strictly above. Score = 1 + k, or
    5 - k when lower is better (recency). A value equal to a cut point therefore falls in
    the lower quintile of the values, and equal values always share a score.
    """
    v = values.to_numpy(dtype="float64", na_value=np.nan)
    ok = ~np.isnan(v)
    out = np.full(len(v), np.nan)
    if ok.any():
        cuts = np.quantile(v[ok], [0.2, 0.4, 0.6, 0.8])
        above = np.searchsorted(cuts, v[ok], side="left")  # cut points strictly below the value
        out[ok] = 5 - above if lower_is_better else 1 + above
    return pd.Series(out, index=values.index).astype("Int64")


def band_labels(edges: Sequence[float]) -> list[str]:
    """'0-5K', '5K-10K', …, '100K+' for the CLP edges (5000, 10000, …, 100000)."""

    def short(x: float) -> str:
        for size, suffix in ((1_000_000, "M"), (1_000, "K")):
            if x >= size and x % size == 0:
                return f"{int(x // size)}{suffix}"
            if x >= size:
                return f"{x / size:g}{suffix}"
        return f"{x:g}"

    bounds = [0.0, *edges]
    labels = [f"{short(lo)}-{short(hi)}" for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    return labels + [f"{short(bounds[-1])}+"]


def categorical(codes: np.ndarray, labels: Sequence[str], index: pd.Index) -> pd.Series:
    """Ordered categorical from integer codes (-1 = missing): cheap to store and group."""
    dtype = pd.CategoricalDtype(list(labels), ordered=True)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=index)


def codes_of(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (−1 = missing) and their values, sorted, so code order is value order."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(dtype=np.int64), pd.Index(s.cat.categories)
    codes, uniques = pd.factorize(s, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


@dataclass(frozen=True)
class Groups:
    """Group number of every row of a grouped model (−1: the row is in no group)."""

    ids: np.ndarray
    n: int

    def sum(self, values: pd.Series | np.ndarray) -> np.ndarray:
        """Sum per group, missing values skipped (0.0 for a group without values)."""
        v = np.asarray(values, dtype="float64")
        ok = (self.ids >= 0) & ~np.isnan(v)
        return np.bincount(self.ids[ok], weights=v[ok], minlength=self.n)

    def distinct(self, codes: np.ndarray) -> np.ndarray:
        """Number of distinct non-negative codes per group."""
        first = self.first(codes)
        return np.bincount(self.ids[first], minlength=self.n)

    def first(self, codes: np.ndarray) -> np.ndarray:
        """True on the first row of each distinct (group, code) pair with a code >= 0."""
        ok = (self.ids >= 0) & (codes >= 0)
        pair = self.ids.astype(np.int64) * (int(codes.max(initial=0)) + 1) + codes
        return ok & ~duplicated(np.where(ok, pair, -1))

    def mode(self, codes: np.ndarray, k: int, rows: np.ndarray | None = None) -> np.ndarray:
        """Most frequent code (0..k-1) per group among ``rows``; ties go to the lowest code.

        Float array, NaN for a group without any such row.
        """
        ok = (self.ids >= 0) & (codes >= 0)
        if rows is not None:
            ok &= rows
        counts = np.bincount(self.ids[ok] * k + codes[ok], minlength=self.n * k).reshape(self.n, k)
        best = counts.argmax(axis=1).astype("float64")
        best[counts.max(axis=1, initial=0) == 0] = np.nan
        return best

    def top(self, codes: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
        """(n_groups × n) codes of the ``n`` largest positive weight sums per group, −1 when fewer.

        Ties go to the lowest code.
        """
        ok = (self.ids >= 0) & (codes >= 0)
        width = int(codes.max(initial=0)) + 1
        pair, inverse = np.unique(self.ids[ok].astype(np.int64) * width + codes[ok], return_inverse=True)
        total = np.bincount(inverse, weights=np.nan_to_num(weights[ok]), minlength=len(pair))
        group, code = pair // width, pair % width
        keep = total > 0
        group, code, total = group[keep], code[keep], total[keep]
        order = np.lexsort((code, -total, group))
        group, code = group[order], code[order]
        starts = np.searchsorted(group, group, side="left")  # first position of each group
        rank = np.arange(len(group)) - starts
        out = np.full((self.n, n), -1, dtype=np.int64)
        take = rank < n
        out[group[take], rank[take]] = code[take]
        return out


def groups(gb: SeriesGroupBy) -> Groups:
    """The group ids of a SeriesGroupBy (every input of an attribute shares them)."""
    ids = gb.ngroup().to_numpy()
    if ids.dtype.kind == "f":  # rows whose key is missing belong to no group
        ids = np.where(np.isnan(ids), -1, ids)
    return Groups(ids.astype(np.int64, copy=False), int(gb.ngroups))


def values(gb: SeriesGroupBy) -> pd.Series:
    """The rows behind a SeriesGroupBy (already filtered by the model's ``where``)."""
    return gb.obj


def join_codes(top: np.ndarray, names: pd.Index, sep: str = ", ") -> np.ndarray:
    """Per row of ``top`` (codes, −1 = none): the names joined with ``sep``; None when empty."""
    lookup = np.append(np.asarray(names, dtype=object), "")
    text = lookup[top[:, 0]] if top.shape[1] else np.full(len(top), "", dtype=object)
    for j in range(1, top.shape[1]):  # a loop over the few columns, not over groups
        part = lookup[top[:, j]]
        text = np.where(top[:, j] >= 0, text + sep + part, text)
    return np.where(text == "", None, text)
