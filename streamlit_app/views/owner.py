"""Owner: how the business did (last complete month by default) against the month before and
a year before, what changed, best products and clients, position among peers."""

from __future__ import annotations

import streamlit as st

from ayni.core import formatting
from streamlit_app import charts, dashboard, whatchanged
from streamlit_app.i18n import language, t

lang = language()
view = dashboard.open_view("owner", "owner.title")
dashboard.kpi_cards(view, [("net_sales", "money"), ("gross_margin", "money"),
                           ("margin_pct", "percent"), ("avg_ticket", "money"),
                           ("documents", "number")])

whatchanged.section(view)

grain = view.controls.grain
labels = [dashboard.period_label(d, grain) for d in view.current["period_start"]]
before = view.before["net_sales"].reset_index(drop=True) if len(view.before) == len(
    view.current) else None
daily = grain == "day"  # a line and its 7-day average, not 400 bars
charts.show(charts.trend(labels, view.current["net_sales"], lang, t("owner.chart"),
                         t("metric.net_sales"), previous=None if daily else before,
                         previous_label=t("dash.compare.year"), daily=daily,
                         days=view.current["period_start"] if daily else None),
            key="owner_trend")

left, right = st.columns(2)
products = dashboard.in_range(view.frames["product_aggregations"], view)
if not products.empty:
    top = (products.groupby(["product_id", "product_name"], dropna=False)["net_sales"].sum()
           .nlargest(10).reset_index())
    names = top["product_name"].fillna(top["product_id"])
    charts.show(charts.ranked(names, top["net_sales"], lang, t("owner.top_products"),
                              t("metric.net_sales")), key="owner_products", container=left)
clients = dashboard.in_range(view.frames["customer_aggregations"], view)
if not clients.empty:
    known = clients.loc[clients["is_identified"]]
    top = known.groupby("customer_id")["net_sales"].sum().nlargest(10).reset_index()
    charts.show(charts.ranked(top["customer_id"].map(formatting.rut), top["net_sales"], lang,
                              t("owner.top_clients"), t("metric.net_sales")),
                key="owner_clients", container=right)

position = view.frames["company_benchmark_position"]
st.subheader(t("owner.peers"))
if position.empty:
    st.caption(t("bench.none"))
else:
    # The latest month among the monthly cells (days and weeks start later in that month).
    months = position.loc[position["period_type"] == "month"]
    latest = months.loc[months["period_start"] == months["period_start"].max()]
    st.caption(t("owner.peers_month", month=formatting.month_long(
        latest["period_start"].max().date(), lang)))
    columns = st.columns(2)
    for index, row in enumerate(latest.itertuples()):
        rank = float(row.percentile_rank)
        columns[index % 2].progress(min(max(rank / 100, 0.0), 1.0), text=t(
            "owner.peer_rank", metric=t(f"bench.metric.{row.metric}"),
            value=formatting.number(rank, lang)))

st.subheader(t("owner.table"))
table = view.current[["period_start", "net_sales", "gross_margin", "margin_pct", "documents",
                      "avg_ticket", "unique_customers", "net_sales_prev_pct",
                      "net_sales_yoy_pct"]].copy()
table["period_start"] = [dashboard.period_label(d, grain) for d in table["period_start"]]
dashboard.download_table(table, f"resumen_{grain}", {c: t(f"metric.{c}") for c in table.columns},
                         kinds={"net_sales": "money", "gross_margin": "money",
                                "margin_pct": "percent", "documents": "number",
                                "avg_ticket": "money", "unique_customers": "number",
                                "net_sales_prev_pct": "percent", "net_sales_yoy_pct": "percent",
                                "period_start": "text"})
