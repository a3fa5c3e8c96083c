"""Numbers and rows as binary COPY writes them (the round trip through PostgreSQL is in
tests/integration/test_loaders.py)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from ayni.core import canonical
from loaders import binary_copy


@pytest.mark.parametrize(
    ("values", "scale"),
    [
        ([880.0, 1150.0, -5000.0], 0),  # pesos
        ([1.126, 0.553, 2.0], 3),  # kilos: 1.126 is 1.12599999… as a float
        ([1234567.891, 0.5], 3),  # large and fractional together
        ([0.1 + 0.2], 1),  # 0.30000000000000004 is 0.3
        ([1 / 3], binary_copy.MAX_SCALE),  # never exact: capped
        ([], 0),
    ],
)
def test_decimals_are_the_fewest_that_write_every_value(values: list, scale: int) -> None:
    assert binary_copy.decimals(np.array(values, dtype=float)) == scale


def test_numeric_keeps_values_signs_and_missing() -> None:
    values = np.array([1.126, np.nan, -2.5, 0.0, 9_999_999_999.125])
    got = binary_copy.numeric(values).to_pylist()
    assert got == [Decimal("1.126"), None, Decimal("-2.500"), Decimal("0.000"),
                   Decimal("9999999999.125")]


def test_numeric_gives_up_decimals_for_room_and_refuses_what_cannot_fit() -> None:
    # 10^15 − 1 with 6 decimals would overflow int64: the scale drops to 3, which fits.
    got = binary_copy.numeric(np.array([999_999_999_999_999.0, 0.123456])).to_pylist()
    assert got == [Decimal("999999999999999.000"), Decimal("0.123")]
    with pytest.raises(ValueError, match="too large"):  # validation keeps these out
        binary_copy.numeric(np.array([1e20]))


def test_rows_carry_every_column_in_order() -> None:
    lines = pd.DataFrame({name: [None, None] for name in canonical.NAMES})
    lines["in_dt"] = pd.to_datetime(["2025-07-01 09:23:00", "2025-07-01 09:23:00.250"], format="ISO8601")
    for name in canonical.NUMERIC:
        lines[name] = [1.0, np.nan]
    lines["in_trans_id"] = pd.Series(["10001", "10002"], dtype="str")
    lines["line_no"] = [1, 1]
    lines["extra"] = ['{"Vendedor": "Ana"}', None]
    table = binary_copy.to_arrow(lines, company_id=7, upload_id=None)
    assert table.column_names == list(binary_copy.COLUMNS)
    assert table["company_id"].to_pylist() == [7, 7]
    assert table["upload_id"].null_count == 2
    assert [t.isoformat() for t in table["in_dt"].to_pylist()] == ["2025-07-01T09:23:00",
                                                                     "2025-07-01T09:23:00.250000"]
    assert table["in_trans_id"].to_pylist() == ["10001", "10002"]
    kept = binary_copy.to_arrow(lines, 7, 3, np.array([False, True]))
    assert kept.num_rows == 1 and kept["in_trans_id"].to_pylist() == ["10002"]
    assert kept["upload_id"].to_pylist() == [3] and kept["in_quantity"].to_pylist() == [None]
    payload = b"".join(binary_copy.encode(lines, None, 7, None))
    assert payload[:2] == (len(binary_copy.COLUMNS)).to_bytes(2, "big")  # first row: field count


def test_pieces_of_a_large_chunk_make_one_stream() -> None:
    n = 3 * binary_copy.BATCH_ROWS + 7
    lines = pd.DataFrame({name: pd.Series(["x"] * n, dtype="str") for name in canonical.NAMES})
    lines["in_dt"] = pd.Timestamp("2025-07-01 09:23")
    for name in canonical.NUMERIC:
        lines[name] = 1.5
    lines["line_no"], lines["extra"] = 1, None
    pieces = list(binary_copy.encode(lines, None, 1, 2))
    assert len(pieces) > 1
    payload = b"".join(pieces)
    assert not payload.startswith(binary_copy.HEADER) and payload[:2] == b"\x00\x15"
    row = len(payload) // n
    assert row * n == len(payload)  # every row the same size: nothing cut or doubled
