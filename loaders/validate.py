"""Typing and checking canonical lines: good lines go on, every bad one is reported."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders import canonical
from loaders.reasons import message


@dataclass(frozen=True)
class Rejection:
    line: int       # line number in the original file (header = 1)
    column: str
    value: str
    code: str

    @property
    def reason(self) -> str:
        return message(self.code)


def _flag(frame: pd.DataFrame, mask: pd.Series, column: str, code: str,
          out: list[Rejection], bad: pd.Series) -> None:
    """Record one rejection per newly bad line (the first reason found is the one reported)."""
    new = mask & ~bad
    for line, value in zip(frame.loc[new, "file_line"], frame.loc[new, column].astype(str)):
        out.append(Rejection(int(line), column, value, code))
    bad |= new


def validate(texts: pd.DataFrame, now: pd.Timestamp) -> tuple[pd.DataFrame, list[Rejection]]:
    """Type a chunk of canonical text columns (plus `file_line`); return good lines and rejections.

    `texts` holds strings (empty string = no value). Numbers use `.` as decimal separator,
    dates are ISO 8601: format detection and mapping happen before this step.
    """
    rejections: list[Rejection] = []
    bad = pd.Series(False, index=texts.index)
    typed = pd.DataFrame({"file_line": texts["file_line"].astype("int64")}, index=texts.index)

    for name in canonical.REQUIRED:
        if name not in texts:
            raise KeyError(f"the required column {name} is not mapped")
        _flag(texts, texts[name].str.strip().eq(""), name, "missing_required", rejections, bad)

    dt = pd.to_datetime(texts["in_dt"].str.strip(), format="ISO8601", errors="coerce")
    _flag(texts, dt.isna(), "in_dt", "bad_date", rejections, bad)
    _flag(texts, dt > now, "in_dt", "future_date", rejections, bad)
    typed["in_dt"] = dt

    for name in canonical.NUMERIC:
        if name not in texts:
            typed[name] = np.nan
            continue
        raw = texts[name].str.strip()
        number = pd.to_numeric(raw, errors="coerce")
        _flag(texts, number.isna() & raw.ne(""), name, "bad_number", rejections, bad)
        typed[name] = number

    for name in canonical.TEXT:
        value = texts[name].str.strip() if name in texts else pd.Series(pd.NA, index=texts.index)
        typed[name] = value.mask(value.eq(""))

    _flag(texts, typed["in_quantity"].eq(0), "in_quantity", "zero_quantity", rejections, bad)
    negative_sale = typed["in_price_total"].lt(0) & typed["in_quantity"].gt(0)
    _flag(texts, negative_sale, "in_price_total", "negative_price", rejections, bad)

    typed["in_discount_total"] = typed["in_discount_total"].fillna(0)
    typed["in_commission_total"] = typed["in_commission_total"].fillna(0)
    return typed.loc[~bad], sorted(rejections, key=lambda r: r.line)
