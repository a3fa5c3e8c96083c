"""The error report: one CSV row per problem, with line, column, value and reason.

Written while the file is read, so a file with many problems never holds them all in
memory. Spanish headers and a BOM, so Excel opens it with the accents right.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.reasons import REASONS

HEADER = ("linea", "columna", "valor", "motivo", "codigo", "gravedad")
SEVERITY_ES = {"error": "rechazada", "warning": "advertencia"}


class ReportWriter:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("w", newline="", encoding="utf-8-sig")
        pd.DataFrame(columns=list(HEADER)).to_csv(self._fh, index=False)

    def write(self, problems: pd.DataFrame) -> None:
        """Append problems (columns line, column, value, code)."""
        if problems.empty:
            return
        codes = problems["code"]
        pd.DataFrame({
            "linea": problems["line"],
            "columna": problems["column"],
            "valor": problems["value"],
            "motivo": codes.map(lambda c: REASONS[c][1]),
            "codigo": codes,
            "gravedad": codes.map(lambda c: SEVERITY_ES[REASONS[c][0]]),
        }).to_csv(self._fh, index=False, header=False)

    def close(self) -> None:
        self._fh.close()


def read_report(path: Path) -> pd.DataFrame:
    """A written report as a frame (for pages and tests)."""
    return pd.read_csv(path, dtype={"valor": str}, keep_default_na=False, encoding="utf-8-sig")
