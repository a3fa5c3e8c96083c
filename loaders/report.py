"""The error report: one CSV row per problem, with line, column, value and reason."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from loaders.validate import Rejection

HEADER = ("linea", "columna", "valor", "motivo", "codigo")


def write_report(rejections: Iterable[Rejection], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens it right
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for r in rejections:
            writer.writerow((r.line, r.column, r.value, r.reason, r.code))
    return path
