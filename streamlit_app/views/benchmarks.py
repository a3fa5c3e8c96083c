"""The company's position among anonymous peers of its industry (or why there is none)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from streamlit_app import data, formatting, session
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

order = ["month", "quarter", "year", "week", "day"]
kinds = sorted(position["period_type"].unique(), key=order.index)
kind = st.selectbox(t("dash.grain"), kinds, format_func=lambda k: t(f"grain.{k}"))
rows = position.loc[position["period_type"] == kind]
periods = sorted(rows["period_start"].unique())
chosen = st.selectbox(t("bench.period"), periods, index=len(periods) - 1,
                      format_func=lambda p: formatting.day(pd.Timestamp(p).date(), lang))
cells = rows.loc[rows["period_start"] == chosen]
st.caption(t("bench.peers", n=int(cells["n_companies"].max())))
money = {"net_sales", "avg_ticket"}
for row in cells.itertuples():
    show = formatting.money if row.metric in money else formatting.number
    fig = go.Figure()
    fig.add_trace(go.Bar(x=[row.p90 - row.p25], base=[row.p25], y=[""], orientation="h",
                         marker_color="#D9E4EC", name="p25–p90", hoverinfo="skip"))
    for value, name, color in ((row.p50, t("bench.median"), "#2E6F95"),
                               (row.value, ctx.company.name, "#B5525C")):
        fig.add_trace(go.Scatter(x=[value], y=[""], mode="markers", name=name,
                                 marker=dict(size=16, color=color),
                                 customdata=[show(value, lang)],
                                 hovertemplate=name + ": %{customdata}<extra></extra>"))
    fig.update_layout(height=140, margin=dict(l=10, r=10, t=40, b=10),
                      title=f"{t('bench.metric.' + row.metric)} · "
                            f"{t('bench.percentile', value=formatting.number(row.percentile_rank, lang))}",
                      showlegend=False, separators=",." if lang == "es" else ".,")
    st.plotly_chart(fig, width="stretch", key=f"bench_{row.metric}")
