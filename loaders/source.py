"""Opening a sales export as users send it (CSV or XLSX) and streaming its rows as text.

Every row keeps the physical line (CSV) or sheet row (XLSX) where it starts, so a
rejected line can be reported with the number the user sees in their editor.

CSV is read in byte blocks cut at line ends and never inside a quoted field (the quotes
are located with numpy). pyarrow parses each block on all cores; when the block has as
many records as lines their numbers are consecutive, otherwise they are computed from
the blank lines and the quoted spans. Rows of the wrong width are padded or reported.
Anything pyarrow cannot explain (a stray carriage return, a quote never closed) is read
record by record with the csv module instead: same rows, only slower.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from loaders import sniff
from loaders.errors import FileFormatError

SAMPLE_LINES = 200  # lines read to detect the delimiter and the header
# Bytes parsed at once: bounds memory whatever the line length. `ayni bench ingest`: 6 MB
# saved ~45 MB of peak memory for ~4 % less speed.
CHUNK_BYTES = 8 << 20
MAX_RAW = 500  # characters of a bad row kept for the report


@dataclass(frozen=True)
class SourceFormat:
    kind: Literal["csv", "xlsx"]
    encoding: str | None  # csv: Python codec ("utf-8-sig" when there is a BOM)
    delimiter: str | None  # csv: , ; \t or |
    header_line: int  # 1-based physical line (csv) or sheet row (xlsx) of the header
    sheet: str | None  # xlsx: sheet name


@dataclass
class Chunk:
    frame: pd.DataFrame  # one str column per source column, "" when empty
    lines: np.ndarray  # int64: line (csv) / row (xlsx) where each row starts
    bad_rows: list[tuple[int, str]] = field(default_factory=list)  # (line, raw text)


class Source:
    path: Path
    format: SourceFormat
    columns: list[str]

    def chunks(self, rows: int = 100_000) -> Iterator[Chunk]:
        raise NotImplementedError

    def preview(self, rows: int = 20) -> Chunk:
        """The first rows only: reads about `rows` lines of the file."""
        chunks = self.chunks(rows)
        try:
            return next(chunks, None) or self._empty()
        finally:
            chunks.close()

    def _empty(self) -> Chunk:
        return Chunk(pd.DataFrame({c: pd.Series([], dtype="str") for c in self.columns}),
                     np.empty(0, dtype=np.int64), [])


def open_source(path: Path, *, kind: str | None = None, encoding: str | None = None,
                delimiter: str | None = None, header_line: int | None = None,
                sheet: str | None = None, max_bytes: int | None = None) -> Source:
    """Open an export, detecting whatever is not given; FileFormatError says what is wrong."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileFormatError("file.cannot_open", name=path.name) from exc
    if max_bytes is not None and size > max_bytes:
        big, limit = _sizes(size, max_bytes)
        raise FileFormatError("file.too_big", size=big, limit=limit)
    if size == 0:
        raise FileFormatError("file.empty")
    if header_line is not None and header_line < 1:
        raise FileFormatError("file.header_line_min")
    if kind is None:
        with open(path, "rb") as f:
            kind = sniff.detect_kind(path, f.read(8))
    if kind == "csv":
        return CsvSource(path, encoding, delimiter, header_line)
    if kind == "xlsx":
        return XlsxSource(path, sheet, header_line)
    raise FileFormatError("file.unknown_kind", kind=kind)


def sheet_names(path: Path) -> list[str]:
    """Sheets of a workbook; [] for a CSV."""
    path = Path(path)
    with open(path, "rb") as f:
        if sniff.detect_kind(path, f.read(8)) != "xlsx":
            return []
    workbook = _workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes in the limit's unit, with decimals only when needed to tell them apart."""
    unit, factor = next((u, f) for u, f in (("MB", 1 << 20), ("KB", 1 << 10), ("bytes", 1))
                        if limit >= f or f == 1)
    for digits in (0, 1, 2):
        big, most = f"{size / factor:.{digits}f}", f"{limit / factor:.{digits}f}"
        if big != most:
            break
    return f"{big} {unit}", f"{most} {unit}"


# --- CSV -------------------------------------------------------------------------------

