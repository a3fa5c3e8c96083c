"""The rows of a grouped model: which group each line is in, and the index of the groups.

pandas' groupby hashes its keys and, with several keys, hashes their combination again.
Keys that already are integer codes (a categorical, or a small range of integers such as
an hour) need neither: the combined code of a row is arithmetic, and the groups seen are
the non-zero cells of a bincount. Other keys fall back to one sorted factorisation each.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from engine.groups import DENSE_BITS, Groups

SMALL_RANGE = 1 << 20  # integer keys spanning fewer values are used as codes directly


def key_codes(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes (−1 = missing) of a key column and its values, in sort order (categories: their order)."""
    if isinstance(s.dtype, pd.CategoricalDtype):  # sorted like pandas does: in category order
        return s.cat.codes.to_numpy(dtype=np.int64), pd.Index(s.cat.categories, name=s.name)
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu" and len(s):  # not nullable
        values = s.to_numpy(dtype=np.int64)
        low, high = int(values.min()), int(values.max())
        if high - low < SMALL_RANGE:
            codes = values - low if low else values  # an hour or a weekday already is its code
            return codes, pd.Index(np.arange(low, high + 1), dtype=s.dtype, name=s.name)
    codes, uniques = pd.factorize(s, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques, name=s.name)


def group_rows(data: pd.DataFrame, keys: Sequence[str]) -> tuple[Groups, pd.Index]:
    """Group number of every row (groups sorted by their keys; a missing key: no group) and
    the index of the groups (an Index for one key, a MultiIndex for several)."""
    codes, levels = zip(*(key_codes(data[k]) for k in keys), strict=True)
    sizes = [max(len(level), 1) for level in levels]
    missing = [c < 0 for c in codes if (c < 0).any()]
    valid = np.logical_and.reduce([~m for m in missing]) if missing else None
    combined = codes[0] if valid is None else np.where(valid, codes[0], 0)
    for c, size in zip(codes[1:], sizes[1:], strict=True):
        combined = combined * size + (c if valid is None else np.maximum(c, 0))
    cells_total = int(np.prod(sizes, dtype=np.float64))
    if cells_total <= DENSE_BITS:
        seen = np.bincount(combined if valid is None else combined[valid], minlength=cells_total) > 0
        cells = np.flatnonzero(seen)
        ids = (np.cumsum(seen) - 1)[combined]  # the rank of a row's cell among the cells seen
        if valid is not None:
            ids = np.where(valid, ids, -1)
    elif valid is None:
        ids, cells = pd.factorize(combined, sort=True)
    else:
        found, cells = pd.factorize(combined[valid], sort=True)
        ids = np.full(len(combined), -1, dtype=np.int64)
        ids[valid] = found
    parts = np.unravel_index(cells, sizes) if len(keys) > 1 else (cells,)
    columns = [level.take(part) for level, part in zip(levels, parts, strict=True)]
    index = columns[0] if len(keys) == 1 else pd.MultiIndex.from_arrays(columns, names=list(keys))
    return Groups(ids, len(cells)), index


def grouper(groups: Groups, index: pd.Index, rows: pd.Index) -> pd.Series:
    """A categorical Series (on ``rows``, the data's index) of the rows' groups, whose categories
    are the groups' keys (tuples of them for several keys): pandas groups by its codes without
    hashing anything, and labels its results by the keys."""
    labels = pd.Index(index.to_flat_index(), tupleize_cols=False) if index.nlevels > 1 else index
    name = index.name if index.nlevels == 1 else None
    codes = pd.Categorical.from_codes(groups.ids, dtype=pd.CategoricalDtype(labels), validate=False)
    return pd.Series(codes, index=rows, name=name)
