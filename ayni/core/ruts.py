"""RUTs of whole columns at once: one written form (12345678-5) and the modulo-11 check.

python-stdnum is the reference (ayni.core.rut uses it for single values, and the tests hold
this module to it); checking a million lines one by one with it takes seconds, so
here the check digit is computed with numpy, once per distinct value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# How people write a RUT: 12.345.678-5, 12345678-5, 12345678-K; or 123456785 without dash.
WRITTEN = r"^(?P<body>\d{1,2}(?:\.\d{3}){2}|\d{7,8})-(?P<dv>[\dkK])$"
BARE = r"^(?P<body>\d{7,8})(?P<dv>[\dkK])$"
_WEIGHTS = np.array([3, 2, 7, 6, 5, 4, 3, 2])  # for 8 body digits, left to right


def check_digits(bodies: np.ndarray) -> np.ndarray:
    """Modulo-11 check digit ('0'-'9' or 'K') of each body (digits only, up to 8)."""
    padded = np.char.zfill(bodies.astype("U8"), 8)
    digits = np.frombuffer(padded.astype("S8").tobytes(), dtype=np.uint8).reshape(-1, 8) - 48
    rest = 11 - (digits @ _WEIGHTS) % 11
    return np.where(rest == 11, "0", np.where(rest == 10, "K", rest.astype(str)))


def _classify(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """For distinct values: (normalised RUT or None, written as a RUT but wrong check digit)."""
    text = pa.array(values.astype(str).to_numpy(), type=pa.string())
    written = pc.extract_regex(text, WRITTEN)
    bare = pc.extract_regex(text, BARE)
    is_written = written.is_valid().to_numpy(zero_copy_only=False)
    # struct_field keeps a non-match null (the raw child array may hold "" there)
    body = pc.coalesce(pc.replace_substring(pc.struct_field(written, "body"), ".", ""),
                       pc.struct_field(bare, "body"))
    given = pc.utf8_upper(pc.coalesce(pc.struct_field(written, "dv"), pc.struct_field(bare, "dv")))
    shaped = body.is_valid().to_numpy(zero_copy_only=False)
    normal = np.full(len(values), None, dtype=object)
    wrong = np.zeros(len(values), dtype=bool)
    if shaped.any():
        bodies = body.filter(shaped).to_numpy(zero_copy_only=False)
        digits = given.filter(shaped).to_numpy(zero_copy_only=False)
        valid = check_digits(bodies.astype(str)) == digits.astype(str)
        index = np.flatnonzero(shaped)
        normal[index[valid]] = [f"{b}-{d}" for b, d in zip(bodies[valid], digits[valid])]
        # A bare number that fails the check is a client code, not a mistyped RUT.
        wrong[index[~valid]] = is_written[index[~valid]]
    return normal, wrong


class RutNormalizer:
    """Normalises a column chunk by chunk, remembering what it has seen: a shop's clients
    come back on many lines, so most chunks need no new checks. Lookups are Arrow's
    hashing of the strings, without a Python object per line."""

    def __init__(self) -> None:
        self._seen = pa.array([], pa.large_string())    # distinct values met so far
        self._normal = pa.array([], pa.large_string())  # each one's normal form
        self._wrong = np.empty(0, dtype=bool)            # written as a RUT, wrong check digit

    def __call__(self, ids: pd.Series) -> tuple[pd.Series, np.ndarray]:
        """(ids with every valid RUT in one form, mask of RUTs with a wrong check digit).
        Other values (client codes, names) are left as they are."""
        text = pa.array(ids, type=pa.large_string(), from_pandas=True)
        at = pc.index_in(text, value_set=self._seen)
        new = pc.unique(pc.filter(text, pc.and_(pc.is_null(at), pc.is_valid(text))))
        if len(new):
            values = new.to_numpy(zero_copy_only=False)
            normal, wrong = _classify(pd.Series(values, dtype=object))
            self._seen = pa.concat_arrays([self._seen, new])
            self._normal = pa.concat_arrays([
                self._normal, pa.array(np.where(pd.isna(normal), values, normal), pa.large_string())])
            self._wrong = np.concatenate([self._wrong, wrong])
            at = pc.index_in(text, value_set=self._seen)
        row = at.to_numpy(zero_copy_only=False)  # float, NaN where the id is missing
        missing = np.isnan(row)
        found = np.where(missing, 0, row).astype(np.int64)
        result = pd.Series(pd.array(pc.take(self._normal, at), dtype=ids.dtype), index=ids.index)
        return result, np.where(missing, False, self._wrong[found] if len(self._wrong) else False)


def normalize(ids: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """One-off form of RutNormalizer."""
    return RutNormalizer()(ids)
