"""Checks a feature's output against its declaration and gives it a uniform pandas dtype."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as pdt

from engine.errors import FeatureError
from engine.feature import Feature


def conform(f: Feature, value: Any, index: pd.Index) -> pd.Series:
    """Return ``value`` as a Series on ``index`` with the dtype family ``f.dtype`` promises."""
    if isinstance(value, pd.Series):
        if value.index is not index and not value.index.equals(index):
            if f.kind == "row":
                raise FeatureError(f.id, "returned a Series whose index is not the index of the lines")
            # An attribute may leave out groups (e.g. after a filter): they get a missing value.
            value = value.reindex(index)
    elif np.ndim(value) == 0:
        value = pd.Series(value, index=index)
    else:
        if len(value) != len(index):
            raise FeatureError(f.id, f"returned {len(value)} values for {len(index)} rows/groups")
        value = pd.Series(value, index=index)
    return _cast(f, value).rename(f.name)


def _cast(f: Feature, s: pd.Series) -> pd.Series:
    dt = s.dtype
    if f.dtype == "float":
        if pdt.is_float_dtype(dt) or (pdt.is_numeric_dtype(dt) and not pdt.is_complex_dtype(dt)):
            return s if dt == np.float64 else s.astype("float64")
    elif f.dtype == "int":
        if pdt.is_integer_dtype(dt):
            return s
        if pdt.is_float_dtype(dt):
            a = s.to_numpy(dtype="float64", na_value=np.nan)
            nan = np.isnan(a)
            if np.array_equal(a[~nan], np.floor(a[~nan])):
                # Missing values (e.g. no sale yet) need the nullable integer dtype.
                return s.astype("Int64") if nan.any() else s.astype("int64")
    elif f.dtype == "bool":
        if pdt.is_bool_dtype(dt):
            return s
    elif f.dtype == "text":
        if pdt.is_string_dtype(dt) or pdt.is_object_dtype(dt) or isinstance(dt, pd.CategoricalDtype):
            return s
    elif f.dtype in ("date", "timestamp"):
        if pdt.is_datetime64_any_dtype(dt):
            return s
    raise FeatureError(f.id, f"is declared {f.dtype} but returned dtype {dt}")
