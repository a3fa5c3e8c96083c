"""Guessing how an export is written: kind, encoding, delimiter, header row, cell text.

Pure helpers used by `loaders.source`; they look at a sample (or, for UTF-8, at the
whole file block by block) and never hold the whole file in memory.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import math
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import charset_normalizer
import pyarrow as pa

from loaders.errors import FileFormatError

BLOCK = 8 << 20
UTF8_BOM = codecs.BOM_UTF8
DELIMITERS = (",", ";", "\t", "|")
HEADER_SCAN_ROWS = 30  # the header is looked for among the first non-blank rows
# Single-byte code pages seen in Chilean exports: Excel on Windows (cp1252), old DOS
# systems (cp850), Excel for Mac (mac_roman). Letting charset-normalizer choose among
# all code pages picks cp1250 for Spanish text, so it only chooses among these.
SINGLE_BYTE = ["cp1252", "latin_1", "cp850", "mac_roman"]
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# A record longer than this is an unclosed quote, not a real multi-line cell.
MAX_RECORD_LINES = 1000

_NUMERIC = re.compile(r"[-+(]?[$]?[\d.,:/\s-]*\d[\d.,:/\s-]*[)%]?")


# --- kind and encoding --------------------------------------------------------------

def detect_kind(path: Path, head: bytes) -> str:
    """'csv' or 'xlsx' from the first bytes, then the extension."""
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"  # a workbook renamed to .csv still opens
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise FileFormatError("file.old_xls")
    if suffix in (".xlsx", ".xlsm"):
        raise FileFormatError("file.bad_xlsx", name=path.name)
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    raise FileFormatError("file.unknown_type", suffix=suffix or path.name)


def detect_encoding(f: BinaryIO) -> str:
    """Codec of a text file: UTF-8 is checked over the whole file, others are guessed."""
    f.seek(0)
    head = f.read(4)
    if head.startswith(UTF8_BOM):
        check_utf8(f, len(UTF8_BOM))
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileFormatError("file.utf16")
    bad_at = _first_invalid_utf8(f, 0)
    if bad_at is None:
        return "utf-8"
    f.seek(0)
    sample = f.read(1 << 19)
    if bad_at > len(sample):  # the accents may only appear far into the file
        f.seek(max(0, bad_at - (1 << 18)))
        sample += b"\n" + f.read(1 << 19)
    if b"\x00" in sample:
        raise FileFormatError("file.binary")
    best = charset_normalizer.from_bytes(sample, cp_isolation=SINGLE_BYTE).best()
    if best is not None and best.encoding in ("cp850", "mac_roman") and best.coherence > 0:
        return best.encoding  # only with evidence from the words, else Excel's code page
    # Excel on Windows writes cp1252; latin-1 only when cp1252 cannot decode it all
    return "cp1252" if _cp1252_decodes(f) else "latin-1"


def is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def check_utf8(f: BinaryIO, start: int) -> None:
    if _first_invalid_utf8(f, start) is not None:
        raise FileFormatError("file.bad_utf8")


def check_decodes(f: BinaryIO, encoding: str, start: int) -> None:
    """Raise when a given (not guessed) encoding cannot decode the whole file."""
    if is_utf8(encoding):
        return check_utf8(f, start)
    f.seek(start)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while block := f.read(BLOCK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise FileFormatError("file.cannot_decode", encoding=encoding) from exc


def _first_invalid_utf8(f: BinaryIO, start: int) -> int | None:
    """Offset of the block holding the first invalid UTF-8 byte, or None if all valid.

    Blocks are cut at character boundaries and checked by Arrow's validator, which does
    not build a str the way bytes.decode would (about twice as fast)."""
    f.seek(start)
    offset, carry = start, b""
    while True:
        block = f.read(BLOCK)
        data = carry + block if carry else block
        cut = len(data) if not block else _char_boundary(data)
        if not _utf8_valid(data[:cut] if cut < len(data) else data):
            return offset
        if not block:
            return None
        offset += cut
        carry = data[cut:]


def _char_boundary(data: bytes) -> int:
    """A cut point before any multi-byte character that may continue in the next block."""
    i = len(data)
    while i > 0 and len(data) - i < 3 and data[i - 1] & 0xC0 == 0x80:
        i -= 1
    if i > 0 and data[i - 1] >= 0xC0:
        i -= 1
    return i


def _utf8_valid(data: bytes) -> bool:
    if data.isascii():
        return True
    offsets = pa.array([0, len(data)], pa.int32()).buffers()[1]
    binary = pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        binary.cast(pa.string())
    except pa.ArrowInvalid:
        return False
    return True


def _cp1252_decodes(f: BinaryIO) -> bool:
    f.seek(0)
    while block := f.read(BLOCK):
        if any(b in block for b in CP1252_UNDEFINED):
            return False
    return True


# --- records ---------------------------------------------------------------------------

class _Runaway(Exception):
    """A quote that is never closed: the record grew past MAX_RECORD_LINES or reached
    the end of the file."""


class Lines:
    """Text lines handed one at a time to csv.reader, so each record's physical line is
    known and the lines of a runaway record can be given back and read again."""

    def __init__(self, first: Iterable[str], more: Callable[[], str | None] | None = None):
        self.pending: deque[str] = deque(first)
        self.more = more
        self.record: list[str] = []  # lines of the record being read

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.pending:
            line = self.pending.popleft()
        elif self.more is None or (line := self.more()) is None:
            if self.record:  # the file ends inside a quoted field
                raise _Runaway
            raise StopIteration
        self.record.append(line)
        if len(self.record) > MAX_RECORD_LINES:
            raise _Runaway
        return line


def records(lines: Lines, delimiter: str, first_line: int,
            stop: Callable[[], bool] = lambda: False,
            ) -> Iterator[tuple[int, list[str] | None, list[str]]]:
    """(start line, fields or None when unreadable, raw lines) for each record, blank ones
    included (fields == []). `stop` is asked after each record, at a record boundary."""
    start = first_line
    while True:
        reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True)
        try:
            for fields in reader:
                raw, lines.record = lines.record, []
                yield start, fields, raw
                start += len(raw)
                if stop():
                    return
            return
        except _Runaway:
            # report the line that opened the quote, then read on from the next line
            raw, lines.record = lines.record, []
            lines.pending.extendleft(reversed(raw[1:]))
            yield start, None, raw[:1]
            start += 1
        except csv.Error:  # e.g. a bare carriage return inside a field
            raw, lines.record = lines.record, []
            if raw:
                yield start, None, raw
                start += len(raw)
        if stop():
            return


def is_blank(fields: Sequence[object]) -> bool:
    return all(str(v).strip() == "" for v in fields)


# --- delimiter and header -------------------------------------------------------------

def detect_delimiter(lines: Sequence[str]) -> str:
    """The delimiter whose count outside quotes is the same on most lines (then the
    largest count); ',' for a file with a single column."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(len(fields) - 1
                         for _, fields, _ in records(Lines(lines), delimiter, 1)
                         if fields and not is_blank(fields))
        counts.pop(0, None)
        if not counts:
            continue
        count, support = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (support, count) > best_score:
            best, best_score = delimiter, (support, count)
    return best


