"""What every dashboard shares: the period (last complete month by default) and the periods
it is compared with, the grain of its charts, KPI cards with their changes, and a table
that downloads.

Card totals are sums of the daily mart over the period's exact days; ratios (ticket,
margin %) are recomputed from those sums, never averaged. Charts draw the grain's mart over
a window that ends with the period (at least a year of months for a month).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from ayni.core import clock, formatting
from streamlit_app import data, exports, periods, session, tables
from streamlit_app.i18n import column_label, language, t
from streamlit_app.periods import Span

GRAINS = ("day", "week", "month", "quarter", "year")
ADDITIVE = ("net_sales", "gross_sales", "discounts", "returns", "cost", "gross_margin",
            "documents", "lines", "units", "new_customers", "sales_ex_vat", "vat")
# Metrics where a rise is bad news: their change arrow is red going up.
INVERSE = ("discounts", "returns", "cost")
# Ratios whose change is told in percentage points, not in percent of themselves.
POINTS = ("margin_pct",)
# How far back a chart reaches when the period alone would be one or two bars.
CHART_BACK = {"day": pd.DateOffset(days=29), "week": pd.DateOffset(weeks=11),
              "month": pd.DateOffset(months=12), "quarter": pd.DateOffset(months=21),
              "year": pd.DateOffset(years=10)}


@dataclass(frozen=True)
class Controls:
    grain: str
    start: date
    end: date
    compare: str          # what the chart's second line is: "year" (same days a year before)


@dataclass
class View:
    """What a dashboard page works with after the user chose its controls."""
    company_id: int
    controls: Controls
    period: periods.Period
    frames: dict[str, pd.DataFrame]
    days: pd.DataFrame           # the daily mart, for totals over exact days
    current: pd.DataFrame        # the grain's periods the charts draw (ending with the period)
    before: pd.DataFrame         # the same periods a year before (empty when not covered)


def keyed(name: str) -> str:
    """A widget key per language: Streamlit keeps a keyed widget's option labels from the run
    that made it, so after a language switch the old words would stay in it."""
    return f"{name}_{language()}"


def open_view(page_name: str, title_key: str) -> View:
    """The dashboard's title and company, its controls, then its data for them. Stops the
    page with a message when the company has no processed sales yet, or none in the period."""
    st.title(t(title_key))
    ctx = session.require_context()
    version = data.data_version(ctx.company.id)
    left, middle, right = st.columns([2, 2, 1])
    # Labels made now, in this run's language (a format_func calling t() later, as
    # Streamlit's test harness does, would write them in another); unknown values raise.
    presets = {p: t(f"dash.preset.{p}") for p in periods.PRESETS}
    grains = {g: t(f"grain.{g}") for g in GRAINS}
    preset = left.selectbox(t("dash.period"), periods.PRESETS, format_func=presets.__getitem__,
                            key=keyed(f"{page_name}_preset"))
    grain = right.selectbox(t("dash.grain"), GRAINS, index=GRAINS.index("month"),
                            format_func=grains.__getitem__, key=keyed(f"{page_name}_grain"))
    frames = data.page(ctx.company.id, page_name, grain, version)
    days = frames["days"]
    if days.empty:
        st.caption(ctx.company.name)
        st.info(t("owner.no_data"))
        st.stop()
    first, as_of = days["period_start"].min().date(), days["period_start"].max().date()
    span = periods.preset_span(preset, as_of, clock.today())
    if preset == "custom":
        chosen = middle.date_input(t("dash.range"), value=(max(span.start, first), span.end),
                                   min_value=first, max_value=as_of, format="DD-MM-YYYY",
                                   key=keyed(f"{page_name}_range"))
        if isinstance(chosen, tuple) and len(chosen) == 2:
            span = Span(*chosen)
    period = periods.period(preset, span, first, as_of)
    st.caption(f"{ctx.company.name} · {span_text(period.span)} · "
               + t("dash.as_of", day=formatting.day(as_of, language())))
    series = _chart_window(frames["period"], period.span, grain)
    controls = Controls(grain, period.span.start, period.span.end, "year")
    if _days(days, period.span).empty:
        st.info(t("dash.empty_range"))
        st.stop()
    return View(ctx.company.id, controls, period, frames, days, series,
                _year_before(frames["period"], series, first))


def span_text(span: Span) -> str:
    """"noviembre de 2025", or "01-11-2025 al 10-11-2025"."""
    lang = language()
    if span.start.day == 1 and span.end == periods.month_end(span.start):
        return formatting.month_long(span.start, lang)
    return t("dash.span", start=formatting.day(span.start, lang), end=formatting.day(span.end, lang))


def _days(frame: pd.DataFrame, span: Span) -> pd.DataFrame:
    day = frame["period_start"].dt.date
    return frame.loc[(day >= span.start) & (day <= span.end)]


def _chart_window(period: pd.DataFrame, span: Span, grain: str) -> pd.DataFrame:
    """The grain's periods that overlap the span, reaching back far enough to be a trend."""
    end = pd.Timestamp(span.end)
    start = min(pd.Timestamp(span.start), end - CHART_BACK[grain])
    starts = period["period_start"]
    return period.loc[(starts <= end) & (starts >= _grain_start(start, grain))]


