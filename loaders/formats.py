"""How a file writes its numbers and dates: detection from whole columns, and fast parsing.

Everything is vectorised over pyarrow string arrays (RE2 regexes, numpy arithmetic): a
column of a million values is detected or parsed without a Python loop per value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

CHILEAN_DECIMAL = ","
NUMERIC_SHARE = 0.5  # a column is numeric when at least this share of its values reads as a number


@dataclass(frozen=True)
class NumberFormat:
    decimal: str              # "." or ","
    thousands: str | None     # ".", ",", " " or None

    def __post_init__(self) -> None:
        if self.decimal not in (".", ","):
            raise ValueError(f"decimal separator must be '.' or ',', not {self.decimal!r}")
        if self.thousands not in (".", ",", " ", None) or self.thousands == self.decimal:
            raise ValueError(f"invalid thousands separator {self.thousands!r}")

    def to_json(self) -> dict:
        return {"decimal": self.decimal, "thousands": self.thousands}

    @classmethod
    def from_json(cls, d: dict) -> NumberFormat:
        return cls(d["decimal"], d.get("thousands"))


CHILEAN = NumberFormat(",", ".")


@dataclass(frozen=True)
class DateFormat:
    pattern: str              # strptime pattern ("%d-%m-%Y %H:%M") or "ISO8601"
    day_first: bool | None    # for display/explanations; None when the year comes first

    def to_json(self) -> dict:
        return {"pattern": self.pattern, "day_first": self.day_first}

    @classmethod
    def from_json(cls, d: dict) -> DateFormat:
        return cls(d["pattern"], d.get("day_first"))


# --- text helpers ---------------------------------------------------------------------------

def _arrow(values: pd.Series) -> pa.Array:
    """The values as an arrow string array: zero copy for pandas' arrow-backed `str` dtype;
    anything else (object columns from Excel, numbers) is converted once, missing kept null."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        values = values.astype(pd.StringDtype("pyarrow"))
    arr = pa.array(values.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr


def _trimmed(values: pd.Series) -> pa.Array:
    """Trimmed text with null for missing and empty values."""
    arr = pc.utf8_trim_whitespace(_arrow(values))
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, arr.type), arr)


def _match(arr: pa.Array, pattern: str) -> np.ndarray:
    """Boolean numpy mask: whole value matches `pattern` (nulls never match)."""
    hit = pc.match_substring_regex(arr, f"^(?:{pattern})$")
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)


def is_blank(values: pd.Series) -> pd.Series:
    """True where a value is missing or only whitespace."""
    blank = pc.is_null(_trimmed(values)).to_numpy(zero_copy_only=False)
    return pd.Series(blank, index=values.index, name=values.name)


def _null(arr: pa.Array, keep: pa.Array) -> pa.Array:
    """`arr` with null where `keep` is false."""
    return pc.if_else(keep, arr, pa.scalar(None, arr.type))


