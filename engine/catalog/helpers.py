"""Small vectorised helpers shared by the catalogue modules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.core.groupby import SeriesGroupBy

from ayni.core.text_numbers import plain_integers
from engine.groups import Groups, duplicated

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


def days_until(dates: pd.Series, as_of: pd.Timestamp | None) -> np.ndarray:
    """Whole calendar days (wall clock) from each date to the as_of date; NaN when missing."""
    return as_of_day(as_of) - day_numbers(dates)


def as_of_day(as_of: pd.Timestamp | None) -> float:
    """The as_of date (wall clock) as days since 1970-01-01; NaN without as_of."""
    if as_of is None:
        return np.nan
    stamp = pd.Timestamp(as_of)
    return float(np.datetime64(stamp.tz_localize(None) if stamp.tzinfo else stamp, "D").view(np.int64))


def wall_clock(dt: pd.Series, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """(number of whole days, hours or minutes — unit 'D', 'h', 'm' — since 1970-01-01 on the
    local wall clock, valid mask).

    An aware timestamp keeps its own zone's wall clock (a sale at 23:30 in Santiago is a
    sale of that day and hour there); integer arithmetic on these numbers is several times
    cheaper than the ``.dt`` accessors.
    """
    if getattr(dt.dtype, "tz", None) is not None:
        dt = dt.dt.tz_localize(None)
    values = dt.to_numpy()
    if values.dtype.kind != "M":
        values = values.astype("datetime64[ns]")
    valid = ~np.isnat(values)
    numbers = values.astype(f"datetime64[{unit}]").view(np.int64)
    return (numbers if valid.all() else np.where(valid, numbers, 0)), valid


def int_values(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(int64 values with 0 where missing, valid mask) of an integer feature, copying only if needed."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu":  # not a nullable Int64
        return s.to_numpy(dtype=np.int64, copy=False), np.ones(len(s), dtype=bool)
    valid = s.notna().to_numpy()
    return s.to_numpy(dtype="float64", na_value=0.0).astype(np.int64), valid


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


def categorical(codes: np.ndarray, labels: Sequence[str], index: pd.Index | None = None) -> pd.Series | pd.Categorical:
    """Ordered categorical from integer codes (−1 = missing): cheap to store and group.

    A Series on ``index`` for a row feature; a bare Categorical (in group order) for an attribute.
    """
    dtype = pd.CategoricalDtype(list(labels), ordered=True)
    # The callers build codes in range themselves; validating them costs two passes over the rows.
    small = np.int8 if len(dtype.categories) < 127 else np.int32
    cat = pd.Categorical.from_codes(np.asarray(codes).astype(small), dtype=dtype, validate=False)
    return cat if index is None else pd.Series(cat, index=index)


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 of each date (float, NaN when missing), for day arithmetic."""
    if getattr(dates.dtype, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    days = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    return np.where(np.isnat(days), np.nan, days.view(np.int64))


def codes_of(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (−1 = missing) and their values, sorted, so code order is value order."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(dtype=np.int64), pd.Index(s.cat.categories)
    codes, uniques = pd.factorize(s, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def first_seen_codes(s: pd.Series) -> np.ndarray:
    """Integer codes (−1 = missing) in order of first appearance: equal codes, equal values.

    Document numbers are plain decimal numbers in almost every Chilean export; hashing
    them as integers is about 2.5x cheaper than hashing the strings.
    """
    plain = plain_integers(s) if len(s) and not s.hasnans else None
    if plain is not None and plain[0].all():
        return pd.factorize(plain[1])[0].astype(np.int64, copy=False)
    return pd.factorize(s)[0].astype(np.int64, copy=False)


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


def sale_days(day_number: SeriesGroupBy, is_return: SeriesGroupBy, groups: Groups) -> np.ndarray:
    """Distinct calendar days with a sale line (not a return) per group."""
    day, valid = int_values(values(day_number))
    sale = valid & ~values(is_return).to_numpy()
    offset = day[sale].min() if sale.any() else 0  # codes must be >= 0, days before 1970 are not
    return groups.distinct(np.where(sale, day - offset, -1))


def first_rows(codes: np.ndarray) -> np.ndarray:
    """True on the first row of each code >= 0; a code < 0 (missing) is never first."""
    ok = codes >= 0
    c = codes[ok]
    if (c[1:] >= c[:-1]).all():  # codes in runs (a document's lines together): compare neighbours
        first = np.r_[True, c[1:] != c[:-1]][: len(c)]
    else:
        first = ~duplicated(c)
    out = np.zeros(len(codes), dtype=bool)
    out[ok] = first
    return out


def first_pairs(runs: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """True on the first row of each (run, code) pair with both >= 0.

    When the runs are contiguous (a document's lines together) a stable radix sort by a
    small code lines up the repeats of a pair next to each other, which is cheaper than
    hashing the pairs.
    """
    ok = (runs >= 0) & (codes >= 0)
    every = bool(ok.all())
    r, c = (runs, codes) if every else (runs[ok], codes[ok])
    width = int(c.max(initial=0)) + 1
    if width <= np.iinfo(np.int16).max and (r[1:] >= r[:-1]).all():
        order = np.argsort(c.astype(np.int16), kind="stable")
        cs, rs = c[order], r[order]
        first = np.ones(len(c), dtype=bool)
        first[order[1:][(cs[1:] == cs[:-1]) & (rs[1:] == rs[:-1])]] = False
    else:
        first = ~duplicated(r * width + c)
    if every:
        return first
    out = np.zeros(len(runs), dtype=bool)
    out[ok] = first
    return out


def margin_and_percent(signed_margin: SeriesGroupBy, costed_total: SeriesGroupBy
                       ) -> tuple[pd.Series, pd.Series]:
    """A group's gross margin without IVA (sum of signed_margin; missing when no line has a
    known cost) and its margin % over the sales without IVA of the lines with a known cost
    (missing when those sales are not positive): one rule for products and customers."""
    margin = signed_margin.sum(min_count=1)
    costed = costed_total.sum(min_count=1)
    return margin, margin / costed.where(costed > 0) * 100.0
