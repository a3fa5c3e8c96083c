"""What every dashboard shares: date range, grain, comparison period, KPI cards with change,
and a table that downloads.

Totals over a range are sums of the chosen grain's mart; ratios (ticket, margin %) are
recomputed from those sums, never averaged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from streamlit_app import data, exports, formatting, session
from streamlit_app.i18n import column_label, language, t

GRAINS = ("day", "week", "month", "quarter", "year")
ADDITIVE = ("net_sales", "gross_sales", "discounts", "returns", "cost", "gross_margin",
            "documents", "lines", "units", "new_customers", "sales_ex_vat", "vat")
# Metrics where a rise is bad news: their change arrow is red going up.
INVERSE = ("discounts", "returns", "cost")


@dataclass(frozen=True)
class Controls:
    grain: str
    start: date
    end: date
    compare: str          # "previous" or "year"


@dataclass
class View:
    """What a dashboard page works with after the user chose its controls."""
    company_id: int
    controls: Controls
    frames: dict[str, pd.DataFrame]
    current: pd.DataFrame        # periods of the range
    before: pd.DataFrame         # periods of the comparison range


def open_view(page_name: str, title_key: str) -> View:
    """The dashboard's title and company, its controls, then its data for them. Stops the
    page with a message when the company has no processed sales yet, or none in the range."""
    st.title(t(title_key))
    ctx = session.require_context()
    st.caption(ctx.company.name)
    version = data.data_version(ctx.company.id)
    left, middle, right = st.columns([1, 2, 1])
    grain = left.selectbox(t("dash.grain"), GRAINS, index=GRAINS.index("month"),
                           format_func=lambda g: t(f"grain.{g}"), key=f"{page_name}_grain")
    frames = data.page(ctx.company.id, page_name, grain, version)
    period = frames["period"]
    if period.empty:
        st.info(t("owner.no_data"))
        st.stop()
    first, last = period["period_start"].min().date(), period["period_start"].max().date()
    # A range of its own per grain: under one key the widget kept the dates of the grain
    # chosen before (month: up to the last month's first day), cutting days and weeks short.
    chosen = middle.date_input(t("dash.range"), value=(first, last), min_value=first,
                               max_value=last, format="DD-MM-YYYY",
                               key=f"{page_name}_range_{grain}")
    start, end = (chosen if isinstance(chosen, tuple) and len(chosen) == 2 else (first, last))
    compare = right.selectbox(t("dash.compare"), ("previous", "year"),
                              format_func=lambda c: t(f"dash.compare.{c}"),
                              key=f"{page_name}_compare")
    controls = Controls(grain, start, end, compare)
    current = _between(period, start, end)
    if current.empty:
        st.info(t("dash.empty_range"))
        st.stop()
    return View(ctx.company.id, controls, frames, current, _comparison(period, current, controls))


def _between(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    days = frame["period_start"].dt.date
    return frame.loc[(days >= start) & (days <= end)]


def _comparison(period: pd.DataFrame, current: pd.DataFrame, c: Controls) -> pd.DataFrame:
    if current.empty:
        return current
    if c.compare == "year":
        shift = pd.DateOffset(years=1)
        return _between(period, (pd.Timestamp(c.start) - shift).date(),
                        (pd.Timestamp(c.end) - shift).date())
    earlier = period.loc[period["period_start"] < current["period_start"].min()]
    return earlier.tail(len(current))


def totals(frame: pd.DataFrame) -> dict[str, float]:
    """Sums of the additive metrics and the ratios rebuilt from them."""
    out = {m: float(frame[m].sum()) for m in ADDITIVE if m in frame}
    net, docs = out.get("net_sales", 0.0), out.get("documents", 0.0)
    out["avg_ticket"] = net / docs if docs else float("nan")
    out["margin_pct"] = 100 * out.get("gross_margin", 0.0) / net if net else float("nan")
    out["units_per_document"] = out.get("units", 0.0) / docs if docs else float("nan")
    return out


def change_pct(now: float, before: float) -> float | None:
    if before in (0, None) or pd.isna(before) or pd.isna(now):
        return None
    return 100 * (now - before) / abs(before)


def kpi_cards(view: View, metrics: list[tuple[str, str]]) -> None:
    """One card per (metric, kind) with its change against the comparison period."""
    lang = language()
    now, before = totals(view.current), totals(view.before)
    # At most four cards a row (five would cut "$30.074.970" short): 5 → 3 + 2.
    per_row = math.ceil(len(metrics) / math.ceil(len(metrics) / 4))
    columns = [c for i in range(0, len(metrics), per_row) for c in st.columns(per_row)]
    for column, (metric, kind) in zip(columns, metrics):
        value = now.get(metric)
        change = change_pct(value, before.get(metric)) if not view.before.empty else None
        if metric == "margin_pct" and change is not None:  # points, not percent of percent
            change = value - before[metric]
        delta = None if change is None else (
            f"{formatting.percent(change, lang)} {t('dash.vs.' + view.controls.compare)}")
        column.metric(t(f"metric.{metric}"), format_value(value, kind), delta,
                      delta_color="inverse" if metric in INVERSE else "normal")


def format_value(value: float | None, kind: str) -> str:
    lang = language()
    return {"money": formatting.money, "percent": formatting.percent,
            "number": formatting.number}[kind](value, lang)


def in_range(frame: pd.DataFrame, view: View) -> pd.DataFrame:
    """Rows of a monthly dimension mart inside the chosen range (by month)."""
    if frame.empty:
        return frame
    start = pd.Timestamp(view.controls.start).to_period("M").start_time
    return frame.loc[(frame["period_start"] >= start)
                     & (frame["period_start"] <= pd.Timestamp(view.controls.end))]


def download_table(frame: pd.DataFrame, name: str, columns: dict[str, str] | None = None) -> None:
    """The page's table with its headers in the user's language (`columns`, else each
    column's label), and CSV and Excel buttons that download what is shown."""
    shown = frame.rename(columns=columns or column_label)
    st.dataframe(shown, hide_index=True, width="stretch")
    download_buttons(shown, name)


def download_buttons(frame: pd.DataFrame, name: str) -> None:
    """CSV and Excel of `frame` (formula cells neutralised). The files are made when a
    button is clicked, not on every run: the Excel file of 19,000 clients took seconds to
    write, and the page waited for it each time it was shown."""
    left, right = st.columns(2)
    left.download_button(t("downloads.csv"), lambda: exports.to_csv(frame),
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
