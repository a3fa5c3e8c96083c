"""Good lines in PostgreSQL's binary COPY format, encoded from Arrow by pgpq.

Binary COPY spares the server the text parsing of every number and timestamp: it
measured about a quarter less server CPU than CSV for the same lines (`ayni bench
ingest`), and building the payload costs no more than writing CSV. Numbers travel as
NUMERIC with one scale per column and chunk: the fewest decimals that hold every value
(0 for pesos, 3 for kilos), at most MAX_SCALE, fewer when a large value needs the room.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import numpy as np
import pandas as pd
import pyarrow as pa
from pgpq import ArrowToPostgresBinaryEncoder
from pgpq.encoders import LargeStringEncoderBuilder
from pgpq.schema import Jsonb

from ayni.core import canonical

# The columns of a payload, in raw.transactions' own names and types.
COLUMNS = ("company_id", "upload_id", "line_no") + canonical.NAMES + ("extra",)
# What a COPY ... (FORMAT binary) stream starts and ends with (PostgreSQL's COPY docs).
HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
TRAILER = (-1).to_bytes(2, "big", signed=True)
MAX_SCALE = 6  # decimals kept; the loader rounds what it computes itself to 4
_FITS = 2**62  # unscaled values stay well inside int64
BATCH_ROWS = 20_000  # rows encoded at a time


def encode(lines: pd.DataFrame, keep: np.ndarray | None, company_id: int,
           upload_id: int | None) -> Iterator[bytes]:
    """The rows of ``lines`` (line_no, canonical columns, extra) where ``keep`` (None: all),
    without the stream's HEADER and TRAILER, in pieces of about BATCH_ROWS rows: memory
    holds one at a time."""
    table = to_arrow(lines, company_id, upload_id, keep)
    encoders = {f.name: (LargeStringEncoderBuilder.new_with_output(f, Jsonb()) if f.name == "extra"
                         else ArrowToPostgresBinaryEncoder.infer_encoder(f)) for f in table.schema}
    encoder = ArrowToPostgresBinaryEncoder.new_with_encoders(table.schema, encoders)
    # The encoder writes a whole stream (and may hold small batches back until finish):
    # the caller writes HEADER and TRAILER once per COPY, so they are cut off here.
    pieces = chain([encoder.write_header()],
                   (encoder.write_batch(b) for b in table.to_batches(max_chunksize=BATCH_ROWS)))
    skip = len(HEADER)
    for piece in pieces:
        if skip:
            if not HEADER.endswith(bytes(piece[:skip])):
                raise RuntimeError("pgpq wrote an unexpected COPY header")
            piece, skip = piece[skip:], max(skip - len(piece), 0)
        if piece:
            yield piece
    tail = encoder.finish()
    if skip or not tail.endswith(TRAILER):
        raise RuntimeError("pgpq wrote an unexpected COPY trailer")
    if len(tail) > len(TRAILER):
        yield tail[:-len(TRAILER)]


def to_arrow(lines: pd.DataFrame, company_id: int, upload_id: int | None,
             keep: np.ndarray | None = None) -> pa.Table:
    """The rows of ``lines`` where ``keep`` (None: all) as Arrow arrays of the exact types
    of raw.transactions' columns."""
    if keep is not None and keep.all():
        keep = None
    mask = None if keep is None else pa.array(keep)

    def rows(values: np.ndarray) -> np.ndarray:
        return values if keep is None else values[keep]

    def text(values: pd.Series) -> pa.Array:
        array = pa.array(values, type=pa.large_string(), from_pandas=True)
        return array if mask is None else array.filter(mask)

    n = len(lines) if keep is None else int(keep.sum())
    columns = {
        "company_id": pa.array(np.full(n, company_id, dtype=np.int64)),
        "upload_id": pa.nulls(n, pa.int64()) if upload_id is None
        else pa.array(np.full(n, upload_id, dtype=np.int64)),
        "line_no": pa.array(rows(lines["line_no"].to_numpy(dtype=np.int32))),
    }
    for name in canonical.NAMES:
        values = lines[name]
        if name == "in_dt":  # PostgreSQL keeps microseconds
            columns[name] = pa.array(rows(values.to_numpy(dtype="datetime64[ns]")).astype("datetime64[us]"))
        elif name in canonical.NUMERIC:
            columns[name] = numeric(rows(values.to_numpy(dtype=np.float64)))
        else:
            columns[name] = text(values)
    columns["extra"] = text(lines["extra"])
    return pa.table(columns)


def numeric(values: np.ndarray) -> pa.Array:
    """float64 values (NaN = missing) as decimal128 with the fewest decimals that hold them."""
    missing = np.isnan(values)
    present = values[~missing]
    scale = decimals(present)
    top = float(np.abs(present).max(initial=0.0))
    while scale and top * 10.0**scale >= _FITS:
        scale -= 1
    if top >= _FITS:  # validation rejects such lines (loaders.transform.MAX_MAGNITUDE)
        raise ValueError(f"number too large for a load: {top:g}")
    # Whole part and fraction apart: x * 10^scale in floats is inexact beyond 2^53.
    filled = np.where(missing, 0.0, values)
    whole = np.trunc(filled)
    fraction = np.rint((filled - whole) * 10.0**scale).astype(np.int64)
    unscaled = whole.astype(np.int64) * 10**scale + fraction
    words = np.empty((len(values), 2), dtype=np.int64)  # little-endian int128: low, then sign
    words[:, 0], words[:, 1] = unscaled, unscaled >> 63
    validity = pa.array(~missing).buffers()[1] if missing.any() else None
    return pa.Array.from_buffers(pa.decimal128(38, scale), len(values), [validity, pa.py_buffer(words)],
                                 null_count=int(missing.sum()))


def decimals(values: np.ndarray) -> int:
    """The fewest decimals (up to MAX_SCALE) that write every value exactly, allowing for
    the float's own rounding (1.126 is 1.12599999…)."""
    for scale in range(MAX_SCALE + 1):
        scaled = values * 10.0**scale
        if (np.abs(scaled - np.rint(scaled)) <= np.abs(scaled) * 1e-15 + 1e-9).all():
            return scale
    return MAX_SCALE
