"""Everything a person reads, the way they write it: es-CL (`$1.234.567`, `12,5 %`,
`01-09-2025`, `12.345.678-5`) or English (`$1,234,567`), with Babel's symbols.

One place for pages, charts, downloads and the command line. Money is CLP with no
decimals and the same `$` in both languages (Babel's en_US writes `CLP1,234`).
Quantities follow their unit type: units are whole, kilos keep three decimals.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from ayni.core import rut as ruts

LOCALES = {"es": "es_CL", "en": "en_US"}
# A RUT as stored (12345678-5), to be written with dots.
RUT_SHAPE = re.compile(r"\d{6,8}-[\dkK]")
BLANK = "—"
# Decimals a quantity of each unit type keeps (ARCHITECTURE: in_unit_type).
UNIT_DECIMALS = {"unit": 0, "units": 0, "kg": 3, "kilo": 3, "kilos": 3, "lt": 3, "l": 3,
                 "g": 0, "m": 2}


def _blank(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def symbols(language: str = "es") -> tuple[str, str]:
    """(decimal, group) separators: (',', '.') in es-CL, ('.', ',') in English."""
    locale = LOCALES[language]
    return get_decimal_symbol(locale), get_group_symbol(locale)


def plotly_separators(language: str = "es") -> str:
    """Plotly's layout.separators: decimal then thousands."""
    return "".join(symbols(language))


def number(value: float | None, language: str = "es", decimals: int = 0) -> str:
    if _blank(value):
        return BLANK
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[language])


def decimal(value: float | None, language: str = "es", most: int = 3) -> str:
    """A number with the decimals it has, up to `most`: 1,47 / 1,126 / 12 (never 1.47 in
    Spanish, never 1,470)."""
    if _blank(value):
        return BLANK
    return format_decimal(value, format="#,##0." + "#" * most, locale=LOCALES[language])


def money(value: float | None, language: str = "es") -> str:
    """CLP without decimals: $1.234.567 (es), $1,234,567 (en); -$5.000 below zero."""
    if _blank(value):
        return BLANK
    whole = round(float(value))
    sign = "-" if whole < 0 else ""
    return f"{sign}${number(abs(whole), language)}"


def money_short(value: float | None, language: str = "es") -> str:
    """Abbreviated for tight places: $1,2M, $850K."""
    if _blank(value):
        return BLANK
    sign = "-" if value < 0 else ""
    size = abs(value)
    for threshold, suffix in ((1e6, "M"), (1e3, "K")):
        if size >= threshold:
            scaled = format_decimal(size / threshold, format="#,##0.#", locale=LOCALES[language])
            return f"{sign}${scaled}{suffix}"
    return sign + money(size, language)


def quantity(value: float | None, unit_type: str | None = None, language: str = "es") -> str:
    """Units whole (266.953), kilos with their decimals (266,953 kg)."""
    if _blank(value):
        return BLANK
    kind = (unit_type or "unit").strip().lower()
    decimals = UNIT_DECIMALS.get(kind, 0 if float(value).is_integer() else 3)
    text = number(value, language, decimals)
    return text if decimals == 0 and kind in ("unit", "units") else f"{text} {kind}"


def percent(value: float | None, language: str = "es", decimals: int = 1) -> str:
    """A value already in percent units: 12,3 % in es-CL (a space before the sign, as the RAE
    writes it), 12.3% in English."""
    if _blank(value):
        return BLANK
    return f"{number(value, language, decimals)}{' %' if language == 'es' else '%'}"


def _unsigned_zero(value: float, decimals: int = 1) -> float:
    """0 for a change that rounds to nothing, so it is never written -0,0."""
    return 0.0 if round(value, decimals) == 0 else value


def signed_percent(value: float | None, language: str = "es") -> str:
    """A change in percent: +12,3 % / -4,0 % / 0,0 %."""
    if _blank(value):
        return BLANK
    value = _unsigned_zero(value)
    return ("+" if value > 0 else "") + percent(value, language)


def points(value: float | None, language: str = "es") -> str:
    """A change of a percentage, in percentage points: +1,2 pp (es) / +1.2 pts (en)."""
    if _blank(value):
        return BLANK
    unit = "pp" if language == "es" else "pts"
    value = _unsigned_zero(value)
    return f"{'+' if value > 0 else ''}{number(value, language, 1)} {unit}"


def signed_money(value: float | None, language: str = "es") -> str:
    if _blank(value):
        return BLANK
    return ("+" if value > 0 else "") + money(value, language)


def ratio(value: float | None, language: str = "es") -> str:
    """How many times: 1,8 veces / 1.8 times."""
    if _blank(value):
        return BLANK
    return f"{number(value, language, 1)} {'veces' if language == 'es' else 'times'}"


def day(value: date | datetime | None, language: str = "es") -> str:
    """01-09-2025 in es-CL; Sep 1, 2025 in English."""
    if _blank(value):
        return BLANK
    if isinstance(value, datetime):
        value = value.date()
    pattern = "dd-MM-yyyy" if language == "es" else "MMM d, yyyy"
    return format_date(value, pattern, locale=LOCALES[language])