def _grain_start(day: pd.Timestamp, grain: str) -> pd.Timestamp:
    if grain == "week":
        return day.normalize() - pd.Timedelta(days=day.weekday())
    if grain in ("month", "quarter", "year"):
        return day.to_period({"month": "M", "quarter": "Q", "year": "Y"}[grain]).start_time
    return day.normalize()


def _year_before(period: pd.DataFrame, series: pd.DataFrame, first: date) -> pd.DataFrame:
    """The chart's periods a year earlier, one for one, when the data has them all."""
    if series.empty:
        return series
    earlier = series["period_start"] - pd.DateOffset(years=1)
    if earlier.min().date() < first - periods.COVERAGE_TOLERANCE:
        return period.iloc[0:0]
    found = period.set_index("period_start").reindex(earlier)
    return found.reset_index() if found["net_sales"].notna().all() else period.iloc[0:0]


def totals(frame: pd.DataFrame) -> dict[str, float]:
    """Sums of the additive metrics and the ratios rebuilt from them (margin % over sales
    without IVA, as margin is measured)."""
    out = {m: float(frame[m].sum()) for m in ADDITIVE if m in frame}
    net, docs = out.get("net_sales", 0.0), out.get("documents", 0.0)
    base = out.get("sales_ex_vat", net)
    out["avg_ticket"] = net / docs if docs else float("nan")
    out["margin_pct"] = 100 * out.get("gross_margin", 0.0) / base if base else float("nan")
    out["units_per_document"] = out.get("units", 0.0) / docs if docs else float("nan")
    return out


def span_totals(view: View, span: Span | None) -> dict[str, float] | None:
    return None if span is None else totals(_days(view.days, span))


def change_pct(now: float, before: float) -> float | None:
    if before in (0, None) or pd.isna(before) or pd.isna(now):
        return None
    return 100 * (now - before) / abs(before)


def change_text(metric: str, now: float, before: float | None) -> str | None:
    """+5,2 % (or +1,3 pp for a percentage); None when there is nothing to compare."""
    lang = language()
    if before is None or pd.isna(before) or pd.isna(now):
        return None
    if metric in POINTS:
        return formatting.points(now - before, lang)
    change = change_pct(now, before)
    return None if change is None else formatting.signed_percent(change, lang)


def comparison_label(span: Span | None) -> str:
    """"vs. octubre de 2025" / "vs. 01-11-2024 al 10-11-2024"."""
    return t("dash.vs", what=span_text(span)) if span else ""