class _ByteLines:
    """Whole lines of a binary file, read in large blocks (bounded memory)."""

    def __init__(self, f: BinaryIO, newline: bytes, bytes_per_line: float):
        self.f = f
        self.nl = newline
        self.rest = b""
        self.rest_newlines = 0  # newlines in rest
        self.eof = False
        self.bytes_per_line = max(bytes_per_line, 8.0)

    def take(self, n: int) -> tuple[bytes, int]:
        """Up to n complete lines and at most about CHUNK_BYTES (at least one line; the
        file's last line may lack its newline), and how many newlines they hold."""
        parts, size, have = [self.rest], len(self.rest), self.rest_newlines
        while (have < n and size < CHUNK_BYTES or not have) and not self.eof:
            want = max(int((n - have) * self.bytes_per_line * 1.05), 1 << 16)
            block = self.f.read(min(want, CHUNK_BYTES - size + (1 << 16)))
            if not block:
                self.eof = True
                break
            parts.append(block)
            size += len(block)
            have += _count(block, self.nl)
        buf = b"".join(parts) if len(parts) > 1 else parts[0]
        # Each byte is counted once: the newlines taken follow from where the cut is.
        if have > n:
            cut, taken = self._after_nth(buf, n, have), n
        elif self.eof:
            cut, taken = len(buf), have
        else:
            cut, taken = buf.rfind(self.nl) + 1, have
        if cut > CHUNK_BYTES:  # long lines: fewer rows, same memory
            cut = (buf.rfind(self.nl, 0, CHUNK_BYTES) + 1 or buf.find(self.nl) + 1
                   or cut)
            taken = _count(buf[:cut], self.nl)
        out, self.rest, self.rest_newlines = buf[:cut], buf[cut:], have - taken
        if taken:
            self.bytes_per_line = 0.5 * self.bytes_per_line + 0.5 * len(out) / taken
        return out, taken

    def _after_nth(self, buf: bytes, n: int, total: int) -> int:
        """Index just after the n-th newline, from a proportional guess (lines are alike)."""
        nl = self.nl
        pos = len(buf) * n // total
        count = buf.count(nl, 0, pos)
        while count < n:
            pos = buf.find(nl, pos) + 1
            count += 1
        while count > n:
            pos = buf.rfind(nl, 0, pos)
            count -= 1
        return buf.rfind(nl, 0, pos) + 1


