"""Money, numbers and dates the Chilean way (Babel, es-CL): `$1.234.567`, `01-09-2025`."""

from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES = {"es": "es_CL", "en": "en_US"}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float | None, language: str = "es") -> str:
    """CLP without decimals: $1.234.567."""
    if _blank(value):
        return "—"
    return format_currency(round(value), "CLP", format="¤#,##0", currency_digits=False,
                           locale=LOCALES[language])


def money_short(value: float | None, language: str = "es") -> str:
    """Abbreviated for cards and axes: $1,2 M, $850 K."""
    if _blank(value):
        return "—"
    sign = "-" if value < 0 else ""
    size = abs(value)
    for threshold, suffix in ((1e6, "M"), (1e3, "K")):
        if size >= threshold:
            scaled = format_decimal(size / threshold, format="#,##0.#", locale=LOCALES[language])
            return f"{sign}${scaled}{suffix}"
    return sign + money(size, language)


def number(value: float | None, language: str = "es", decimals: int = 0) -> str:
    if _blank(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[language])


def percent(value: float | None, language: str = "es") -> str:
    """A value already in percent units (12.3 → 12,3 %)."""
    if _blank(value):
        return "—"
    return f"{format_decimal(value, format='#,##0.0', locale=LOCALES[language])} %"


def day(value: date | None, language: str = "es") -> str:
    return "—" if value is None else format_date(value, "dd-MM-yyyy", locale=LOCALES[language])


def month(value: date, language: str = "es") -> str:
    return format_date(value, "MMM yyyy", locale=LOCALES[language])