def _uniques(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Distinct non-null values and how often each occurs: detection works on these, since
    exports repeat the same prices, quantities and timestamps many times."""
    counted = pc.value_counts(text)
    values, counts = counted.field("values"), counted.field("counts")
    keep = pc.is_valid(values)
    return values.filter(keep), counts.filter(keep).to_numpy(zero_copy_only=False)


# --- numbers ----------------------------------------------------------------------------

# "$", spaces and a sign are tolerated: "-1.234", "1.234-", "(1.234)", "$ 1.234", "1 234,5".
def _signed(body: str) -> str:
    return rf"^(?:[+-]?(?:{body})|(?:{body})-|\((?:{body})\))$"


def _without_junk(text: pa.Array) -> pa.Array:
    for junk in ("$", " ", "\u00a0"):
        if pc.any(pc.match_substring(text, junk)).as_py():  # plain scans are cheap; skip clean files
            text = pc.replace_substring(text, junk, "")
    return text


def _unsigned(text: pa.Array, body: str) -> tuple[pa.Array, pa.Array]:
    """The digits-and-marks part of values shaped like a signed `body` (else null), and a mask
    of negatives."""
    shaped = pc.fill_null(pc.match_substring_regex(text, _signed(body)), False)
    signed = pc.or_(pc.or_(pc.starts_with(text, "-"), pc.ends_with(text, "-")), pc.starts_with(text, "("))
    negative = pc.and_(shaped, pc.fill_null(signed, False))
    return _null(pc.utf8_trim(text, "+-()"), shaped), negative


def _number_body(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    return _unsigned(_without_junk(text), r"[0-9.,]+")


@dataclass(frozen=True)
class _Evidence:
    """Counts over a column's non-blank values; `comma`/`dot` are decisive votes for that decimal
    mark, `amb_*` values are `d{1,3}` + one group of 3 digits (`2.790`, `1,140`)."""
    n: int = 0
    numeric: int = 0
    comma: int = 0
    dot: int = 0
    amb_dot: int = 0
    amb_comma: int = 0
    amb_dot_frac: int = 0     # ambiguous values that are not whole when the mark is the decimal
    amb_comma_frac: int = 0
    space_groups: int = 0

    def __add__(self, other: _Evidence) -> _Evidence:
        return _Evidence(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values())))

    @property
    def share(self) -> float:
        return self.numeric / self.n if self.n else 0.0

    @property
    def is_numeric(self) -> bool:
        return self.n > 0 and self.share >= NUMERIC_SHARE


_NOT_000 = r"(\d{2}[1-9]|\d[1-9]\d|[1-9]\d\d)"   # `1.000` is whole under both readings


def _evidence(values: pd.Series) -> _Evidence:
    text, counts = _uniques(_trimmed(values))
    if len(text) == 0:
        return _Evidence()
    body, _ = _number_body(text)

    def count(arr: pa.Array, pattern: str) -> int:
        return int(counts[_match(arr, pattern)].sum())

    amb_dot, amb_comma = count(body, r"[1-9]\d{0,2}\.\d{3}"), count(body, r"[1-9]\d{0,2},\d{3}")
    comma = (count(body, r"\d{1,3}(\.\d{3})+,\d*")       # 1.234,5: the last mark is the decimal
             + count(body, r"\d{1,3}(\.\d{3}){2,}")        # 1.234.567: dots group thousands
             + count(body, r"\d*,\d+") - amb_comma)        # 1,5  0,468  12,3456
    dot = (count(body, r"\d{1,3}(,\d{3})+\.\d*") + count(body, r"\d{1,3}(,\d{3}){2,}")
           + count(body, r"\d*\.\d+") - amb_dot)
    return _Evidence(
        n=int(counts.sum()),
        numeric=count(body, r"\d+|\d+[.,]") + comma + dot + amb_dot + amb_comma,
        comma=comma, dot=dot, amb_dot=amb_dot, amb_comma=amb_comma,
        amb_dot_frac=count(body, rf"[1-9]\d{{0,2}}\.{_NOT_000}"),
        amb_comma_frac=count(body, rf"[1-9]\d{{0,2}},{_NOT_000}"),
        space_groups=count(text, r"[+-]?\$?\s*\d{1,3}([ \x{00a0}]\d{3})+([.,]\d+)?-?"),
    )


def _with_decimal(decimal: str, ev: _Evidence) -> NumberFormat:
    """Thousands is the other mark, or a space when only space grouping was seen."""
    other = "." if decimal == "," else ","
    other_grouping = ev.amb_dot if other == "." else ev.amb_comma
    if ev.space_groups and not other_grouping:
        return NumberFormat(decimal, " ")
    return NumberFormat(decimal, other)


def _decisive(ev: _Evidence) -> tuple[str, float] | None:
    """Decimal mark and agreement share when the values themselves decide."""
    if not (ev.comma or ev.dot):
        return None
    decimal = "," if ev.comma >= ev.dot else "."
    return decimal, max(ev.comma, ev.dot) / (ev.comma + ev.dot)


def _plausible(ev: _Evidence) -> str | None:
    """CLP amounts are whole pesos: the decimal mark under which money values are whole."""
    if ev.amb_dot_frac == ev.amb_comma_frac:
        return None
    # `16.740` is whole only when "." groups thousands, i.e. when "," is the decimal mark
    return "," if ev.amb_dot_frac > ev.amb_comma_frac else "."


def detect_number_format(values: pd.Series, *, money: bool = False) -> tuple[NumberFormat | None, float]:
    """The column's own number format and a confidence; (None, 0.0) when it is not numeric.

    Columns with only integers or only ambiguous values (`2.790`) fall back to CLP plausibility
    (money) and then the Chilean convention, with lower confidence: prefer
    `detect_number_formats`, which lets the rest of the file decide.
    """
    ev = _evidence(values)
    if not ev.is_numeric:
        return None, 0.0
    decided = _decisive(ev)
    if decided:
        return _with_decimal(decided[0], ev), ev.share * decided[1]
    if ev.amb_dot == ev.amb_comma == 0:
        return _with_decimal(CHILEAN_DECIMAL, ev), ev.share * 0.9  # integers read alike anyway
    plausible = _plausible(ev) if money else None
    if plausible:
        return _with_decimal(plausible, ev), ev.share * 0.75
    return _with_decimal(CHILEAN_DECIMAL, ev), ev.share * 0.5


def _file_decimal(evidence: dict[str, _Evidence], money_columns: set[str]) -> tuple[str, float]:
    numeric = {c: ev for c, ev in evidence.items() if ev.is_numeric}
    decided = _decisive(sum(numeric.values(), _Evidence()))
    if decided:
        return decided[0], 0.95 * decided[1]
    plausible = _plausible(sum((ev for c, ev in numeric.items() if c in money_columns), _Evidence()))
    if plausible:
        return plausible, 0.75
    return CHILEAN_DECIMAL, 0.5


def detect_file_number_style(columns: dict[str, pd.Series], money_columns: set[str]) -> NumberFormat:
    """One file, one convention: decisive values of every numeric column vote; otherwise money
    columns must be whole pesos; otherwise the Chilean convention (decimal ",", thousands ".")."""
    evidence = {name: _evidence(values) for name, values in columns.items()}
    decimal, _ = _file_decimal(evidence, money_columns)
    return _with_decimal(decimal, sum((ev for ev in evidence.values() if ev.is_numeric), _Evidence()))


def detect_number_formats(columns: dict[str, pd.Series],
                          money_columns: set[str]) -> dict[str, tuple[NumberFormat, float]]:
    """Format and confidence for every numeric column: a column's own decisive values win,
    the file style covers columns that cannot decide alone. Non-numeric columns are left out."""
    evidence = {name: _evidence(values) for name, values in columns.items()}
    file_decimal, file_conf = _file_decimal(evidence, money_columns)
    out: dict[str, tuple[NumberFormat, float]] = {}
    for name, ev in evidence.items():
        if not ev.is_numeric:
            continue
        decided = _decisive(ev)
        if decided:
            out[name] = _with_decimal(decided[0], ev), ev.share * decided[1]
        elif ev.amb_dot == ev.amb_comma == 0:  # integers only: any convention reads them alike
            out[name] = _with_decimal(file_decimal, ev), ev.share * max(file_conf, 0.9)
        else:
            out[name] = _with_decimal(file_decimal, ev), ev.share * file_conf
    return out


def _number_pattern(fmt: NumberFormat) -> str:
    d = re.escape(fmt.decimal)
    grouped = (rf"[1-9]\d{{0,2}}(?:{re.escape(fmt.thousands)}\d{{3}})+|"
               if fmt.thousands not in (None, " ") else "")
    return rf"(?:{grouped}\d+)(?:{d}\d*)?|{d}\d+"


def parse_numbers(values: pd.Series, fmt: NumberFormat) -> pd.Series:
    """float64 values; NaN for blanks and for text that is not a number in `fmt`
    (`1.2.3,4,5`, `dos`, `2,79` in a dot-decimal column)."""
    # spaces go first, so " " thousands needs no pattern of its own
    body, negative = _unsigned(_without_junk(_trimmed(values)), _number_pattern(fmt))
    if fmt.thousands not in (None, " "):
        body = pc.replace_substring(body, fmt.thousands, "")
    if fmt.decimal != ".":
        body = pc.replace_substring(body, fmt.decimal, ".")
    number = pc.cast(body, pa.float64()).to_numpy(zero_copy_only=False)
    number = np.where(negative.to_numpy(zero_copy_only=False), -number, number)
    return pd.Series(number, index=values.index, name=values.name, dtype="float64")


# --- dates ------------------------------------------------------------------------------

_NAT = np.iinfo(np.int64).min
_WIDTH = {"d": 2, "m": 2, "Y": 4, "y": 2, "H": 2, "M": 2, "S": 2}
_DIRECTIVES = {"d": r"(?P<d>\d{1,2})", "m": r"(?P<m>\d{1,2})", "Y": r"(?P<Y>\d{4})",
               "y": r"(?P<y>\d{2})", "H": r"(?P<H>\d{1,2})", "M": r"(?P<M>\d{1,2})",
               "S": r"(?P<S>\d{1,2})", "f": r"(?P<f>\d{1,9})"}
_ISO_FIXED = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
              "%Y-%m-%d")
_ISO = (r"^(?P<Y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
        r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?$")


def _tokens(pattern: str) -> list[str] | None:
    """A strptime pattern as directives ("%d") and literal characters; None if it uses a
    directive the fast paths do not know (pandas parses those)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "%":
            if pattern[i + 1:i + 2] not in _DIRECTIVES:
                return None
            out.append(pattern[i:i + 2])
            i += 2
        else:
            out.append(pattern[i])
            i += 1
    return out


@dataclass(frozen=True)
class _Layout:
    """A zero-padded reading of a pattern: field spans, digit and literal byte positions."""
    width: int
    spans: dict[str, tuple[int, int]]
    digits: list[int]
    literals: dict[int, int]


def _fixed_layout(tokens: list[str]) -> _Layout | None:
    """The zero-padded reading of a pattern (`05-10-2025 10:00`): fields at fixed byte offsets."""
    digits, spans, literals, pos = [], {}, {}, 0
    for tok in tokens:
        if tok.startswith("%") and len(tok) == 2:
            width = _WIDTH.get(tok[1])
            if width is None:
                return None
            spans[tok[1]] = (pos, pos + width)
            digits.extend(range(pos, pos + width))
            pos += width
        else:
            literals[pos] = ord(tok)
            pos += 1
    return _Layout(pos, spans, digits, literals)


def _parse_fixed(text: pa.Array, layout: _Layout) -> tuple[np.ndarray, np.ndarray]:
    """Rows that follow a zero-padded layout, and their values. Works on the raw UTF-8 bytes as
    a (rows x width) numpy grid: no regex, no per-field string slicing."""
    offset_type = np.int64 if pa.types.is_large_string(text.type) else np.int32
    offsets = np.frombuffer(text.buffers()[1], dtype=offset_type)[text.offset:text.offset + len(text) + 1]
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8) if text.buffers()[2] else np.zeros(0, np.uint8)
    rows = np.flatnonzero((np.diff(offsets) == layout.width)
                          & pc.is_valid(text).to_numpy(zero_copy_only=False))
    if len(rows) == len(text) and len(rows):  # all the same width: a zero-copy view
        start = int(offsets[0])
        grid = data[start:start + len(rows) * layout.width].reshape(len(rows), layout.width)
    else:
        grid = data[offsets[rows][:, None] + np.arange(layout.width)]
    ok = ((grid[:, layout.digits] - 48) < 10).all(axis=1)  # uint8 wraps: only '0'..'9' pass
    for pos, byte in layout.literals.items():
        ok &= grid[:, pos] == byte
    grid, rows = grid[ok], rows[ok]
    fields = {}
    for key, (a, b) in layout.spans.items():
        value = np.zeros(len(rows), dtype=np.int64)
        for col in range(a, b):
            value = value * 10 + (grid[:, col] - 48)
        fields[key] = value
    return rows, _compose(fields, len(rows))