class CsvSource(Source):
    def __init__(self, path: Path, encoding: str | None, delimiter: str | None,
                 header_line: int | None):
        self.path = path
        with open(path, "rb") as f:
            encoding = self._encoding(f, encoding)
            self._codec = "utf-8" if sniff.is_utf8(encoding) else encoding
            f.seek(0)
            self._bom = len(sniff.UTF8_BOM) if (
                self._codec == "utf-8" and f.read(3) == sniff.UTF8_BOM) else 0
            f.seek(self._bom)
            head = f.read(1 << 16)
            # old Mac exports end lines with a bare \r (and use \n inside cells)
            bare_cr = head.count(b"\r") - head.count(b"\r\n")
            self._nl = b"\r" if bare_cr > head.count(b"\n") else b"\n"
            f.seek(self._bom)
            reader = _ByteLines(f, self._nl, 200)
            sample = reader.take(max(SAMPLE_LINES, (header_line or 0) + 50))[0] if head else b""
        raw_lines = _split_lines(sample, self._nl)
        lines = [line.decode(self._codec) for line in raw_lines]
        if delimiter is None:
            delimiter = sniff.detect_delimiter(lines[:50])
        elif len(delimiter) != 1 or not delimiter.isascii() or delimiter in "\"\r\n":
            raise FileFormatError("file.bad_delimiter", delimiter=delimiter)
        self._delimiter = delimiter
        self._delimiter_byte = ord(delimiter)

        found = [(start, fields, raw)
                 for start, fields, raw in sniff.records(sniff.Lines(lines), delimiter, 1)
                 if fields and not sniff.is_blank(fields)]
        if header_line is None:
            scan = found[:sniff.HEADER_SCAN_ROWS]
            if not scan:
                raise FileFormatError("file.only_blank")
            start, fields, raw = scan[sniff.find_header([f for _, f, _ in scan])]
        else:
            match = [r for r in found if r[0] == header_line]
            if not match:
                raise FileFormatError("file.no_header_at_line", line=header_line)
            start, fields, raw = match[0]
        self.columns = sniff.column_names(fields)
        self._data_line = start + len(raw)
        self._data_start = self._bom + sum(len(b) for b in raw_lines[: self._data_line - 1])
        self._bytes_per_line = len(sample) / max(1, len(raw_lines))
        self.format = SourceFormat("csv", encoding, delimiter, start, None)

    @staticmethod
    def _encoding(f: BinaryIO, given: str | None) -> str:
        if given is None:
            return sniff.detect_encoding(f)
        try:
            codecs.lookup(given)
        except LookupError as exc:
            raise FileFormatError("file.unknown_encoding", encoding=given) from exc
        f.seek(0)
        start = 3 if f.read(3) == sniff.UTF8_BOM else 0
        sniff.check_decodes(f, given, start)
        return given

    def chunks(self, rows: int = 100_000) -> Iterator[Chunk]:
        """Every row after the header, about `rows` lines (at most CHUNK_BYTES) at a time."""
        if rows < 1:
            raise ValueError("rows must be positive")
        with open(self.path, "rb") as f:
            f.seek(self._data_start)
            reader = _ByteLines(f, self._nl, self._bytes_per_line)
            line = self._data_line
            while True:
                data, newlines = reader.take(rows)
                if not data:
                    break
                data, newlines, spans = self._close_quotes(data, newlines, reader)
                n_lines = newlines + (not data.endswith(self._nl))
                chunk = None if spans is None else self._fast(data, line, n_lines, spans)
                if chunk is None:
                    chunk, n_lines = self._slow(data, line, reader)
                line += n_lines
                if len(chunk.frame) or chunk.bad_rows:
                    yield chunk

    def _close_quotes(self, data: bytes, newlines: int, reader: _ByteLines,
                      ) -> tuple[bytes, int, _Spans | None]:
        """Extend a block that ends inside a quoted field up to the closing quote; also
        return the quoted spans. Spans are None when the quote never closes."""
        extra = 0
        while True:
            spans = _quoted_spans(np.frombuffer(data, dtype=np.uint8), self._delimiter_byte)
            if not spans.open_at_end:
                return data, newlines, spans
            if extra >= sniff.MAX_RECORD_LINES:
                return data, newlines, None
            more, count = reader.take(max(16, extra))
            if not more:
                return data, newlines, None
            data, newlines, extra = data + more, newlines + count, extra + count

    # pyarrow path -------------------------------------------------------------------

    def _fast(self, data: bytes, first_line: int, n_lines: int, spans: _Spans) -> Chunk | None:
        """Parse with pyarrow; None when its records cannot be matched to their lines."""
        codes = np.frombuffer(data, dtype=np.uint8)
        if _stray_breaks(codes, self._nl, spans):
            return None  # pyarrow would end records there too, shifting line numbers
        if self._codec != "utf-8" and not data.isascii():
            data = _to_utf8(data, self._codec)
        invalid: list[tuple[int | None, str, int]] = []
        try:
            table = self._arrow(data, invalid, threads=True)
            if table is None:  # a row of the wrong width: the single-threaded handler is fast
                table = self._arrow(data, invalid, threads=False)
        except pa.ArrowInvalid:
            return None
        if table is None:
            return None
        records = table.num_rows + len(invalid)
        if records == n_lines:  # the usual case: one record per line
            lines = np.arange(first_line, first_line + n_lines, dtype=np.int64)
        else:  # blank lines or newlines inside quoted fields
            lines = _record_lines(codes, self._nl, spans, first_line)
            if len(lines) != records:
                return None
        bad: list[tuple[int, str]] = []
        if invalid:
            repaired = self._repair(table, invalid, lines)
            if repaired is None:
                return None
            table, lines, bad = repaired
        return self._finish(table.columns, lines, bad)

    def _arrow(self, data: bytes, invalid: list[tuple[int | None, str, int]],
               threads: bool) -> pa.Table | None:
        """All columns as strings. With threads the Python handler is slow (GIL), so the
        first invalid row stops the parse and None is returned."""
        names = [str(i) for i in range(len(self.columns))]
        stopped = False

        def on_invalid(row: pacsv.InvalidRow) -> str:
            nonlocal stopped
            if threads:
                stopped = True
                return "error"
            invalid.append((row.number, row.text, row.actual_columns))
            return "skip"

        try:
            return pacsv.read_csv(
                pa.py_buffer(data),
                read_options=pacsv.ReadOptions(column_names=names, use_threads=threads,
                                               block_size=1 << 20),
                parse_options=pacsv.ParseOptions(delimiter=self._delimiter, quote_char='"',
                                                 double_quote=True, newlines_in_values=True,
                                                 invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                    quoted_strings_can_be_null=False, check_utf8=False))
        except pa.ArrowInvalid:
            if stopped:
                return None
            raise

    def _repair(self, table: pa.Table, invalid: list[tuple[int | None, str, int]],
                record_lines: np.ndarray,
                ) -> tuple[pa.Table, np.ndarray, list[tuple[int, str]]] | None:
        """Put back the rows pyarrow skipped: short ones padded with delimiters and parsed
        again (Excel leaves out trailing empty cells), long ones truncated when the extra
        fields are empty, else reported."""
        width = len(self.columns)
        padded: list[str] = []
        padded_at: list[int] = []
        long_rows: list[list[str]] = []
        long_at: list[int] = []
        bad: list[tuple[int, str]] = []
        for number, text, actual in invalid:
            if number is None:
                return None
            text = text.rstrip("\r\n")
            if actual < width:
                padded.append(text + self._delimiter * (width - actual))
                padded_at.append(number - 1)
                continue
            fields = self._fit(next(csv.reader([text], delimiter=self._delimiter), []))
            if fields is None:
                bad.append((int(record_lines[number - 1]), _raw(text)))
            else:
                long_rows.append(fields)
                long_at.append(number - 1)
        parts = [table]
        if padded:
            invalid_again: list[tuple[int | None, str, int]] = []
            again = self._arrow("\n".join(padded).encode("utf-8"), invalid_again, threads=False)
            if again is None or invalid_again or again.num_rows != len(padded):
                return None
            parts.append(again)
        if long_rows:
            parts.append(pa.table({name: pa.array([row[i] for row in long_rows], pa.string())
                                   for i, name in enumerate(table.column_names)}))
        kept = np.ones(len(record_lines), dtype=bool)
        kept[[number - 1 for number, _, _ in invalid]] = False
        positions = np.concatenate([np.flatnonzero(kept), np.asarray(padded_at, np.int64),
                                    np.asarray(long_at, np.int64)])
        order = np.argsort(positions, kind="stable")
        table = pa.concat_tables(parts).take(pa.array(order))
        return table, record_lines[positions[order]], bad

    # csv module path ----------------------------------------------------------------

    def _slow(self, data: bytes, first_line: int,
              reader: _ByteLines) -> tuple[Chunk, int]:
        """Record by record with the csv module, pulling more lines when the block ends
        inside a quoted field. Returns the chunk and the number of lines used."""
        codec = self._codec

        def more() -> str | None:
            line = reader.take(1)[0]
            return line.decode(codec) if line else None

        source = sniff.Lines((b.decode(codec) for b in _split_lines(data, self._nl)), more)
        rows: list[list[str]] = []
        starts: list[int] = []
        bad: list[tuple[int, str]] = []
        end = first_line
        for start, fields, raw in sniff.records(source, self._delimiter, first_line,
                                                stop=lambda: not source.pending):
            end = start + len(raw)
            if fields is None:
                bad.append((start, _raw("".join(raw))))
                continue
            if sniff.is_blank(fields):
                continue
            fitted = self._fit(fields)
            if fitted is None:
                bad.append((start, _raw("".join(raw))))
            else:
                rows.append(fitted)
                starts.append(start)
        columns = [pa.array([row[i] for row in rows], pa.string())
                   for i in range(len(self.columns))]
        return self._finish(columns, np.asarray(starts, dtype=np.int64), bad), end - first_line

    # shared ---------------------------------------------------------------------------

    def _fit(self, fields: list[str]) -> list[str] | None:
        """Fields padded to the header's width; None when extra fields hold data."""
        width = len(self.columns)
        if len(fields) > width:
            if not sniff.is_blank(fields[width:]):
                return None
            return fields[:width]
        return fields + [""] * (width - len(fields))

    def _finish(self, columns: list[pa.ChunkedArray | pa.Array], lines: np.ndarray,
                bad: list[tuple[int, str]]) -> Chunk:
        columns = [pc.utf8_trim_whitespace(c) for c in columns]
        if columns and len(columns[0]) and pc.any(pc.equal(columns[0], "")).as_py():
            # rows with every cell empty (Excel writes ';;;;' for them) are blank lines
            empty = reduce(pc.and_, (pc.equal(c, "") for c in columns))
            keep = pc.invert(empty)
            columns = [pc.filter(c, keep) for c in columns]
            lines = lines[keep.to_numpy(zero_copy_only=False)]
        frame = pa.Table.from_arrays(columns, names=self.columns).to_pandas()
        return Chunk(frame, lines, sorted(bad))


