"""Text ids that are plain decimal numbers (folios, barcodes), read as integers.

Chilean exports number their documents (folio) and often their products (EAN) with
digits only. As int64 they hash, sort and compare several times faster than as strings.
Only values whose integer names them exactly qualify: 1 to 18 ASCII digits without a
leading zero, so "0123" and "123" stay different ids.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MAX_DIGITS = 18  # every 18-digit number fits an int64


def plain_integers(s: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """(mask of the values that are plain decimal numbers, their int64 values, 0 elsewhere)
    of an Arrow-backed text column; None for any other column."""
    if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"):
        return None
    text = pa.array(s.array)  # no copy: the column already is Arrow data
    plain = pc.and_(
        pc.and_(pc.ascii_is_decimal(text), pc.invert(pc.starts_with(text, "0"))),  # "" is not decimal
        pc.less_equal(pc.binary_length(text), MAX_DIGITS),
    )
    mask = pc.fill_null(plain, False).to_numpy(zero_copy_only=False)
    if mask.all():  # the usual case: no other values to keep out of the cast
        numbers = pc.cast(text, pa.int64())
    else:
        numbers = pc.cast(pc.if_else(plain, text, "0"), pa.int64()).fill_null(0)
    return mask, numbers.to_numpy(zero_copy_only=False)