def looks_numeric(value: object) -> bool:
    if isinstance(value, (int, float, dt.date, dt.time, dt.timedelta)):
        return True
    return bool(_NUMERIC.fullmatch(str(value).strip()))


def find_header(rows: Sequence[Sequence[object]]) -> int:
    """Index of the header among the first rows: the first one that is (nearly) as full
    as the fullest row and mostly text. Title rows above it have few cells."""
    filled = [[v for v in row if str(v).strip() != ""] for row in rows]
    counts = [len(cells) for cells in filled]
    if not counts or max(counts) == 0:
        raise FileFormatError("file.no_data")

    def mostly_text(cells: list[object]) -> bool:
        return sum(looks_numeric(v) for v in cells) * 2 < len(cells)

    full = max(counts)
    need = full - full // 4  # a header may leave a few names empty
    for i, cells in enumerate(filled):
        if counts[i] >= need and mostly_text(cells):
            return i
    text_rows = [i for i, cells in enumerate(filled) if cells and mostly_text(cells)]
    if not text_rows:
        raise FileFormatError("file.no_header", rows=len(rows))
    return max(text_rows, key=lambda i: (counts[i], -i))


def column_names(header: Sequence[object]) -> list[str]:
    """Stripped names; empty → columna_<n>; repeated → 'name (2)', 'name (3)'."""
    names: list[str] = []
    seen: set[str] = set()
    for position, value in enumerate(header, start=1):
        name = str(value if value is not None else "").replace("\ufeff", "").strip()
        base = name or f"columna_{position}"
        name, k = base, 1
        while name in seen:
            k += 1
            name = f"{base} ({k})"
        seen.add(name)
        names.append(name)
    return names


# --- xlsx cells ------------------------------------------------------------------------

def cell_text(value: object) -> str:
    """Text of a spreadsheet cell as a CSV export would show it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        if value.microsecond >= 500_000:  # Excel stores times as fractions of a day
            value += dt.timedelta(microseconds=1_000_000 - value.microsecond)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value).strip()


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    # 15 significant digits, as Excel shows them: 0.1+0.2 → "0.3", not binary noise
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text
