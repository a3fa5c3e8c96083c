"""Small vectorised helpers shared by the catalogue modules."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd


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
