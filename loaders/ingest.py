"""The whole path of a file into raw.transactions: read → map → validate → COPY → write.

Reading and checking run in this thread while a second thread streams the finished
chunks to PostgreSQL, so the parsing of one chunk overlaps the COPY of the previous
one. Memory stays bounded: at most a few chunks are alive at a time.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg

from ayni.core.messages import UserError
from ayni.core.ruts import RutNormalizer
from loaders import binary_copy
from loaders.load import MonthUpdate, Sent, StagedLoad
from loaders.mapping import Mapping
from loaders.occurrence import Occurrences
from loaders.report import ReportWriter
from loaders.source import Source
from loaders.transform import prepare

_DONE = object()


class TooManyErrors(UserError, ValueError):
    """More lines failed than the threshold allows; nothing was loaded."""

    def __init__(self, key: str, result: IngestResult | None = None, **values: object):
        super().__init__(key, **values)
        self.result = result  # counts and report path, for the summary


@dataclass
class IngestResult:
    lines_read: int = 0
    lines_loaded: int = 0
    lines_rejected: int = 0
    lines_warned: int = 0
    problems: int = 0
    date_from: date | None = None
    date_to: date | None = None
    months: list[MonthUpdate] = field(default_factory=list)
    report_path: Path | None = None


def total_lines(source: Source) -> int:
    """Physical lines (CSV) or rows (XLSX) of the file, to turn line numbers into progress."""
    if source.format.kind == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(source.path, read_only=True)
        try:
            return book[source.format.sheet].max_row or 0
        finally:
            book.close()
    with source.path.open("rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) + 1


class _Writer(threading.Thread):
    """Encodes the good lines of each chunk for COPY and sends them, from a small queue,
    while the reading thread prepares the next chunk: the encoder and the socket spend
    most of their time outside the GIL, on the core the reading leaves free. The first
    error stops the load."""

    def __init__(self, staged: StagedLoad, company_id: int, upload_id: int | None):
        super().__init__(daemon=True, name="ayni-copy")
        self.staged, self.company_id, self.upload_id = staged, company_id, upload_id
        self.inbox: queue.Queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None

    def run(self) -> None:
        while (item := self.inbox.get()) is not _DONE:
            if self.error is None:
                try:
                    for piece in binary_copy.encode(*item, self.company_id, self.upload_id):
                        self.staged.add(piece)
                except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                    self.error = exc

    def send(self, lines: pd.DataFrame, good: np.ndarray) -> None:
        """Queue typed lines and which of them to load (the caller no longer changes them)."""
        if self.error is not None:
            raise self.error
        self.inbox.put((lines, good))

    def close(self) -> None:
        """Wait for the queued payloads; raise the database's error if there was one."""
        self.stop()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        if self.is_alive():
            self.inbox.put(_DONE)
            self.join()


def ingest(conn: psycopg.Connection, source: Source, mapping: Mapping, company_id: int,
           upload_id: int | None, *, now: pd.Timestamp, mode: str = "append",
           max_error_pct: float = 5.0, report_path: Path | None = None,
           chunk_rows: int = 100_000,
           progress: Callable[[int], None] | None = None) -> IngestResult:
    """Load one file for one company in one transaction. Raises TooManyErrors (nothing loaded)
    when the share of rejected lines passes max_error_pct; the report is written either way."""
    missing = mapping.missing_required()
    if missing:
        raise ValueError(f"required fields not mapped: {', '.join(missing)}")
    result = IngestResult(report_path=report_path)
    report = ReportWriter(report_path) if report_path else None
    try:
        with conn.transaction():
            staged = StagedLoad(conn, company_id, upload_id, mode)
            staged.begin()
            writer = _Writer(staged, company_id, upload_id)
            writer.start()
            occurrences, sent, clients = Occurrences(), Sent(), RutNormalizer()
            try:
                for chunk in source.chunks(chunk_rows):
                    prepared = prepare(chunk, mapping, now, clients)
                    lines, good = prepared.typed, prepared.good
                    lines["line_no"] = 0  # rejected lines keep 0: the encoder leaves them out
                    lines.loc[good, "line_no"] = occurrences.number(
                        lines["in_trans_id"][good], lines["in_product_id"][good])
                    _count(sent, lines["in_dt"][good])
                    problems = prepared.problems.frame()
                    result.lines_read += prepared.read
                    result.lines_rejected += prepared.read - int(good.sum())
                    result.lines_warned += problems.loc[
                        ~problems["line"].isin(prepared.problems.error_lines()), "line"].nunique()
                    result.problems += len(problems)
                    if report:
                        report.write(problems)
                    if good.any():
                        writer.send(lines, good)
                    if progress and len(chunk.lines):
                        progress(int(chunk.lines[-1]))
                writer.close()
                _check_threshold(result, max_error_pct)
            except BaseException:
                writer.stop()
                staged.abort()  # leave COPY so the transaction can roll back
                raise
            written = staged.write(sent)
    finally:
        if report:
            report.close()
    result.lines_loaded = written.lines
    result.date_from, result.date_to, result.months = written.date_from, written.date_to, written.months
    if report_path and not result.problems:
        report_path.unlink(missing_ok=True)
        result.report_path = None
    return result


def _count(sent: Sent, days: pd.Series) -> None:
    """Add the sale times of loaded lines to what was sent: their span, lines per month."""
    if days.empty:
        return
    first, last = days.min().date(), days.max().date()
    sent.date_from = min(sent.date_from or first, first)
    sent.date_to = max(sent.date_to or last, last)
    months = days.dt.to_period("M").value_counts()
    sent.months.update({p.start_time.date(): int(n) for p, n in months.items()})


def _check_threshold(result: IngestResult, max_error_pct: float) -> None:
    if not result.lines_read:
        raise TooManyErrors("load.no_lines", result)
    share = 100 * result.lines_rejected / result.lines_read
    if share > max_error_pct:
        raise TooManyErrors("load.too_many_errors", result, rejected=result.lines_rejected,
                            read=result.lines_read, share=round(share, 1),
                            limit=float(max_error_pct))