def moment(value: datetime | None, language: str = "es") -> str:
    """A date and time in business time: 01-09-2025 14:05."""
    if _blank(value):
        return BLANK
    if getattr(value, "tzinfo", None) is not None:
        from zoneinfo import ZoneInfo

        from ayni.core.settings import get_settings

        value = value.astimezone(ZoneInfo(get_settings().timezone))
    return f"{day(value, language)} {value:%H:%M}"


def month(value: date, language: str = "es") -> str:
    """ene 2025 / Jan 2025."""
    if _blank(value):
        return BLANK
    return format_date(value, "MMM yyyy", locale=LOCALES[language])


def month_long(value: date, language: str = "es") -> str:
    """noviembre de 2025 / November 2025."""
    if _blank(value):
        return BLANK
    return format_date(value, "MMMM 'de' yyyy" if language == "es" else "MMMM yyyy",
                       locale=LOCALES[language])


def rut(value: str | None) -> str:
    """12.345.678-5, also for a stored RUT whose check digit is wrong (the loader keeps it
    with a warning); what does not look like a RUT comes back as it is."""
    if _blank(value) or value == "":
        return BLANK
    text = str(value)
    if RUT_SHAPE.fullmatch(text):
        body, digit = text.split("-")
        return f"{int(body):,}".replace(",", ".") + "-" + digit.upper()
    return ruts.display(text)


def detail_value(value: object, language: str = "es") -> str:
    """One value of an audit entry's details: numbers and dates written the reader's way."""
    if isinstance(value, bool) or value is None:
        return text(value)
    if isinstance(value, (int, float)):
        return number(value, language, 0 if float(value).is_integer() else 2)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return day(parsed, language) if len(value) == 10 else moment(parsed, language)
    if isinstance(value, (list, tuple)):
        return ", ".join(detail_value(v, language) for v in value)
    return str(value)


def text(value: object) -> str:
    """Any other cell: blanks as —, never 'None' or 'nan'."""
    return BLANK if _blank(value) else str(value)


# Column kinds a table or a download knows how to write.
KINDS = ("money", "number", "decimal", "percent", "quantity", "day", "month", "moment", "rut",
         "text", "ratio")


def formatter(kind: str, language: str = "es"):
    """The function that writes one cell of a column of this kind."""
    return {
        "money": lambda v: money(v, language),
        "number": lambda v: number(v, language),
        "decimal": lambda v: decimal(v, language),
        "percent": lambda v: percent(v, language),
        "quantity": lambda v: quantity(v, None, language),
        "ratio": lambda v: ratio(v, language),
        "day": lambda v: day(v, language),
        "month": lambda v: month(v, language),
        "moment": lambda v: moment(v, language),
        "rut": rut,
        "text": text,
    }[kind]


def written(frame: pd.DataFrame, kinds: dict[str, str], language: str = "es") -> pd.DataFrame:
    """A copy of `frame` with the columns named in `kinds` written as text; other columns are
    written as text too (numbers with separators, blanks as —)."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        out[column] = frame[column].map(formatter(kinds.get(column, guess(frame[column])),
                                                  language))
    return out


def guess(series: pd.Series) -> str:
    """The kind of a column nobody named, from its values: dates (also date objects in an
    object column, as a database driver returns them) as days or moments, numbers (also
    Decimals) whole or with their decimals, RUTs with dots; anything else as text."""
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dropna()
        return "day" if values.empty or (values == values.dt.normalize()).all() else "moment"
    if pd.api.types.is_bool_dtype(series):
        return "text"
    values = series.dropna()
    if pd.api.types.is_integer_dtype(series):
        return "number"
    if pd.api.types.is_float_dtype(series):
        return "number" if values.empty or (values % 1 == 0).all() else "decimal"
    if values.empty:
        return "text"
    if all(isinstance(v, datetime) for v in values):
        return "moment"
    if all(isinstance(v, date) for v in values):
        return "day"
    if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values):
        return "number" if all(float(v).is_integer() for v in values) else "decimal"
    if all(isinstance(v, str) and RUT_SHAPE.fullmatch(v) for v in values):
        return "rut"
    return "text"


def is_blank(value: object) -> bool:
    return _blank(value) or (isinstance(value, float) and math.isnan(value))


# Unit types as sources write them (in_unit_type: "Kilogramos", "UN", "Lts"…) → the unit a
# quantity is written in (UNIT_DECIMALS). Appended for the operations page.
UNIT_KINDS = {
    "unit": "unit", "units": "unit", "unidad": "unit", "unidades": "unit", "un": "unit",
    "und": "unit", "uds": "unit", "u": "unit", "c/u": "unit", "cu": "unit", "pieza": "unit",
    "piezas": "unit", "ea": "unit", "each": "unit", "pcs": "unit",
    "kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogramo": "kg", "kilogramos": "kg",
    "g": "g", "gr": "g", "grs": "g", "gramo": "g", "gramos": "g",
    "l": "l", "lt": "l", "lts": "l", "litro": "l", "litros": "l",
    "m": "m", "mt": "m", "mts": "m", "metro": "m", "metros": "m",
}


def unit_kind(unit_type: str | None) -> str:
    """The unit of a source's unit type: unit, kg, g, l or m ("Kilogramos" → kg; blank →
    unit); one it does not know comes back lower-case, as written ("caja")."""
    if _blank(unit_type) or not str(unit_type).strip():
        return "unit"
    name = str(unit_type).strip().lower().rstrip(".")
    return UNIT_KINDS.get(name, name)