def _general_regex(tokens: list[str]) -> str:
    return "^" + "".join(_DIRECTIVES[t[1]] if t.startswith("%") and len(t) == 2
                         else (r"\s+" if t == " " else re.escape(t)) for t in tokens) + "$"


def _compose(fields: dict[str, np.ndarray], size: int) -> np.ndarray:
    """int64 nanoseconds from calendar fields; NaT for impossible dates and times."""
    def get(key: str, default: int) -> np.ndarray:
        return fields[key] if key in fields else np.full(size, default, dtype=np.int64)

    year = get("Y", 1970)
    if "y" in fields:  # strptime's pivot: 69-99 are 1900s
        year = np.where(fields["y"] < 69, 2000 + fields["y"], 1900 + fields["y"])
    month, day, hour, minute, second = get("m", 1), get("d", 1), get("H", 0), get("M", 0), get("S", 0)
    # datetime64[ns] spans 1677-2262; the month length catches 31-02 and 29-02 of common years
    ok = (year > 1677) & (year < 2262) & (month >= 1) & (month <= 12)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    first = months.astype("datetime64[D]")
    days_in_month = ((months + 1).astype("datetime64[D]") - first).astype(np.int64)
    ok &= (day >= 1) & (day <= days_in_month) & (hour < 24) & (minute < 60) & (second < 60)
    seconds = first.astype(np.int64) * 86_400 + (day - 1) * 86_400 + hour * 3_600 + minute * 60 + second
    return np.where(ok, seconds * 1_000_000_000 + get("f", 0), _NAT)


