"""Which occurrence of its product within its document each line is, across a whole file.

With the company, document and product this number (raw.transactions.line_no) names a
line across re-uploads. It is counted here, chunk by chunk, so the database can insert
chunks as they come instead of sorting the whole load at the end. Keys are kept as
64-bit hashes in sorted arrays: a few bytes per distinct key, whatever the file size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ayni.core.text_numbers import plain_integers


def _hash(values: pd.Series) -> np.ndarray:
    """A 64-bit key per value: the number itself for a plain decimal number (folios
    usually are: several times cheaper), else a hash computed once per distinct value.
    Each value gets the same key in every chunk, whatever else the chunk holds."""
    plain = plain_integers(values)
    if plain is None:
        return _text_hash(values)
    mask, numbers = plain
    keys = numbers.view(np.uint64)
    if not mask.all():
        keys = keys.copy()
        keys[~mask] = _text_hash(values[~mask])
    return keys


def _text_hash(values: pd.Series) -> np.ndarray:
    codes, distinct = pd.factorize(values)
    return pd.util.hash_array(np.asarray(distinct, dtype=object))[codes]


class Occurrences:
    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)     # sorted hashes of (document, product)
        self._counts = np.empty(0, dtype=np.int64)    # lines seen so far for each

    def number(self, documents: pd.Series, products: pd.Series) -> np.ndarray:
        """1, 2, 3 … for the lines of one chunk, in file order, continuing earlier chunks."""
        if len(documents) == 0:
            return np.empty(0, dtype=np.int64)
        with np.errstate(over="ignore"):  # wrapping multiplication is the point of the mix
            keys = _hash(documents) * np.uint64(0x9E3779B97F4A7C15) ^ _hash(products)
        order = np.argsort(keys, kind="stable")        # stable: file order within a key
        sorted_keys = keys[order]
        first = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        starts = np.flatnonzero(first)
        sizes = np.diff(np.r_[starts, len(keys)])
        distinct = sorted_keys[starts]

        at = np.searchsorted(self._keys, distinct)
        known = at < len(self._keys)
        known[known] = self._keys[at[known]] == distinct[known]
        before = np.zeros(len(distinct), dtype=np.int64)
        before[known] = self._counts[at[known]]

        within = np.arange(len(keys)) - np.repeat(starts, sizes)
        numbered = np.empty(len(keys), dtype=np.int64)
        numbered[order] = within + 1 + np.repeat(before, sizes)

        self._counts[at[known]] += sizes[known]
        self._remember(distinct[~known], sizes[~known])
        return numbered

    def _remember(self, keys: np.ndarray, counts: np.ndarray) -> None:
        """Insert new keys (already sorted) into the sorted arrays, in one pass."""
        if not len(keys):
            return
        at = np.searchsorted(self._keys, keys)
        self._keys = np.insert(self._keys, at, keys)
        self._counts = np.insert(self._counts, at, counts)
