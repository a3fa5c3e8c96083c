"""Marketing: new vs returning clients, their status and RFM segments, cohort retention and
the products bought together.

One word per idea: a client's status (Activos / Atrasados / Inactivos, from the days since
their last purchase) is not their RFM segment (Campeones … Perdidos, from how recent and
how frequent their purchases are next to the other clients'); each says what it means.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import engine
from ayni.core import formatting
from ayni.core.settings import get_settings
from streamlit_app import charts, dashboard, data
from streamlit_app.i18n import language, t

lang = language()
view = dashboard.open_view("marketing", "mkt.title")
customers = view.frames["customer_features"]
dashboard.kpi_cards(view, [("new_customers", "number"), ("net_sales", "money"),
                           ("avg_ticket", "money")])

labels = [dashboard.period_label(d, view.controls.grain) for d in view.current["period_start"]]
charts.show(charts.stacked(labels, {t("metric.new_customers"): view.current["new_customers"],
                                    t("metric.returning_customers"):
                                        view.current["returning_customers"]},
                           lang, t("mkt.new_vs_returning")), key="mkt_new")
if customers.empty:
    st.info(t("dash.features_pending"))
    st.stop()

# --- status: how long since their last purchase -------------------------------------------
st.subheader(t("mkt.status_title"))
params = engine.default_registry().merge_params(get_settings().gabeda_params)
status = customers["status"].value_counts()
for column, name in zip(st.columns(3), ("active", "at risk", "churned")):
    column.metric(t(f"mkt.status.{name}"), formatting.number(int(status.get(name, 0)), lang))
    column.caption(t(f"mkt.status.{name}.help", days=formatting.number(params["churn_days"], lang),
                     factor=formatting.number(params["at_risk_gap_factor"], lang)))

# --- RFM segments and cohorts ---------------------------------------------------------------
SEGMENTS = ("Champions", "Loyal", "Potential loyalist", "New", "Promising", "Need attention",
            "About to sleep", "At risk", "Cannot lose", "Hibernating", "Lost")
left, right = st.columns(2)
segments = customers["rfm_segment"].value_counts()
charts.show(charts.treemap(pd.Series([t(f"segment.{s}") for s in segments.index]),
                           segments.reset_index(drop=True), lang, t("mkt.segments"),
                           details=[t(f"segment.{s}.help").capitalize()
                                    for s in segments.index]),
            key="mkt_segments", container=left)
left.caption(t("mkt.segments_help"))
with left.expander(t("mkt.segments_explained")):
    st.markdown("\n".join(
        f"- **{t(f'segment.{s}')}** ({formatting.number(int(segments[s]), lang)}): "
        f"{t(f'segment.{s}.help')}." for s in SEGMENTS if s in segments.index))

monthly = view.frames["customer_aggregations"]
known = monthly.loc[monthly["is_identified"]] if not monthly.empty else monthly
if known.empty or known["period_start"].nunique() < 2:
    right.subheader(t("mkt.cohorts"))
    right.caption(t("mkt.cohort_short"))
else:
    first = pd.to_datetime(known["first_purchase_date"])
    cohort = first.dt.to_period("M").dt.start_time
    # Months since the first purchase, in whole numbers (a difference of Periods is a
    # Python object per row: a third of a second for a company's 70,000 customer months).
    age = ((known["period_start"].dt.year - first.dt.year) * 12
           + known["period_start"].dt.month - first.dt.month)
    active = known.assign(cohort=cohort, age=age).loc[lambda f: f["age"] >= 0]
    sizes = active.loc[active["age"] == 0].groupby("cohort")["customer_id"].nunique()
    counts = active.groupby(["cohort", "age"])["customer_id"].nunique().unstack("age")
    retention = (counts.div(sizes, axis=0) * 100).dropna(how="all").tail(12)
    retention = retention.reindex(columns=range(min(12, int(age.max()) + 1)))
    charts.show(charts.heatmap(retention, lang, t("mkt.cohorts"), money=False, percent=True,
                               x_labels=[str(c) for c in retention.columns],
                               y_labels=[formatting.month(d, lang) for d in retention.index],
                               x_title=t("mkt.cohort_x"), y_title=t("mkt.cohort_y")),
                key="mkt_cohorts", container=right)
    right.caption(t("mkt.cohort_help"))

# --- products bought together -----------------------------------------------------------------
pairs = view.frames["basket_pairs"]
st.subheader(t("mkt.pairs"))
if pairs.empty:
    st.caption(t("mkt.no_pairs"))
else:
    st.caption(t("mkt.pairs_help"))
    names = data.products(view.company_id, data.data_version(view.company_id)).set_index(
        "product_id")["product_name"]
    # The top pairs by shared documents, as GabeDA ranks them (not the table's storage order).
    top = pairs.sort_values(["documents", "product_a", "product_b"],
                            ascending=[False, True, True]).head(20)
    # Each pair read the way it is strongest: of the purchases with the first product, how
    # many have the second; lift is that against the second's share of every purchase.
    forward = top["confidence_ab"] >= top["confidence_ba"]
    first = top["product_a"].where(forward, top["product_b"])
    second = top["product_b"].where(forward, top["product_a"])
    share = top["confidence_ab"].where(forward, top["confidence_ba"]) * 100
    table = pd.DataFrame({
        "first": first.map(names).fillna(first), "second": second.map(names).fillna(second),
        "documents": top["documents"].astype(float), "share": share.astype(float),
        "base": (share / top["lift"]).astype(float), "lift": top["lift"].astype(float),
        "codes": first + " · " + second})

    def per_100(value: float) -> str:
        return formatting.number(value, lang, 0 if value >= 10 else 1)

    def bold(name: str) -> str:
        return "**" + str(name).replace("*", "\\*").replace("_", "\\_") + "**"

    st.markdown("\n".join(
        "- " + t("mkt.pair_sentence", a=bold(r.first), b=bold(r.second),
                 share=per_100(r.share), lift=formatting.ratio(r.lift, lang),
                 base=per_100(r.base))
        for r in table.head(3).itertuples()))
    dashboard.download_table(table, "productos_juntos", {
        "first": t("mkt.col.first"), "second": t("mkt.col.second"),
        "documents": t("mkt.col.both"), "share": t("mkt.col.share"),
        "base": t("mkt.col.base"), "lift": t("mkt.col.lift"), "codes": t("mkt.col.codes")},
        {"documents": "number", "share": "number", "base": "number", "lift": "ratio",
         "first": "text", "second": "text", "codes": "text"})

# --- the clients ---------------------------------------------------------------------------
st.subheader(t("mkt.customers"))
st.caption(t("mkt.scores_help"))
table = customers[["customer_id", "rfm_segment", "status", "r_score", "f_score", "m_score",
                   "documents", "revenue", "last_purchase", "recency_days"]].sort_values(
    "revenue", ascending=False)
# Segments and statuses in the page's language, as in the cards and the treemap: each
# distinct value translated once (once per client took half a second for 19,000 clients).
for column, prefix in (("rfm_segment", "segment"), ("status", "mkt.status")):
    words = {v: t(f"{prefix}.{v}") for v in table[column].dropna().unique()}
    table[column] = table[column].map(words).fillna(formatting.BLANK)
dashboard.download_table(table, "clientes_rfm", {
    **{c: t(f"feature.{c}") for c in table.columns},
    "r_score": t("mkt.col.r"), "f_score": t("mkt.col.f"), "m_score": t("mkt.col.m")},
    {"customer_id": "rut", "revenue": "money", "last_purchase": "day", "documents": "number",
     "recency_days": "number", "r_score": "number", "f_score": "number", "m_score": "number"})
