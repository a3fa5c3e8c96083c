"""From a chunk of the user's file to typed canonical lines, with every problem recorded.

Mapping → parse (numbers and dates in the formats detected or chosen) → RUTs → inferred
columns → rules → unmapped columns kept as `extra`. Whole columns at a time, and each
column's distinct values only: exports repeat the same prices, dates and clients on
thousands of lines, so parsing what is distinct is most of the speed of a load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ayni.core import canonical, ruts
from loaders import validate
from loaders.formats import DateFormat, NumberFormat, is_blank, parse_dates, parse_numbers
from loaders.mapping import Mapping
from loaders.problems import Problems
from loaders.source import Chunk

ISO = DateFormat("ISO8601", None)
# No sale line holds a quadrillion of anything; above it a number is a typing or export
# error (and beyond what the database's NUMERIC transfer takes as whole int64 digits).
MAX_MAGNITUDE = 1e15
PLAIN = NumberFormat(".", None)


@dataclass
class Prepared:
    typed: pd.DataFrame   # every line read: file_line, the canonical columns typed, extra (JSON)
    good: np.ndarray      # per row of typed: True when the line has no error
    problems: Problems
    read: int             # lines of the file this chunk covered (bad rows included)

    @property
    def lines(self) -> pd.DataFrame:
        """The good lines. A copy of every column when a line is rejected: the load keeps
        `typed` and `good` instead and leaves the filtering to its encoder."""
        return self.typed if self.good.all() else self.typed.loc[self.good]


def prepare(chunk: Chunk, mapping: Mapping, now: pd.Timestamp,
            ruts_seen: ruts.RutNormalizer | None = None) -> Prepared:
    """Typed good lines and the problems of one chunk. Pass the same RutNormalizer for
    every chunk of a file so each client's RUT is checked once."""
    frame, at = chunk.frame, np.asarray(chunk.lines, dtype="int64")
    problems = Problems()
    if chunk.bad_rows:
        bad_at = np.array([line for line, _ in chunk.bad_rows], dtype="int64")
        problems.add(bad_at, np.ones(len(bad_at), bool), "*",
                     pd.Series([text for _, text in chunk.bad_rows]), "bad_row")

    texts = _texts(frame, mapping)
    names = {f: mapping.columns.get(f, f) for f in canonical.NAMES}  # how the report names a column
    columns: dict[str, object] = {"file_line": at}
    blank = {}

    for field in canonical.NAMES:
        if field not in texts:
            columns[field] = np.full(len(frame), np.nan if field in canonical.NUMERIC else None)
            continue
        if field not in canonical.NUMERIC and field != "in_dt":
            columns[field], blank[field] = _text(texts[field])  # the reader strips values
            continue
        codes, uniques = pd.factorize(texts[field])
        distinct = pd.Series(uniques)
        blank[field] = is_blank(distinct).to_numpy()[codes]
        if field == "in_dt":
            columns[field] = _expand(distinct, codes, lambda v: parse_dates(
                v, mapping.dates.get(names[field], ISO)))
            problems.add(at, np.isnat(columns[field]) & ~blank[field], names[field],
                         texts[field], "bad_date")
        else:
            columns[field] = _expand(distinct, codes, lambda v: parse_numbers(
                v, mapping.numbers.get(names[field], PLAIN)))
            problems.add(at, np.isnan(columns[field]) & ~blank[field], names[field],
                         texts[field], "bad_number")
            problems.add(at, np.abs(columns[field]) >= MAX_MAGNITUDE, names[field],
                         texts[field], "number_out_of_range")
    # One frame built at once: inserting twenty columns one by one costs a copy each.
    lines = pd.DataFrame(columns, index=frame.index)

    for field in canonical.REQUIRED:
        if field not in texts:
            raise ValueError(f"required field {field} has neither a column nor a default")
        problems.add(at, blank[field], names[field], texts[field], "missing_required")

    if "in_customer_id" in texts:
        normal, invalid = (ruts_seen or ruts.RutNormalizer())(lines["in_customer_id"])
        problems.add(at, invalid, names["in_customer_id"], texts["in_customer_id"],
                     "invalid_rut")
        lines["in_customer_id"] = normal
    _infer(lines)
    validate.check(lines, texts, now, problems, mapping.columns)
    lines["extra"] = _extra(frame, mapping)

    good = ~np.isin(at, problems.error_lines())
    return Prepared(lines, good, problems, len(frame) + len(chunk.bad_rows))


def _texts(frame: pd.DataFrame, mapping: Mapping) -> dict[str, pd.Series]:
    """What the file says for each mapped field: its column, else its default. The reader
    hands over stripped text, never missing values."""
    texts = {}
    for field in canonical.NAMES:
        if field in mapping.columns:
            texts[field] = frame[mapping.columns[field]]
        elif field in mapping.defaults:
            texts[field] = pd.Series(str(mapping.defaults[field]), index=frame.index, dtype=str)
    return texts


def _text(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(text with "" as missing, mask of the empty values), through Arrow: no Python
    object per value."""
    array = pa.array(values, type=pa.large_string(), from_pandas=True)
    empty = pc.equal(array, "")
    blank = empty.to_numpy(zero_copy_only=False)
    if not blank.any():
        return values, blank
    return pd.Series(pd.array(pc.if_else(empty, pa.scalar(None, array.type), array),
                              dtype=values.dtype), index=values.index), blank


def _expand(distinct: pd.Series, codes: np.ndarray,
            parse: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    """Parse each distinct value once, then give every line its value."""
    return parse(distinct).to_numpy()[codes]


def _infer(lines: pd.DataFrame) -> None:
    """Complete the inferable columns (docs/PRODUCT.md) where the file did not give them."""
    qty = lines["in_quantity"].where(lines["in_quantity"] != 0)
    lines["in_discount_total"] = lines["in_discount_total"].fillna(0.0)
    lines["in_commission_total"] = lines["in_commission_total"].fillna(0.0)
    lines["in_price_unit"] = lines["in_price_unit"].fillna(
        ((lines["in_price_total"] + lines["in_discount_total"]) / qty).round(4))
    lines["in_cost_total"] = lines["in_cost_total"].fillna(
        (lines["in_cost_unit"] * lines["in_quantity"]).round(4))
    lines["in_cost_unit"] = lines["in_cost_unit"].fillna((lines["in_cost_total"] / qty).round(4))
    lines["in_margin"] = lines["in_margin"].fillna(
        (lines["in_price_total"] - lines["in_cost_total"] - lines["in_commission_total"]).round(4))


def _extra(frame: pd.DataFrame, mapping: Mapping) -> pd.Series:
    """Source columns no field uses, as one JSON object per line, so nothing sent is lost."""
    unmapped = mapping.unmapped(list(frame.columns))
    if not unmapped:
        return pd.Series(None, index=frame.index, dtype=object)
    records = frame[unmapped].to_json(orient="records", lines=True, force_ascii=False)
    return pd.Series(records.splitlines()[: len(frame)], index=frame.index, dtype=object)
