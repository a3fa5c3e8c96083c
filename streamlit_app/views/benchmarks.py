"""The company's position among anonymous peers of its industry (or why there is none).

Each metric says its position in words ("Percentil 55": higher than in 55 % of the
industry's companies) above a chart of the industry's range, its median and the company,
each named in the legend, with the unit in the axis title and the hovers.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import formatting
from streamlit_app import charts, dashboard, data, session
from streamlit_app.i18n import language, t

ctx = session.require_context()
lang = language()
st.title(t("bench.title"))
st.caption(ctx.company.name)
if not ctx.company.benchmark_opt_in:
    st.info(t("bench.opted_out"))
    st.stop()
version = data.data_version(ctx.company.id)
position = data.page(ctx.company.id, "benchmarks", "month", version)["company_benchmark_position"]
if position.empty:
    st.info(t("bench.none"))
    st.stop()

ORDER = ["month", "quarter", "year", "week", "day"]
# The metrics in the order an owner reads them; each one's kind and axis title.
METRICS = {"net_sales": "money", "avg_ticket": "money", "documents": "number",
           "margin_pct": "percent", "units_per_document": "number",
           "net_sales_prev_pct": "percent", "net_sales_yoy_pct": "percent"}


def period_text(start: pd.Timestamp, kind: str) -> str:
    """noviembre de 2026, T4 2026, 2026, Semana del 02-11-2026, 05-11-2026."""
    start = pd.Timestamp(start)
    if kind == "month":
        return formatting.month_long(start.date(), lang)
    if kind == "week":
        return t("bench.week_of", day=formatting.day(start.date(), lang))
    return dashboard.period_label(start, kind)


kinds = sorted(position["period_type"].unique(), key=ORDER.index)
kind = st.selectbox(t("dash.grain"), kinds, format_func=lambda k: t(f"grain.{k}"))
rows = position.loc[position["period_type"] == kind]
periods = sorted(rows["period_start"].unique())
chosen = st.selectbox(t("bench.period"), periods, index=len(periods) - 1,
                      format_func=lambda p: period_text(p, kind))
cells = rows.loc[rows["period_start"] == chosen]
cells = cells.assign(order=cells["metric"].map(list(METRICS).index)).sort_values("order")
st.caption(t("bench.compared", n=formatting.number(int(cells["n_companies"].max()), lang),
             period=period_text(chosen, kind)) + ". " + t("bench.band_help"))


def written(value: float, kind_of_value: str) -> str:
    if kind_of_value == "money":
        return formatting.money(value, lang)
    if kind_of_value == "percent":
        return formatting.percent(value, lang)
    return formatting.number(value, lang, 0 if float(value).is_integer() else 1)


for row in cells.itertuples():
    kind_of_value = METRICS.get(row.metric, "number")
    metric = t(f"bench.metric.{row.metric}")
    rank = float(row.percentile_rank)
    values = dict(value=written(row.value, kind_of_value),
                  median=written(row.p50, kind_of_value))
    sentence = (t("bench.top", **values) if rank >= 100 else
                t("bench.bottom", **values) if rank <= 0 else
                t("bench.above", share=formatting.percent(rank, lang, 0), **values))
    st.markdown(f"**{metric}** · {t('bench.position', value=formatting.number(rank, lang))}")
    st.caption(sentence)
    charts.show(charts.benchmark(row.value, row.p25, row.p50, row.p90, lang, kind=kind_of_value,
                                 labels={"band": t("bench.band"), "median": t("bench.median"),
                                         "company": ctx.company.name,
                                         "axis": t(f"bench.axis.{row.metric}")}),
                key=f"bench_{row.metric}")
