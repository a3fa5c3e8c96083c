"""Operations: units, velocity, ABC classes, dead stock, busy days and hours."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts, dashboard, formatting
from streamlit_app.i18n import language, t

lang = language()
view = dashboard.open_view("operations", "ops.title")
features = view.frames["product_features"]
dashboard.kpi_cards(view, [("units", "number"), ("documents", "number"),
                           ("units_per_document", "number"), ("lines", "number")])

labels = [dashboard.period_label(d, view.controls.grain) for d in view.current["period_start"]]
st.plotly_chart(charts.trend(labels, view.current["units"], lang, t("ops.units"),
                             t("metric.units"), money=False), width="stretch", key="ops_units")
if features.empty:
    st.info(t("dash.features_pending"))
    st.stop()

dead = features.loc[features["dead_stock"].fillna(False).astype(bool)]
cards = st.columns(4)
for column, cls in zip(cards, ("A", "B", "C")):
    column.metric(t("ops.class", cls=cls), formatting.number((features["abc_class"] == cls).sum(), lang))
cards[3].metric(t("ops.dead_stock"), formatting.number(len(dead), lang))

st.plotly_chart(charts.pareto(features, lang, t("ops.pareto"),
                              {"revenue": t("metric.net_sales"),
                               "cumulative": t("ops.cumulative")}),
                width="stretch", key="ops_pareto")
left, right = st.columns(2)
fast = features.nlargest(10, "velocity")
left.plotly_chart(charts.ranked(fast["product_id"], fast["velocity"], lang, t("ops.velocity"),
                                t("ops.velocity_unit"), money=False),
                  width="stretch", key="ops_velocity")
hours = view.frames["hour_features"]
if not hours.empty:
    weekdays = [t(f"weekday.{d}") for d in range(7)]
    matrix = hours.pivot_table(index="weekday", columns="hour", values="revenue", aggfunc="sum")
    matrix = matrix.reindex(range(7))
    matrix.index = weekdays
    right.plotly_chart(charts.heatmap(matrix, lang, t("ops.heatmap")), width="stretch",
                       key="ops_heatmap")

st.subheader(t("ops.dead_list"))
if dead.empty:
    st.caption(t("ops.no_dead"))
table = features[["product_id", "abc_class", "revenue", "units", "velocity", "selling_days",
                  "days_since_last_sale", "dead_stock", "quadrant"]].sort_values(
    ["dead_stock", "revenue"], ascending=[False, False])
dashboard.download_table(table, "productos_operacion",
                         {c: t(f"feature.{c}") for c in table.columns})
