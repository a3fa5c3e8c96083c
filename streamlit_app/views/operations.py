"""Operations: units, velocity, ABC classes, dead stock, busy days and hours.

Products are shown by name (their code in the hover and in a column of the table), and
quantities in their unit: units and kilos are never added together (a kilo of cheese is
not a unit of bread), so a shop that sells both gets a card and a chart for each.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import engine
from ayni.core import formatting
from ayni.core.settings import get_settings
from streamlit_app import charts, dashboard, data, tables
from streamlit_app.i18n import CATALOGUE, language, t

lang = language()
view = dashboard.open_view("operations", "ops.title")
grain = view.controls.grain
version = data.data_version(view.company_id)
features = view.frames["product_features"]
catalogue = data.products(view.company_id, version)
by_day = data.units_by_day(view.company_id, version)
by_day = by_day.assign(kind=by_day["unit_type"].map(formatting.unit_kind))
kinds = sorted(by_day["kind"].unique(), key=lambda k: (k != "unit", k)) or ["unit"]


def unit_name(kind: str) -> str:
    return t(f"unit.{kind}") if f"unit.{kind}" in CATALOGUE else kind.capitalize()


def quantity_in(span, kind: str) -> float | None:
    """The quantity of one unit kind sold in the span's days (None without a span)."""
    if span is None:
        return None
    days = by_day["period_start"].dt.date
    return float(by_day.loc[(by_day["kind"] == kind) & (days >= span.start)
                            & (days <= span.end), "units"].sum())


def cards(items: list[tuple[str, str, object]]) -> None:
    """A card per (label, metric, value of a span), its change against the period before
    on the arrow and against a year before under it, as dashboard.kpi_cards does."""
    period = view.period
    first, second = period.previous, period.year_ago
    if first is None:  # no month before to compare with: the year before goes on the arrow
        first, second = second, None
    for column, (label, metric, value_of) in zip(st.columns(len(items)), items):
        now, writer = value_of(period.span)
        main = (dashboard.change_text(metric, now, value_of(first)[0])
                if first is not None else None)
        column.metric(label, writer(now),
                      f"{main} {dashboard.comparison_label(first)}" if main else None)
        other = (dashboard.change_text(metric, now, value_of(second)[0])
                 if second is not None else None)
        if other:
            column.caption(f"{other} {dashboard.comparison_label(second)}")
    if first is None:
        st.caption(t("dash.no_comparison"))


def mart_value(metric: str, kind: str):
    def value_of(span):
        totals = dashboard.span_totals(view, span)
        return (None if totals is None else totals.get(metric),
                lambda v: dashboard.format_value(v, kind))
    return value_of


def kind_value(kind: str):
    return lambda span: (quantity_in(span, kind),
                         lambda v: formatting.quantity(v, kind, lang))


def per_document(kind: str):
    def value_of(span):
        totals = dashboard.span_totals(view, span)
        docs = totals.get("documents") if totals else None
        amount = quantity_in(span, kind)
        return (amount / docs if docs and amount is not None else None,
                lambda v: formatting.number(v, lang, 1))
    return value_of


items = [(unit_name(k), "units", kind_value(k)) for k in kinds]
if len(kinds) == 1:  # units per document only mean something in one unit
    items.append((t("ops.per_document", unit=unit_name(kinds[0])), "units_per_document",
                  per_document(kinds[0])))
items += [(t("metric.documents"), "documents", mart_value("documents", "number")),
          (t("metric.lines"), "lines", mart_value("lines", "number"))]
cards(items)


def grain_start(days: pd.Series) -> pd.Series:
    if grain == "week":
        return days - pd.to_timedelta(days.dt.weekday, unit="D")
    if grain in ("month", "quarter", "year"):
        return days.dt.to_period({"month": "M", "quarter": "Q", "year": "Y"}[grain]).dt.start_time
    return days


labels = [dashboard.period_label(d, grain) for d in view.current["period_start"]]
if kinds == ["unit"]:
    series = {"unit": view.current["units"]}
else:  # each unit kind over the chart's periods, from the daily quantities
    per_period = by_day.assign(period_start=grain_start(by_day["period_start"])).pivot_table(
        index="period_start", columns="kind", values="units", aggfunc="sum")
    series = {k: per_period.reindex(view.current["period_start"])[k].fillna(0.0)
              for k in kinds}
columns = st.columns(min(len(series), 2))
for i, (kind, values) in enumerate(series.items()):
    name = unit_name(kind)
    charts.show(charts.trend(labels, values, lang, t("ops.units_of", unit=name), name,
                             money=False, unit_type=kind, daily=grain == "day",
                             days=view.current["period_start"]),
                key="ops_units" if i == 0 else f"ops_units_{kind}",
                container=columns[i % len(columns)])
if features.empty:
    st.info(t("dash.features_pending"))
    st.stop()

# The products as people know them: their name (the code when the file had none) and unit.
products = features.merge(catalogue, on="product_id", how="left")
products["product_name"] = products["product_name"].fillna(products["product_id"])
products["kind"] = products["unit_type"].map(formatting.unit_kind)
known = view.days["period_start"]
st.subheader(t("ops.dead_list"))
st.caption(t("ops.features_span", start=formatting.day(known.min(), lang),
             end=formatting.day(known.max(), lang)))

dead = products.loc[products["dead_stock"].fillna(False).astype(bool)]
class_cards = st.columns(4)
for column, cls in zip(class_cards, ("A", "B", "C")):
    column.metric(t("ops.class", cls=cls),
                  formatting.number((products["abc_class"] == cls).sum(), lang))