def _ints(arr: pa.Array) -> np.ndarray:
    return pc.cast(arr, pa.int64()).to_numpy(zero_copy_only=False)


def _parse_general(text: pa.Array, regex: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows matching a regex with named groups (unpadded fields, fractions), and their values."""
    parts = pc.extract_regex(text, regex)
    hit = pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False)
    parts = parts.filter(pa.array(hit))
    fields = {}
    for i in range(parts.type.num_fields):
        name, field = parts.type.field(i).name, parts.field(i)
        if name == "f":  # fraction of a second, as nanoseconds ("" when absent)
            field = pc.utf8_rpad(field, 9, "0")
        else:
            field = pc.if_else(pc.equal(field, ""), "0", field)  # optional ISO time parts
        fields[name] = _ints(field)
    return np.flatnonzero(hit), _compose(fields, len(parts))


def _parse_dates_arrow(text: pa.Array, pattern: str) -> np.ndarray | None:
    """datetime64[ns] for trimmed text (nulls stay NaT); None when the pattern needs pandas."""
    tokens = None if pattern == "ISO8601" else _tokens(pattern)
    if pattern != "ISO8601" and tokens is None:
        return None
    layouts = ([_fixed_layout(_tokens(p)) for p in _ISO_FIXED] if pattern == "ISO8601"
               else [_fixed_layout(tokens)])
    general = _ISO if pattern == "ISO8601" else _general_regex(tokens)
    out = np.full(len(text), _NAT, dtype=np.int64)
    pending = pc.is_valid(text).to_numpy(zero_copy_only=False)
    steps = [(layout, None) for layout in layouts if layout] + [(None, general)]
    for layout, regex in steps:
        if not pending.any():
            break
        rows = np.flatnonzero(pending)
        subset = text if len(rows) == len(text) else text.take(pa.array(rows))
        hit, parsed = _parse_fixed(subset, layout) if layout else _parse_general(subset, regex)
        out[rows[hit]] = parsed
        pending[rows[hit]] = False
    return out.view("datetime64[ns]")


def parse_dates(values: pd.Series, fmt: DateFormat) -> pd.Series:
    """Naive datetime64[ns]; NaT for blanks, text that does not follow the pattern and impossible
    dates (31-02-2025, 25:00). ISO values with an offset are converted to Chilean wall time."""
    text = _trimmed(values)
    parsed = _parse_dates_arrow(text, fmt.pattern)
    if parsed is None:
        parsed = pd.to_datetime(pd.Series(text.to_pylist(), dtype=object), format=fmt.pattern,
                                errors="coerce").astype("datetime64[ns]").to_numpy()
    out = pd.Series(parsed, index=values.index, name=values.name, dtype="datetime64[ns]")
    if fmt.pattern == "ISO8601":
        _iso_with_offset(values, out)
    return out


def _iso_with_offset(values: pd.Series, out: pd.Series) -> None:
    """Rare ISO values with `Z`/`+hh:mm`: pandas parses those few, in America/Santiago time."""
    rows = np.flatnonzero(out.isna().to_numpy() & ~is_blank(values).to_numpy())
    if not len(rows):
        return
    text = values.iloc[rows].astype("str").str.strip()
    zoned = text.str.contains(r"\d(?:Z|[+-]\d\d:?\d\d)$", regex=True).to_numpy()
    if zoned.any():
        aware = pd.to_datetime(text[zoned], format="ISO8601", errors="coerce", utc=True)
        local = aware.dt.tz_convert("America/Santiago").dt.tz_localize(None)
        out.iloc[rows[zoned]] = local.astype("datetime64[ns]").to_numpy()


_DATE_SHAPE = (r"^(?P<a>\d{1,4})(?P<sep>[-/.])(?P<b>\d{1,2})[-/.](?P<c>\d{2,4})"
               r"(?P<time>[T ]+\d{1,2}:\d{2}(?P<sec>:\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
AMBIGUOUS_ORDER = 0.85  # confidence factor when no value tells day-first from month-first


def _candidates(text: pa.Array, counts: np.ndarray) -> list[tuple[DateFormat, bool]]:
    """(format, order_was_ambiguous) per date shape found among distinct values, most common
    first. Day/month order is decided over the whole column: any first field > 12 means day
    first, any second field > 12 month first, none: day first (Chilean), flagged ambiguous."""
    parts = pc.extract_regex(text, _DATE_SHAPE)
    hit = pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False)
    if not hit.any():
        return []
    parts = parts.filter(pa.array(hit))
    shape = pd.DataFrame({k: parts.field(k).to_numpy(zero_copy_only=False)
                          for k in ("a", "sep", "b", "c", "time", "sec")})
    shape["count"] = counts[hit]
    shape["year_first"] = shape["a"].str.len().eq(4)
    shape["long_year"] = shape["c"].str.len().eq(4) | shape["year_first"]
    shape["clock"] = np.where(shape["time"].eq(""), "", np.where(shape["sec"].eq(""), "%H:%M", "%H:%M:%S"))
    shape["t_sep"] = np.where(shape["time"].str.startswith("T"), "T", " ")
    iso = shape["year_first"] & shape["sep"].eq("-")
    shape.loc[iso, ["clock", "t_sep"]] = ""  # ISO8601 takes any time part
    out = []
    for (year_first, sep, long_year, clock, t_sep), group in shape.groupby(
            ["year_first", "sep", "long_year", "clock", "t_sep"], sort=False):
        support = int(group["count"].sum())
        time = f"{t_sep}{clock}" if clock else ""
        if year_first:
            pattern = "ISO8601" if sep == "-" else f"%Y{sep}%m{sep}%d{time}"
            out.append((support, DateFormat(pattern, None), False))
            continue
        over_first = int((group["a"].astype(int) > 12).sum())
        over_second = int((group["b"].astype(int) > 12).sum())
        day_first = over_first >= over_second
        year = "%Y" if long_year else "%y"
        date = f"%d{sep}%m{sep}{year}" if day_first else f"%m{sep}%d{sep}{year}"
        out.append((support, DateFormat(date + time, day_first), over_first == over_second == 0))
    return [(fmt, ambiguous) for _, fmt, ambiguous in sorted(out, key=lambda c: -c[0])]


def detect_date_format(values: pd.Series) -> tuple[DateFormat | None, float]:
    """The pattern that parses most of the column's non-empty values, with confidence = share
    parsed (reduced when day/month order could not be told); (None, 0.0) if nothing parses."""
    text, counts = _uniques(_trimmed(values))
    total = counts.sum()
    distinct = text.to_pandas()
    best: tuple[DateFormat | None, float] = (None, 0.0)
    for fmt, ambiguous in _candidates(text, counts)[:4] if total else []:
        parsed = parse_dates(distinct, fmt).notna().to_numpy()
        confidence = counts[parsed].sum() / total * (AMBIGUOUS_ORDER if ambiguous else 1.0)
        if confidence > best[1]:
            best = fmt, float(confidence)
    return best
