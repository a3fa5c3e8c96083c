"""Group numbers of the rows of a grouped model, and reductions over them without a groupby.

An attribute that names the special input ``groups`` receives a ``Groups``: for every row of
the model's (filtered) data, the position of its group in the model's table. Counting,
distinct counting, modes and top-n per group then are a ``np.bincount`` away, with no Python
loop per group and no second hashing of the keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Up to this many (group, value) cells, count in a dense array rather than hash the pairs.
DENSE_CELLS = 1 << 22  # float64 sums: 32 MB
DENSE_BITS = 1 << 25  # booleans: 32 MB


def duplicated(values: np.ndarray) -> np.ndarray:
    """True on every repeat of a value seen before (one hash pass)."""
    return pd.Series(values, copy=False).duplicated().to_numpy()


@dataclass(frozen=True)
class Groups:
    """Group number of every row of a grouped model (−1: the row is in no group)."""

    ids: np.ndarray
    n: int
    complete: bool = field(init=False)  # every row is in a group

    def __post_init__(self) -> None:
        object.__setattr__(self, "complete", bool(len(self.ids) == 0 or self.ids.min() >= 0))

    def _rows(self, *conditions: np.ndarray | None) -> np.ndarray | None:
        """The rows to use, or None for all of them (then nothing needs copying)."""
        keep = None if self.complete else self.ids >= 0
        for condition in conditions:
            if condition is not None and not condition.all():
                keep = condition if keep is None else keep & condition
        return keep

    def _pick(self, keep: np.ndarray | None, *arrays: np.ndarray) -> list[np.ndarray]:
        return [a if keep is None else a[keep] for a in (self.ids, *arrays)]

    def sum(self, values: pd.Series | np.ndarray) -> np.ndarray:
        """Sum per group, missing values skipped (0.0 for a group without values)."""
        v = np.asarray(values, dtype="float64")
        nan = np.isnan(v)
        ids, v = self._pick(self._rows(~nan if nan.any() else None), v)
        return np.bincount(ids, weights=v, minlength=self.n)

    def count(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Rows per group (only the rows where ``rows`` is true, when given)."""
        (ids,) = self._pick(self._rows(rows))
        return np.bincount(ids, minlength=self.n)

    def distinct(self, codes: np.ndarray) -> np.ndarray:
        """Number of distinct non-negative codes per group."""
        ids, codes = self._pick(self._rows(codes >= 0), codes)
        width = int(codes.max(initial=0)) + 1
        pair = ids.astype(np.int64) * width + codes
        if self.n * width <= DENSE_BITS:  # a bitmap of the (group, code) cells: no hashing
            seen = np.zeros(self.n * width, dtype=bool)
            seen[pair] = True
            return seen.reshape(self.n, width).sum(axis=1)
        if len(codes) and (codes[1:] >= codes[:-1]).all():  # codes in runs (a document's lines)
            change = codes[1:] != codes[:-1]
            if (change | (ids[1:] == ids[:-1])).all():  # and each run in one group: count runs
                return np.bincount(ids[np.r_[True, change]], minlength=self.n)
        return np.bincount(ids[~duplicated(pair)], minlength=self.n)

    def mode(self, codes: np.ndarray, k: int, rows: np.ndarray | None = None) -> np.ndarray:
        """Most frequent code (0..k-1) per group among ``rows``; ties go to the lowest code.

        Float array, NaN for a group without any such row.
        """
        ids, codes = self._pick(self._rows(codes >= 0, rows), codes)
        counts = np.bincount(ids * k + codes, minlength=self.n * k).reshape(self.n, k)
        best = counts.argmax(axis=1).astype("float64")
        best[counts.max(axis=1, initial=0) == 0] = np.nan
        return best

    def top(self, codes: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
        """(n_groups × n) codes of the ``n`` largest positive weight sums per group, −1 when fewer.

        Ties go to the lowest code.
        """
        ids, codes, w = self._pick(self._rows(codes >= 0), codes, np.asarray(weights, dtype="float64"))
        w = np.nan_to_num(w)
        width = int(codes.max(initial=0)) + 1
        pair = ids.astype(np.int64) * width + codes
        out = np.full((self.n, n), -1, dtype=np.int64)
        if self.n * width <= DENSE_CELLS:  # a (group × code) matrix; n argmax passes pick the top
            total = np.bincount(pair, weights=w, minlength=self.n * width).astype("float64")
            total = total.reshape(self.n, width)
            rows = np.arange(self.n)
            for j in range(min(n, width)):  # a loop over the n ranks, not over groups
                best = total.argmax(axis=1)  # the first maximum: the lowest code on a tie
                found = total[rows, best] > 0
                out[found, j] = best[found]
                total[rows, best] = -np.inf
            return out
        # Too many cells for a matrix: sort the rows by (group, code) once and sum the runs;
        # then n passes pick the first (lowest-code) maximum of each group.
        order = np.argsort(pair)
        pair, w = pair[order], w[order]
        start = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]]) if len(pair) else np.empty(0, dtype=np.int64)
        total = np.add.reduceat(w, start) if len(start) else w[:0]
        cell = pair[start]
        keep = total > 0
        group, code, total = cell[keep] // width, cell[keep] % width, total[keep]
        if not len(group):
            return out
        first_of_group = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        run = np.diff(np.r_[first_of_group, len(group)])
        for j in range(n):  # a loop over the n ranks, not over groups
            best = np.repeat(np.maximum.reduceat(total, first_of_group), run)
            hit = np.flatnonzero((total == best) & (best > 0))
            hit = hit[np.r_[True, group[hit[1:]] != group[hit[:-1]]]] if len(hit) else hit
            out[group[hit], j] = code[hit]
            total[hit] = -np.inf
        return out