def kpi_cards(view: View, metrics: list[tuple[str, str]]) -> None:
    """One card per (metric, kind): its value in the period, its change against the period
    before (the card's arrow) and against the same days a year before (below it)."""
    now = totals(_days(view.days, view.period.span))
    before = span_totals(view, view.period.previous)
    year = span_totals(view, view.period.year_ago)
    # At most four cards a row (five would cut "$30.074.970" short): 5 → 3 + 2.
    per_row = math.ceil(len(metrics) / math.ceil(len(metrics) / 4))
    columns = [c for i in range(0, len(metrics), per_row) for c in st.columns(per_row)]
    first, second = ((view.period.previous, before), (view.period.year_ago, year))
    if first[0] is None:  # a year to date, or no month before: the year ago goes on the arrow
        first, second = second, (None, None)
    for column, (metric, kind) in zip(columns, metrics):
        value = now.get(metric)
        main = change_text(metric, value, first[1].get(metric)) if first[1] else None
        flat = main is not None and main[0] not in "+-"  # no change: no arrow colour
        column.metric(t(f"metric.{metric}"), format_value(value, kind),
                      f"{main} {comparison_label(first[0])}" if main else None,
                      delta_color="off" if flat else "inverse" if metric in INVERSE else "normal",
                      delta_arrow="off" if flat else "auto",
                      help=t(f"help.{metric}") if f"help.{metric}" in HELP else None)
        other = change_text(metric, value, second[1].get(metric)) if second[1] else None
        if other:
            column.caption(f"{other} {comparison_label(second[0])}")
    if first[0] is None:
        st.caption(t("dash.no_comparison"))


HELP = ("help.margin_pct", "help.gross_margin")


def format_value(value: float | None, kind: str) -> str:
    lang = language()
    return {"money": formatting.money, "percent": formatting.percent,
            "number": formatting.number}[kind](value, lang)


def in_range(frame: pd.DataFrame, view: View, span: Span | None = None) -> pd.DataFrame:
    """Rows of a monthly dimension mart in the months of the period (or of `span`)."""
    span = span or view.period.span
    if frame.empty:
        return frame
    start = pd.Timestamp(span.start).to_period("M").start_time
    return frame.loc[(frame["period_start"] >= start)
                     & (frame["period_start"] <= pd.Timestamp(span.end))]


def download_table(frame: pd.DataFrame, name: str, columns: dict[str, str] | None = None,
                   kinds: dict[str, str] | None = None) -> None:
    """The page's table written the user's way (`kinds`: column → money, number, percent,
    quantity, day, month, rut, text…; others by dtype), headers in the user's language
    (`columns`, else each column's label), and CSV and Excel buttons with what is shown."""
    labels = {c: (columns or {}).get(c) or column_label(c) for c in frame.columns}
    shown = frame.rename(columns=labels)
    tables.show(shown, {labels[c]: k for c, k in (kinds or {}).items() if c in labels})
    download_buttons(shown, name)


def download_buttons(frame: pd.DataFrame, name: str) -> None:
    """CSV (in the reader's convention) and Excel of `frame`, formula cells neutralised. The
    files are made when a button is clicked, not on every run: the Excel file of 19,000
    clients took seconds to write, and the page waited for it each time it was shown."""
    lang = language()
    left, right = st.columns(2)
    left.download_button(t("downloads.csv"), lambda: exports.to_csv(frame, lang),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{name}_csv")
    right.download_button(t("downloads.xlsx"), lambda: exports.to_xlsx(frame, name),
                          file_name=f"{name}.xlsx", key=f"{name}_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def period_label(day: pd.Timestamp, grain: str) -> str:
    lang = language()
    if grain == "month":
        return formatting.month(day.date(), lang)
    if grain == "year":
        return str(day.year)
    if grain == "quarter":
        return f"T{(day.month - 1) // 3 + 1} {day.year}" if lang == "es" else \
            f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if grain == "week":
        iso = day.isocalendar()
        return f"S{iso.week:02d} {iso.year}" if lang == "es" else f"W{iso.week:02d} {iso.year}"
    return formatting.day(day.date(), lang)