@dataclass
class _Spans:
    """Byte ranges [start, end] from an opening quote to its closing quote."""
    starts: np.ndarray
    ends: np.ndarray
    open_at_end: bool


def _quoted_spans(codes: np.ndarray, delimiter: int) -> _Spans:
    """Where quoted fields are, by the rules pyarrow and the csv module share: a quote
    opens a field only at its start, "" inside is a quote, other quotes are literal."""
    quotes = np.flatnonzero(codes == 34)
    if not len(quotes):
        return _Spans(quotes, quotes, False)
    # Usual case, checked vectorized: every other quote opens a field (it follows a
    # delimiter, a line end or a quote of an "" pair), so quotes simply pair up.
    openers = quotes[0::2]
    before = codes[np.maximum(openers - 1, 0)]
    if openers[0] == 0:
        before[0] = delimiter
    if np.isin(before, (delimiter, 10, 13, 34)).all():
        closers = quotes[1::2]
        if len(closers) < len(openers):
            return _Spans(openers[:-1], closers, True)
        return _Spans(openers, closers, False)
    return _quoted_spans_loop(codes, quotes.tolist(), delimiter)


def _quoted_spans_loop(codes: np.ndarray, quotes: list[int], delimiter: int) -> _Spans:
    """Quote by quote, for blocks with literal quotes inside unquoted fields (12" TV)."""
    starts: list[int] = []
    ends: list[int] = []
    field_start = {delimiter, 10, 13}
    i, n = 0, len(quotes)
    while i < n:
        p = quotes[i]
        if p and int(codes[p - 1]) not in field_start:
            i += 1  # a literal quote in the middle of an unquoted field
            continue
        j = i + 1
        while j + 1 < n and quotes[j + 1] == quotes[j] + 1:
            j += 2  # "" inside a quoted field
        if j >= n:
            return _Spans(np.asarray(starts, np.int64), np.asarray(ends, np.int64), True)
        starts.append(p)
        ends.append(quotes[j])
        i = j + 1
    return _Spans(np.asarray(starts, np.int64), np.asarray(ends, np.int64), False)


