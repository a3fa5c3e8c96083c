"""Tables as CSV and Excel files for download, safe to open in a spreadsheet.

A cell starting with `=`, `+`, `-` or `@` would run as a formula in Excel or LibreOffice
(CSV injection); such text cells get a leading apostrophe. Numbers are left as numbers.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        clean = neutralize(frame)
        for column in clean.columns:  # Excel has no time zones
            if isinstance(clean[column].dtype, pd.DatetimeTZDtype):
                clean[column] = clean[column].dt.tz_localize(None)
        clean.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def neutralized_sql(expression: str) -> str:
    """The same rule as SQL, for text PostgreSQL writes straight into a file (the processed
    lines): `expression` with a leading apostrophe when it starts like a formula."""
    starts = ", ".join("'" + c.replace("'", "''") + "'" for c in FORMULA_START)
    return (f"CASE WHEN left({expression}, 1) IN ({starts}) THEN '''' || {expression} "
            f"ELSE {expression} END")
