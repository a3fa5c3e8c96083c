"""Reading files into chunks of text columns, each line tagged with its line number."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from loaders import canonical


class FileFormatError(ValueError):
    """The file cannot be read as it is; the message tells the user what to fix (Spanish)."""


def read_header(path: Path) -> list[str]:
    frame = pd.read_csv(path, nrows=0, encoding="utf-8-sig")
    return [str(c).strip() for c in frame.columns]


def read_canonical_csv(path: Path, chunksize: int = 100_000) -> Iterator[pd.DataFrame]:
    """Chunks of a CSV whose header already names the canonical `in_*` columns."""
    header = read_header(path)
    missing = [c for c in canonical.REQUIRED if c not in header]
    if missing:
        raise FileFormatError(
            "el archivo no tiene las columnas obligatorias "
            f"{', '.join(missing)} (línea 1, encabezado)"
        )
    for chunk in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=chunksize,
                             encoding="utf-8-sig"):
        chunk.columns = [str(c).strip() for c in chunk.columns]
        chunk["file_line"] = chunk.index + 2  # header is line 1
        yield chunk