def _record_lines(codes: np.ndarray, nl: bytes, spans: _Spans, first_line: int) -> np.ndarray:
    """Physical line where each record starts: lines that are neither empty nor the
    continuation of a quoted field (pyarrow skips empty lines)."""
    breaks = np.flatnonzero(codes == nl[0])
    starts = np.concatenate([np.zeros(1, np.int64), breaks + 1])
    ends = np.append(breaks, len(codes))
    if starts[-1] == len(codes):  # the block ends with a newline
        starts, ends = starts[:-1], ends[:-1]
    length = ends - starts
    first = codes[np.minimum(starts, len(codes) - 1)]
    empty = (length == 0) | ((length == 1) & (first == 13))
    begins = ~empty
    begins[1:] &= ~_inside(spans, starts[1:] - 1)  # the newline before is quoted
    return first_line + np.flatnonzero(begins)


def _inside(spans: _Spans, positions: np.ndarray) -> np.ndarray:
    """Which byte positions fall inside a quoted field."""
    if not len(spans.starts) or not len(positions):
        return np.zeros(len(positions), dtype=bool)
    k = np.searchsorted(spans.starts, positions, side="right") - 1
    return (k >= 0) & (positions < spans.ends[np.maximum(k, 0)])


def _stray_breaks(codes: np.ndarray, nl: bytes, spans: _Spans) -> bool:
    """Whether the other line-break byte (a bare \r in a \n file, a bare \n in an old
    Mac \r file) appears outside quotes, where pyarrow would end a record."""
    if nl == b"\n":
        other = np.flatnonzero(codes == 13)
        paired = other + 1 < len(codes)
        paired[paired] = codes[other[paired] + 1] == 10
    else:
        other = np.flatnonzero(codes == 10)
        paired = other > 0
        paired[paired] = codes[other[paired] - 1] == 13
    other = other[~paired]
    return bool(len(other)) and not _inside(spans, other).all()


def _to_utf8(data: bytes, codec: str) -> bytes:
    """``data`` re-encoded as UTF-8 for pyarrow."""
    # Windows-1252 differs from Latin-1 only in bytes 0x80-0x9F (€, curly quotes, …).
    # Without them Latin-1's decoder, a plain widening copy, gives the same text in half
    # the time of the charmap decoder.
    if codecs.lookup(codec).name == "cp1252" and len(data.translate(None, _C1)) == len(data):
        codec = "latin-1"
    return data.decode(codec).encode("utf-8")


