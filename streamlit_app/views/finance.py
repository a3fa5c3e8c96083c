"""Finance: net sales, cost, gross margin, discounts, returns, IVA, period comparisons."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts, dashboard
from streamlit_app.i18n import language, t

lang = language()
view = dashboard.open_view("finance", "fin.title")
# Rows that add up as read: sales = sales without IVA + IVA; sales without IVA − cost =
# gross margin.
dashboard.kpi_cards(view, [("net_sales", "money"), ("sales_ex_vat", "money"), ("vat", "money")])
dashboard.kpi_cards(view, [("cost", "money"), ("gross_margin", "money"),
                           ("margin_pct", "percent")])
dashboard.kpi_cards(view, [("discounts", "money"), ("returns", "money")])

labels = [dashboard.period_label(d, view.controls.grain) for d in view.current["period_start"]]
charts.show(charts.lines(labels, {t("metric.sales_ex_vat"): view.current["sales_ex_vat"],
                                      t("metric.cost"): view.current["cost"],
                                      t("metric.gross_margin"): view.current["gross_margin"]},
                             lang, t("fin.trend")), key="fin_trend")
left, right = st.columns(2)
charts.show(charts.stacked(labels, {t("metric.discounts"): view.current["discounts"],
                                    t("metric.returns"): view.current["returns"]},
                           lang, t("fin.discounts_returns"), money=True),
            key="fin_discounts", container=left)
categories = dashboard.in_range(view.frames["category_aggregations"], view)
if not categories.empty:
    margin = categories.groupby("category", dropna=False)[["gross_margin", "net_sales"]].sum()
    margin = margin.sort_values("gross_margin", ascending=False)
    charts.show(charts.ranked(margin.index.to_series().fillna(t("fin.no_category")),
                              margin["gross_margin"], lang, t("fin.by_category"),
                              t("metric.gross_margin")), key="fin_categories", container=right)

st.caption(t("fin.margin_basis"))
st.subheader(t("fin.table"))
columns = ["period_start", "gross_sales", "discounts", "returns", "net_sales", "sales_ex_vat",
           "vat", "cost", "gross_margin", "margin_pct", "net_sales_prev_pct", "net_sales_yoy_pct"]
table = view.current[columns].copy()
table["period_start"] = [dashboard.period_label(d, view.controls.grain)
                         for d in table["period_start"]]
dashboard.download_table(table, f"finanzas_{view.controls.grain}",
                         {c: t(f"metric.{c}") for c in columns},
                         kinds={**{c: "money" for c in columns[1:10]}, "margin_pct": "percent",
                                "net_sales_prev_pct": "percent", "net_sales_yoy_pct": "percent",
                                "period_start": "text"})