class_cards[3].metric(t("ops.dead_stock"), formatting.number(len(dead), lang))

charts.show(charts.pareto(products, lang, t("ops.pareto"),
                          {"revenue": t("metric.net_sales"), "cumulative": t("ops.cumulative"),
                           "class": t("ops.class_short", cls="{cls}"),
                           "rest": t("ops.rest", n="{n}")}),
            key="ops_pareto")
params = engine.default_registry().merge_params(get_settings().gabeda_params)
st.caption(t("ops.abc_help", a=formatting.percent(params["abc_a_pct"], lang, 0),
             b=formatting.percent(params["abc_b_pct"], lang, 0)))

left, right = st.columns(2)
fast = products.dropna(subset=["velocity"]).nlargest(10, "velocity")
charts.show(charts.ranked(
    fast["product_name"], fast["velocity"], lang, t("ops.velocity"), t("ops.per_selling_day"),
    money=False,
    texts=[f"{formatting.number(v, lang, 1 if k == 'unit' else 2)} {unit_name(k).lower()}"
           for v, k in zip(fast["velocity"], fast["kind"])],
    details=[t("ops.code", code=c) for c in fast["product_id"]],
    axis_title=f"{t('ops.per_selling_day')} ("
               + ", ".join(unit_name(k).lower() for k in fast["kind"].unique()) + ")"),
    key="ops_velocity", container=left)
hours = view.frames["hour_features"]
if not hours.empty:
    matrix = hours.pivot_table(index="weekday", columns="hour", values="revenue", aggfunc="sum")
    matrix = matrix.reindex(range(7))
    charts.show(charts.heatmap(matrix, lang, t("ops.heatmap"),
                               x_labels=[f"{int(h)}:00" for h in matrix.columns],
                               y_labels=[t(f"weekday.{d}") for d in range(7)],
                               x_title=t("ops.hour"), text=False),
                key="ops_heatmap", container=right)

QUADRANTS = ("Star", "Workhorse", "Cash cow", "Dog")
st.subheader(t("ops.quadrants"))
costed = products.dropna(subset=["margin_pct", "quadrant"])
if not costed.empty:
    st.caption(t("ops.quadrants_help",
                 sales=formatting.money(costed["revenue"].median(), lang),
                 margin=formatting.percent(costed["margin_pct"].median(), lang)))
quadrant_cards = st.columns(4)
for column, name in zip(quadrant_cards, QUADRANTS):
    column.metric(t(f"quadrant.{name}"),
                  formatting.number((products["quadrant"] == name).sum(), lang))
    column.caption(t(f"quadrant.{name}.help").capitalize())
if not costed.empty:
    charts.show(charts.quadrant(products, lang, "", {
        "revenue": t("metric.net_sales"), "margin_pct": t("metric.margin_pct"),
        "names": {q: t(f"quadrant.{q}") for q in QUADRANTS}}), key="ops_quadrant")

st.subheader(t("ops.table"))
if dead.empty:
    st.caption(t("ops.no_dead"))
# The table: names first, codes beside them. Quantities and speeds stay numbers (a click on
# the header sorts them), each row written in its unit: 49 units, 21,628 kg.
table = pd.DataFrame({
    "product_name": products["product_name"], "product_id": products["product_id"],
    "abc_class": products["abc_class"],
    "quadrant": products["quadrant"].map(
        {q: t(f"quadrant.{q}") for q in QUADRANTS}).fillna(t("quadrant.none")),
    "revenue": products["revenue"].astype(float),
    "units": products["units"].astype(float),
    "velocity": products["velocity"].astype(float),
    "unit": products["kind"].map(lambda k: unit_name(k).lower()),
    "selling_days": products["selling_days"].astype(float),
    "days_since_last_sale": products["days_since_last_sale"].astype(float),
    "dead_stock": products["dead_stock"].fillna(False).astype(bool),
    "kind": products["kind"],
}).sort_values(["dead_stock", "revenue"], ascending=[False, False])
table["dead_stock"] = table["dead_stock"].map({True: t("ops.yes"), False: t("ops.no")})
headers = {"product_name": t("ops.col.product"), "product_id": t("ops.col.code"),
           "abc_class": t("feature.abc_class"), "quadrant": t("feature.quadrant"),
           "revenue": t("feature.revenue"), "units": t("ops.col.quantity"),
           "velocity": t("ops.per_selling_day"), "unit": t("ops.col.unit"),
           "selling_days": t("feature.selling_days"),
           "days_since_last_sale": t("ops.col.days_without"), "dead_stock": t("ops.dead_stock")}
row_kinds = table.pop("kind")
shown = table.rename(columns=headers)
styler = tables.styled(shown, {headers["revenue"]: "money", headers["selling_days"]: "number",
                               headers["days_since_last_sale"]: "number"})
for kind in row_kinds.unique():
    rows = row_kinds.index[row_kinds == kind]
    # (a column with a blank comes back from tables.styled already written, as text)
    styler = styler.format(
        lambda v, k=kind: v if isinstance(v, str) else formatting.quantity(v, k, lang),
        subset=(rows, [headers["units"]]))
    styler = styler.format(
        lambda v, k=kind: v if isinstance(v, str) else formatting.number(
            v, lang, 1 if k == "unit" else 2),
        subset=(rows, [headers["velocity"]]))
st.dataframe(styler, hide_index=True, width="stretch")
dashboard.download_buttons(shown, "productos_operacion")
