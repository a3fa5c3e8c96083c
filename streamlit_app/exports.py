"""Tables as CSV and Excel files for download, safe to open in a spreadsheet.

A cell starting with `=`, `+`, `-` or `@` would run as a formula in Excel or LibreOffice
(CSV injection); such text cells get a leading apostrophe. Numbers are left as numbers.
The rule and the Excel writer are ayni.core.xlsx's, shared by every download.
"""

from __future__ import annotations

import pandas as pd

from ayni.core import xlsx
from ayni.core.xlsx import FORMULA_START


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.astype(object)
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
            out[column] = text.where(~risky, "'" + text.astype(str))
    return out


def to_csv(frame: pd.DataFrame, language: str = "es") -> bytes:
    """UTF-8 with BOM, so Excel shows accents right, in the reader's convention: in es-CL
    `;` between fields and `,` before decimals (a Chilean Excel opens a comma-separated file
    in one column), dates as 31-12-2025; in English `,` and `.`, dates as 2025-12-31."""
    separator, decimal, dates = (";", ",", "%d-%m-%Y") if language == "es" else \
        (",", ".", "%Y-%m-%d")
    clean = neutralize(frame)
    for column in clean.columns:
        values = clean[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            whole_days = (values.dropna() == values.dropna().dt.normalize()).all()
            clean[column] = values.dt.strftime(dates if whole_days else dates + " %H:%M:%S")
    return clean.to_csv(index=False, sep=separator, decimal=decimal).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "datos") -> bytes:
    """One sheet of `frame` (ayni.core.xlsx: typed cells, formula-like text neutralised);
    a date-time column of whole days is written as dates, as in to_csv."""
    values = frame.reset_index(drop=True).astype(object)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            present = series.dropna()  # (a time zone is dropped by the writer: Excel has none)
            if (present == present.dt.normalize()).all():
                values[column] = [None if pd.isna(v) else v.date() for v in series]
    return xlsx.values_workbook([str(c) for c in frame.columns],
                                values.itertuples(index=False, name=None), sheet)
