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


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel shows accents right."""
    return neutralize(frame).to_csv(index=False).encode("utf-8-sig")


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
