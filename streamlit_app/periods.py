"""Which days a dashboard looks at, and which days it compares them with.

The dates come from the data, not from the machine's clock alone: a company's "today" is
its latest sale (`as_of`). A month is complete when its last day has sales, or when the
calendar has passed it. Comparisons are only made between periods of the same length (a
month with a month, 3 months with 3 months, days with as many days) that the company's
data covers; otherwise there is none, and the page says so instead of showing +1.154 %.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

PRESETS = ("last_month", "month_to_date", "last_3_months", "last_12_months", "year_to_date",
           "custom")
# How many days a comparison period may start before the company's first sale and still
# count as covered (a shop whose history starts on the 3rd still has that month).
COVERAGE_TOLERANCE = timedelta(days=7)


@dataclass(frozen=True)
class Span:
    start: date
    end: date                  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> bool:
        """Starts on a 1st and ends on a month's last day."""
        return self.start.day == 1 and self.end == month_end(self.end)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Period:
    """The chosen span and the spans it is compared with (None when there is no fair one)."""
    preset: str
    span: Span
    previous: Span | None
    year_ago: Span | None


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), kept inside the month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def last_complete_month(as_of: date, today: date) -> Span:
    """The month of `as_of` when it is over (its last day has sales, or today is past it),
    else the month before."""
    if as_of == month_end(as_of) or month_start(today) > month_end(as_of):
        return Span(month_start(as_of), month_end(as_of))
    before = add_months(month_start(as_of), -1)
    return Span(before, month_end(before))


def preset_span(preset: str, as_of: date, today: date) -> Span:
    """The days of a preset; `custom` starts as the last complete month."""
    last = last_complete_month(as_of, today)
    if preset == "month_to_date":
        return Span(month_start(as_of), as_of)
    if preset == "last_3_months":
        return Span(add_months(last.start, -2), last.end)
    if preset == "last_12_months":
        return Span(add_months(last.start, -11), last.end)
    if preset == "year_to_date":
        return Span(date(as_of.year, 1, 1), as_of)
    if preset in ("last_month", "custom"):
        return last
    raise ValueError(f"unknown preset {preset!r}")


def shifted(span: Span, months: int) -> Span:
    """`span` moved by whole months; a span of whole months stays one (30 Nov → 31 Oct)."""
    start = add_months(span.start, months)
    if span.whole_months:
        return Span(start, month_end(add_months(span.end, months)))
    return Span(start, add_months(span.end, months))


def previous_span(span: Span) -> Span:
    """As long as `span`, right before it: the month(s) before a span of whole months, the
    same days of the month before for a month to date, else the same number of days."""
    if span.whole_months:
        months = (span.end.year - span.start.year) * 12 + span.end.month - span.start.month + 1
        return shifted(span, -months)
    if span.start.day == 1 and span.start.month == span.end.month:  # month to date
        return shifted(span, -1)
    return Span(span.start - timedelta(days=span.days), span.start - timedelta(days=1))


def covered(span: Span, first_sale: date, as_of: date) -> bool:
    return span.start >= first_sale - COVERAGE_TOLERANCE and span.end <= as_of


def period(preset: str, span: Span, first_sale: date, as_of: date) -> Period:
    """`span` with its fair comparisons: the span before (not for a year to date, whose
    natural comparison is the year before) and the same days a year earlier."""
    before = None if preset == "year_to_date" else previous_span(span)
    year_ago = shifted(span, -12)
    return Period(preset, span,
                  before if before and covered(before, first_sale, as_of) else None,
                  year_ago if covered(year_ago, first_sale, as_of) else None)
