"""Owner dashboard: the month in numbers and the monthly sales trend."""

from __future__ import annotations

import streamlit as st

from streamlit_app import charts, data, formatting, session
from streamlit_app.i18n import language, t

ctx = session.require_context()
lang = language()
st.title(t("owner.title"))
st.caption(ctx.company.name)

monthly = data.monthly(ctx.company.id, data.data_version(ctx.company.id))
if monthly.empty:
    st.info(t("owner.no_data"))
    st.stop()

months = list(monthly["period_start"].dt.date)
chosen = st.selectbox(t("owner.month"), months, index=len(months) - 1,
                      format_func=lambda d: formatting.month(d, lang))
row = monthly.loc[monthly["period_start"].dt.date == chosen].iloc[0]


def delta(column: str) -> str | None:
    value = row.get(f"{column}_prev_pct")
    return None if value is None or value != value else f"{formatting.percent(value, lang)} {t('owner.vs_prev')}"


cards = st.columns(4)
cards[0].metric(t("metric.net_sales"), formatting.money(row["net_sales"], lang), delta("net_sales"))
cards[1].metric(t("metric.documents"), formatting.number(row["documents"], lang), delta("documents"))
cards[2].metric(t("metric.avg_ticket"), formatting.money(row["avg_ticket"], lang), delta("avg_ticket"))
cards[3].metric(t("metric.unique_customers"), formatting.number(row["unique_customers"], lang))

st.plotly_chart(charts.monthly_sales(monthly, lang, t("owner.chart"), t("metric.net_sales")),
                width="stretch")

st.subheader(t("owner.table"))
table = monthly[["period_start", "net_sales", "documents", "avg_ticket", "units",
                 "unique_customers"]].copy()
table["period_start"] = [formatting.month(d, lang) for d in table["period_start"]]
for column in ("net_sales", "avg_ticket"):
    table[column] = [formatting.money(v, lang) for v in table[column]]
table["units"] = [formatting.number(v, lang, 1) for v in table["units"]]
for column in ("documents", "unique_customers"):
    table[column] = [formatting.number(v, lang) for v in table[column]]
table.columns = [t("owner.month"), t("metric.net_sales"), t("metric.documents"),
                 t("metric.avg_ticket"), t("metric.units"), t("metric.unique_customers")]
st.dataframe(table, hide_index=True, width="stretch")