_C1 = bytes(range(0x80, 0xA0))


def _count(data: bytes, byte: bytes) -> int:
    # numpy counts a single byte about twice as fast as bytes.count
    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == byte[0]))


def _split_lines(data: bytes, nl: bytes) -> list[bytes]:
    """Lines with their terminators (the last one may have none)."""
    parts = data.split(nl)
    lines = [p + nl for p in parts[:-1]]
    if parts and parts[-1]:
        lines.append(parts[-1])
    return lines


def _raw(text: str) -> str:
    text = text.rstrip("\r\n")
    return text if len(text) <= MAX_RAW else text[:MAX_RAW] + "…"


# --- XLSX ------------------------------------------------------------------------------

def _workbook(path: Path):  # -> openpyxl Workbook (imported lazily: slow to import)
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileFormatError("file.xlsx_unreadable", name=path.name) from exc


def _blank_row(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


class XlsxSource(Source):
    def __init__(self, path: Path, sheet: str | None, header_line: int | None):
        self.path = path
        workbook = _workbook(path)
        try:
            names = list(workbook.sheetnames)
            if sheet is None:
                sheet = next((n for n in names if self._has_data(workbook[n])), None)
                if sheet is None:
                    raise FileFormatError("file.xlsx_no_data")
            elif sheet not in names:
                raise FileFormatError("file.no_sheet", sheet=sheet, sheets=", ".join(names))
            found = self._first_rows(workbook[sheet], header_line)
        finally:
            workbook.close()
        if header_line is None:
            if not found:
                raise FileFormatError("file.sheet_empty", sheet=sheet)
            row, values = found[sniff.find_header([v for _, v in found])]
        else:
            match = [r for r in found if r[0] == header_line]
            if not match:
                raise FileFormatError("file.no_row", row=header_line, sheet=sheet)
            row, values = match[0]
        width = max(i for i, v in enumerate(values) if str(v).strip() != "") + 1
        self.columns = sniff.column_names([sniff.cell_text(v) for v in values[:width]])
        self.format = SourceFormat("xlsx", None, None, row, sheet)

    @staticmethod
    def _has_data(ws) -> bool:
        ws.reset_dimensions()
        return any(not _blank_row(values) for values in ws.iter_rows(values_only=True))

    @staticmethod
    def _first_rows(ws, header_line: int | None) -> list[tuple[int, list[object]]]:
        """(row number, values with None as "") of the first non-blank rows."""
        ws.reset_dimensions()  # stored dimensions are often wrong; read the cells
        found: list[tuple[int, list[object]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if not _blank_row(values):
                found.append((number, ["" if v is None else v for v in values]))
            if header_line is None and len(found) >= sniff.HEADER_SCAN_ROWS:
                break
            if header_line is not None and number >= header_line:
                break
        return found

    def chunks(self, rows: int = 100_000) -> Iterator[Chunk]:
        """Every row after the header, `rows` rows at a time (openpyxl streaming)."""
        if rows < 1:
            raise ValueError("rows must be positive")
        width = len(self.columns)
        first = self.format.header_line + 1
        workbook = _workbook(self.path)
        try:
            ws = workbook[self.format.sheet]
            ws.reset_dimensions()
            texts: list[list[str]] = []
            lines: list[int] = []
            bad: list[tuple[int, str]] = []
            for number, values in enumerate(ws.iter_rows(min_row=first, values_only=True),
                                            start=first):
                if _blank_row(values):
                    continue
                cells = [sniff.cell_text(v) for v in values]
                if len(cells) > width and any(cells[width:]):
                    bad.append((number, _raw(";".join(cells).rstrip(";"))))
                else:
                    texts.append(cells[:width] + [""] * (width - len(cells)))
                    lines.append(number)
                if len(texts) + len(bad) >= rows:
                    yield self._chunk(texts, lines, bad)
                    texts, lines, bad = [], [], []
            if texts or bad:
                yield self._chunk(texts, lines, bad)
        finally:
            workbook.close()

    def _chunk(self, texts: list[list[str]], lines: list[int],
               bad: list[tuple[int, str]]) -> Chunk:
        columns = [pa.array([row[i] for row in texts], pa.string())
                   for i in range(len(self.columns))]
        frame = pa.Table.from_arrays(columns, names=self.columns).to_pandas()
        return Chunk(frame, np.asarray(lines, dtype=np.int64), bad)
