"""Marketing: new vs returning clients, RFM segments, cohort retention, churn, basket pairs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from streamlit_app import charts, dashboard, formatting
from streamlit_app.i18n import language, t

lang = language()
view = dashboard.open_view("marketing", "mkt.title")
customers = view.frames["customer_features"]
dashboard.kpi_cards(view, [("new_customers", "number"), ("net_sales", "money"),
                           ("avg_ticket", "money")])

labels = [dashboard.period_label(d, view.controls.grain) for d in view.current["period_start"]]
st.plotly_chart(charts.stacked(labels, {t("metric.new_customers"): view.current["new_customers"],
                                        t("metric.returning_customers"):
                                            view.current["returning_customers"]},
                               lang, t("mkt.new_vs_returning")), width="stretch", key="mkt_new")
if customers.empty:
    st.info(t("dash.features_pending"))
    st.stop()

status = customers["status"].value_counts()
cards = st.columns(3)
for column, name in zip(cards, ("active", "at risk", "churned")):
    column.metric(t(f"status.{name}"), formatting.number(int(status.get(name, 0)), lang))

left, right = st.columns(2)
segments = customers["rfm_segment"].value_counts()
left.plotly_chart(charts.treemap(pd.Series([t(f"segment.{s}") for s in segments.index]),
                                 segments.reset_index(drop=True), lang, t("mkt.segments")),
                  width="stretch", key="mkt_segments")
monthly = view.frames["customer_aggregations"]
if not monthly.empty:
    known = monthly.loc[monthly["is_identified"]]
    first = pd.to_datetime(known["first_purchase_date"])
    cohort = first.dt.to_period("M")
    # Months since the first purchase, in whole numbers (a difference of Periods is a
    # Python object per row: a third of a second for a company's 70,000 customer months).
    age = ((known["period_start"].dt.year - first.dt.year) * 12
           + known["period_start"].dt.month - first.dt.month)
    active = known.assign(cohort=cohort.astype(str), age=age).loc[lambda f: f["age"] >= 0]
    sizes = active.loc[active["age"] == 0].groupby("cohort")["customer_id"].nunique()
    counts = active.groupby(["cohort", "age"])["customer_id"].nunique().unstack("age")
    retention = (counts.div(sizes, axis=0) * 100).tail(12)
    right.plotly_chart(charts.heatmap(retention.iloc[:, :12], lang, t("mkt.cohorts"),
                                      money=False, percent=True),
                       width="stretch", key="mkt_cohorts")

pairs = view.frames["basket_pairs"]
st.subheader(t("mkt.pairs"))
if pairs.empty:
    st.caption(t("mkt.no_pairs"))
else:
    # The top pairs by shared documents, as GabeDA ranks them (not the table's storage order).
    table = pairs.sort_values(["documents", "product_a", "product_b"],
                              ascending=[False, True, True])[
        ["product_a", "product_b", "documents", "support", "confidence_ab", "confidence_ba",
         "lift"]].head(20)
    st.dataframe(table.rename(columns=lambda c: t(f"feature.{c}")), hide_index=True,
                 width="stretch")

st.subheader(t("mkt.customers"))
table = customers[["customer_id", "rfm_segment", "status", "r_score", "f_score", "m_score",
                   "documents", "revenue", "last_purchase", "recency_days"]].sort_values(
    "revenue", ascending=False)
table["last_purchase"] = table["last_purchase"].dt.date
# Segments and statuses in the page's language, as in the cards and the treemap: each
# distinct value translated once (once per client took half a second for 19,000 clients).
for column, prefix in (("rfm_segment", "segment"), ("status", "status")):
    names = {v: t(f"{prefix}.{v}") for v in table[column].dropna().unique()}
    table[column] = table[column].map(names).fillna("")
dashboard.download_table(table, "clientes_rfm", {c: t(f"feature.{c}") for c in table.columns})
