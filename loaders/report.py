"""The error report: one CSV row per problem, with line, column, value and reason.

Written while the file is read, so a file with many problems never holds them all in
memory. What is stored is language-neutral — line, column, value and the reason's code —
and it is put into words when someone reads it (`render`, `read_report`): the page's
download in the reader's language, the CLI's copy in AYNI_LANGUAGE. A company's uploads
are read by several people, each in their own language, long after the upload, so the
report follows the reader like the rest of the page, not the uploader. The rendered file
has a BOM, so Excel opens it with the accents right.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ayni.core import messages
from loaders.reasons import message, severity_label

STORED = ("line", "column", "value", "code")
# the rendered columns, each the catalogue's report.<name>
HEADER = ("line", "column", "value", "reason", "code", "severity")
# reports written before they were language-neutral: Spanish headers, Spanish words
_OLD = {"linea": "line", "columna": "column", "valor": "value", "codigo": "code"}


class ReportWriter:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("w", newline="", encoding="utf-8")
        pd.DataFrame(columns=list(STORED)).to_csv(self._fh, index=False)

    def write(self, problems: pd.DataFrame) -> None:
        """Append problems (columns line, column, value, code)."""
        if problems.empty:
            return
        problems[list(STORED)].to_csv(self._fh, index=False, header=False)

    def close(self) -> None:
        self._fh.close()


def _stored_chunks(path: Path, size: int = 100_000):
    chunks = pd.read_csv(path, dtype={"value": str, "valor": str, "column": str, "columna": str},
                         keep_default_na=False, encoding="utf-8-sig", chunksize=size)
    for chunk in chunks:
        yield chunk.rename(columns=_OLD)[list(STORED)]


def _words(chunk: pd.DataFrame, language: str) -> pd.DataFrame:
    codes = chunk["code"]
    reasons = {c: message(c, language) for c in codes.unique()}
    severities = {c: severity_label(c, language) for c in codes.unique()}
    frame = pd.DataFrame({
        "line": chunk["line"], "column": chunk["column"], "value": chunk["value"],
        "reason": codes.map(reasons), "code": codes, "severity": codes.map(severities),
    })
    frame.columns = _header(language)
    return frame


def _header(language: str) -> list[str]:
    return [messages.text(f"report.{name}", language) for name in HEADER]


def render(path: Path | str, language: str = "es") -> bytes:
    """The report as its reader downloads it: headers, reasons and severities in
    `language`, UTF-8 with a BOM."""
    out = io.StringIO()
    pd.DataFrame(columns=_header(language)).to_csv(out, index=False)
    for chunk in _stored_chunks(Path(path)):
        _words(chunk, language).to_csv(out, index=False, header=False)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def rendered_copy(path: Path | str, language: str = "es") -> Path:
    """The report in `language` written beside the stored one (what the CLI points to)."""
    path = Path(path)
    target = path.with_name(f"{path.stem}.{language}.csv")
    target.write_bytes(render(path, language))
    return target


def read_report(path: Path | str, language: str = "es") -> pd.DataFrame:
    """A written report in `language` as a frame (for pages and tests)."""
    return pd.read_csv(io.BytesIO(render(path, language)), dtype={messages.text("report.value", language): str},
                       keep_default_na=False, encoding="utf-8-sig")
