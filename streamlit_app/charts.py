"""Plotly figures in AYNI's style: Spanish labels, CLP with `$` and K/M on the axes, es-CL
separators (Plotly's layout.separators from ayni.core.formatting), and hover labels written by
ayni.core.formatting (customdata carries each value as the page writes it).

Pages draw a figure with `show(fig, key=...)`: full width, and without Plotly's toolbar,
which on a phone sat over the title. Titles are left-aligned and wrap onto a second line
instead of running under the legend or off a narrow screen; legends sit under the title;
category axes show at most MAX_TICKS labels.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ayni.core import formatting
from streamlit_app.i18n import t

COLOR = "#2E6F95"
SECOND = "#E0A458"
LIGHT = "#9DBCD1"
MUTED = "#B0B7BF"
MINE = "#B5525C"
PALETTE = ["#2E6F95", "#E0A458", "#7A9E7E", "#B5525C", "#6C5B7B", "#4F8A8B", "#C06C84",
           "#F2C14E", "#5D737E", "#8E7DBE", "#D4A373"]
# What st.plotly_chart gets from show(): no toolbar (it covered the title on a phone; a
# double click still undoes a zoom, and Streamlit's own toolbar has full screen).
CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}
# Every button of Plotly's toolbar, removed in the layout too, so a page that draws a
# figure without show() gets no toolbar over its title either.
TOOLBAR = ["zoom", "pan", "select", "lasso", "zoomIn", "zoomOut", "autoScale", "resetScale",
           "toImage", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian",
           "resetViews", "zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo",
           "hoverClosestGl2d", "hoverClosestPie", "toggleHover", "resetCameraDefault3d",
           "resetCameraLastSave3d", "orbitRotation", "tableRotation", "zoom3d", "pan3d",
           "zoomInMapbox", "zoomOutMapbox", "resetViewMapbox", "zoomInMap", "zoomOutMap",
           "resetViewMap", "drawline", "drawopenpath", "drawclosedpath", "drawcircle",
           "drawrect", "eraseshape", "sendDataToCloud"]
# A title line holds this many characters on a 390 px phone (15 px font).
TITLE_CHARS = 40
# Labels shown on a category axis at most (the others still have their hover).
MAX_TICKS = 12
# Characters of a product name on an axis; the hover has the whole name.
NAME_CHARS = 26
# Pixels of legend entries a row holds on a 390 px phone.
LEGEND_WIDTH = 330
# Bars that still get their value written above them.
MAX_BAR_TEXTS = 13


def show(fig: go.Figure, key: str, container=None, **options):
    """Draw `fig` at full width with AYNI's Plotly config; `container` is st (default), a
    column or any other container; `options` go to st.plotly_chart."""
    options.setdefault("width", "stretch")
    return (container if container is not None else st).plotly_chart(
        fig, key=key, config=CONFIG, **options)


# --- shared layout --------------------------------------------------------------------------


def _title_lines(title: str) -> list[str]:
    return textwrap.wrap(title, TITLE_CHARS) if title else []


def _legend_rows(fig: go.Figure) -> int:
    """Rows the legend takes on a phone: its entries wrap at about LEGEND_WIDTH pixels."""
    names = [str(d.name) for d in fig.data if d.name and d.showlegend is not False]
    return max(1, math.ceil(sum(6.5 * len(n) + 40 for n in names) / LEGEND_WIDTH))


def _layout(fig: go.Figure, title: str, language: str, height: int = 380,
            legend: bool | None = None) -> go.Figure:
    """Title at the top left (wrapped), the legend under it with room for the rows it
    takes on a phone, es-CL separators, no toolbar."""
    lines = _title_lines(title)
    shows_legend = legend if legend is not None else len(fig.data) > 1
    title_px = 22 * len(lines)
    legend_px = 22 * _legend_rows(fig) if shows_legend else 0
    total = height + title_px + legend_px
    fig.update_layout(
        title=dict(text="<br>".join(lines), x=0, xanchor="left", xref="container",
                   y=1, yanchor="top", yref="container", pad=dict(t=10, l=4),
                   font=dict(size=15)),
        margin=dict(l=8, r=8, t=14 + title_px + legend_px, b=8), height=total,
        separators=formatting.plotly_separators(language),
        showlegend=shows_legend,
        legend=dict(orientation="h", x=0, xanchor="left", yref="container",
                    y=1 - (10 + title_px) / total, yanchor="top", font=dict(size=12)),
        hoverlabel=dict(namelength=-1, font=dict(size=13)),
        modebar=dict(remove=TOOLBAR),
        uniformtext=dict(minsize=9, mode="hide"),
    )
    fig.update_xaxes(automargin=True, exponentformat="none", separatethousands=True)
    fig.update_yaxes(automargin=True, exponentformat="none", separatethousands=True)
    return fig


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if raw <= m * magnitude)


def _money_ticks(values: pd.Series, count: int = 4, from_zero: bool = True) -> list[float]:
    """Round ticks from min(0, lowest) to the highest value: $0, $50K, $100K… (without
    `from_zero`: over the values' own range)."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").dropna()
    if numbers.empty:
        return [0.0]
    low, high = float(numbers.min()), float(numbers.max())
    if from_zero:
        low, high = min(0.0, low), max(0.0, high)
    if high - low <= 0:
        return [0.0]
    step = _nice_step(high - low, count)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [float(i * step) for i in range(first, last + 1)]


def _money_axis(fig: go.Figure, values: pd.Series, language: str, axis: str = "yaxis",
                count: int = 4) -> None:
    ticks = _money_ticks(values, count)
    fig.update_layout(**{axis: dict(tickmode="array", tickvals=ticks, ticktext=[
        formatting.money_short(v, language) for v in ticks])})


def _category_ticks(fig: go.Figure, labels: Sequence[str], axis: str = "xaxis",
                    texts: Sequence[str] | None = None) -> None:
    """A category axis with at most MAX_TICKS labels (every n-th), written as `texts`."""
    labels = list(labels)
    texts = list(texts) if texts is not None else labels
    step = max(1, math.ceil(len(labels) / MAX_TICKS))
    fig.update_layout(**{axis: dict(type="category", tickmode="array",
                                    tickvals=labels[::step], ticktext=texts[::step])})


def _short(name: object, size: int = NAME_CHARS) -> str:
    name = formatting.text(name)
    return name if len(name) <= size else name[: size - 1].rstrip() + "…"


def _writer(money: bool, unit_type: str | None, language: str) -> Callable[[float], str]:
    if money:
        return lambda v: formatting.money(v, language)
    if unit_type is not None:
        return lambda v: formatting.quantity(v, unit_type, language)
    return lambda v: formatting.number(v, language)


# --- figures --------------------------------------------------------------------------------


def trend(labels: list[str], values: pd.Series, language: str, title: str, label: str,
          *, money: bool = True, previous: pd.Series | None = None,
          previous_label: str = "", daily: bool = False, average_label: str | None = None,
          unit_type: str | None = None, days: Sequence | None = None) -> go.Figure:
    """One value per period: bars (hover: the exact value), with the comparison period as a
    dotted line. `daily`: the values as a thin line and their 7-day moving average as a
    thick one (a bar per day is a wall of 395 bars); with `days` (the date of each value)
    the days without sales are added as 0, so the average is over 7 calendar days.
    `unit_type` writes quantities with their unit (kilos with decimals,
    ayni.core.formatting.quantity); `money` False and no unit: plain numbers."""
    values = pd.Series(values).astype(float).reset_index(drop=True)
    if daily and days is not None and len(days) == len(values) and len(values):
        dates = pd.DatetimeIndex(pd.to_datetime(pd.Series(list(days))))
        calendar = pd.date_range(dates.min(), dates.max(), freq="D")
        values = pd.Series(values.to_numpy(), index=dates).reindex(calendar, fill_value=0.0)
        if previous is not None and len(previous) == len(dates):
            previous = pd.Series(pd.Series(previous).astype(float).to_numpy(),
                                 index=dates).reindex(calendar, fill_value=0.0)
        else:
            previous = None
        values = values.reset_index(drop=True)
        previous = previous.reset_index(drop=True) if previous is not None else None
        labels = [formatting.day(d.date(), language) for d in calendar]
    show = _writer(money, unit_type, language)
    custom = [show(v) for v in values]
    hover = "%{x}<br>" + label + ": %{customdata}<extra></extra>"
    if daily:
        fig = go.Figure(go.Scatter(x=labels, y=values, mode="lines", name=label,
                                   line=dict(color=LIGHT, width=1.5), customdata=custom,
                                   hovertemplate=hover))
    else:
        few = len(values) <= MAX_BAR_TEXTS
        short = ((lambda v: formatting.money_short(v, language)) if money else
                 (lambda v: formatting.number(v, language, 1)) if unit_type not in (None, "unit")
                 else show)  # the title says the unit; "21,6" fits above a bar
        fig = go.Figure(go.Bar(
            x=labels, y=values, marker_color=COLOR, name=label,
            text=[short(v) for v in values] if few else None,
            textposition="outside" if few else None, cliponaxis=False,
            textfont=dict(size=11), customdata=custom, hovertemplate=hover))
    if previous is not None and len(previous) == len(values):
        before = pd.Series(previous).astype(float).reset_index(drop=True)
        fig.add_trace(go.Scatter(
            x=labels, y=before, mode="lines" if daily else "lines+markers",
            name=previous_label, line=dict(color=SECOND, dash="dot"),
            customdata=[show(v) for v in before],
            hovertemplate="%{x}<br>" + previous_label + ": %{customdata}<extra></extra>"))
    if daily and len(values) >= 7:
        name = average_label or t("chart.average_7")
        average = values.rolling(7).mean()
        fig.add_trace(go.Scatter(
            x=labels, y=average, mode="lines", name=name, line=dict(color=COLOR, width=3),
            customdata=[show(v) if pd.notna(v) else formatting.BLANK for v in average],
            hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>"))
    _category_ticks(fig, labels, texts=_without_year(labels) if daily else None)
    if money:
        _money_axis(fig, values if previous is None else pd.concat([values, pd.Series(
            previous, dtype=float)]), language)
    return _layout(fig, title, language)


def _without_year(labels: Sequence[str]) -> list[str]:
    """Day labels of one year without it, so a month of days fits: 03-11, Nov 3."""
    labels = list(labels)
    years = {label[-4:] for label in labels}
    if len(years) != 1 or not next(iter(years)).isdigit():
        return labels
    return [label[:-5].rstrip(", -") for label in labels]


def monthly_sales(frame: pd.DataFrame, language: str, title: str, label: str) -> go.Figure:
    months = [formatting.month(d, language) for d in frame["period_start"]]
    return trend(months, frame["net_sales"], language, title, label)


def ranked(labels: pd.Series, values: pd.Series, language: str, title: str, label: str,
           money: bool = True, *, texts: Sequence[str] | None = None,
           details: Sequence[str] | None = None, axis_title: str = "") -> go.Figure:
    """Horizontal bars, biggest on top. `texts`: each value as the hover writes it (else
    money or a number); `details`: a line more under each bar's name in the hover (a
    product's code); `axis_title`: what the values are (their unit). Long names are
    shortened on the axis, whole in the hover."""
    names = [formatting.text(v) for v in labels]
    values = pd.Series(values).astype(float).reset_index(drop=True)
    show = _writer(money, None, language)
    custom = list(texts) if texts is not None else [show(v) for v in values]
    if details is None:  # one value per bar
        data = dict(customdata=custom,
                    hovertemplate="%{y}<br>" + label + ": %{customdata}<extra></extra>")
    else:
        data = dict(customdata=[[c, f"<br>{d}" if d else ""] for c, d in zip(custom, details)],
                    hovertemplate="%{y}%{customdata[1]}<br>" + label
                                  + ": %{customdata[0]}<extra></extra>")
    fig = go.Figure(go.Bar(y=names, x=values, orientation="h", marker_color=COLOR, name=label,
                           **data))
    fig.update_yaxes(autorange="reversed", type="category", tickmode="array", tickvals=names,
                     ticktext=[_short(n) for n in names])
    if money:
        _money_axis(fig, values, language, "xaxis", count=3)
    else:
        fig.update_xaxes(nticks=5)
    if axis_title:
        fig.update_xaxes(title=dict(text=axis_title, font=dict(size=12)))
    return _layout(fig, title, language, height=max(300, 28 * len(names) + 80), legend=False)


def stacked(labels: list[str], series: dict[str, pd.Series], language: str, title: str,
            money: bool = False) -> go.Figure:
    show = formatting.money if money else formatting.number
    fig = go.Figure([go.Bar(x=labels, y=values.astype(float), name=name,
                            marker_color=PALETTE[i % len(PALETTE)],
                            customdata=[show(v, language) for v in values],
                            hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>")
                     for i, (name, values) in enumerate(series.items())])
    fig.update_layout(barmode="stack")
    _category_ticks(fig, labels)
    if money and series:
        heights = sum(pd.Series(v, dtype=float).clip(lower=0).reset_index(drop=True)
                      for v in series.values())
        _money_axis(fig, heights, language)
    return _layout(fig, title, language)


def lines(labels: list[str], series: dict[str, pd.Series], language: str, title: str) -> go.Figure:
    """Several money series over time (sales, cost, margin…)."""
    mode = "lines" if len(labels) > 40 else "lines+markers"
    fig = go.Figure([go.Scatter(x=labels, y=values.astype(float), name=name, mode=mode,
                                line=dict(color=PALETTE[i % len(PALETTE)]),
                                customdata=[formatting.money(v, language) for v in values],
                                hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>")
                     for i, (name, values) in enumerate(series.items())])
    top = pd.concat(series.values()).astype(float) if series else pd.Series(dtype=float)
    _category_ticks(fig, labels)
    _money_axis(fig, top, language)
    return _layout(fig, title, language)


REST = "__resto__"


def pareto(products: pd.DataFrame, language: str, title: str, labels: dict[str, str],
           top: int | None = None) -> go.Figure:
    """Sales per product, biggest first, coloured by ABC class, with the cumulative share
    of sales as a line that reaches 100 %: the `top` best products get a bar each (by
    default the A and B products, 10 to 20 of them: more labels do not fit a phone), the
    rest one bar together. The money axis is scaled to the best product: a taller bar of
    the rest is cut at the top and says its amount. `products`: product_id, revenue,
    abc_class and optionally product_name (the axis and hover say the name; the hover adds
    the code) and cumulative_share (else computed here the same way: products with positive
    sales, biggest first). `labels`: revenue, cumulative, class (with {cls}), rest (with
    {n})."""
    ranked = products.loc[products["revenue"] > 0].sort_values(
        ["revenue", "product_id"], ascending=[False, True])
    total = float(ranked["revenue"].sum())
    cumulative = (ranked["cumulative_share"].astype(float) if "cumulative_share" in ranked
                  else ranked["revenue"].cumsum() / total * 100)
    names = (ranked["product_name"].fillna(ranked["product_id"]) if "product_name" in ranked
             else ranked["product_id"]).astype(str)
    if top is None:
        top = min(20, max(10, int((cumulative < 95).sum()) + 1))
    if len(ranked) - top == 1:  # a bar of "1 more product" would hide its name
        top += 1
    shown, rest = ranked.head(top), ranked.iloc[top:]
    money = lambda v: formatting.money(v, language)  # noqa: E731
    fig = go.Figure()
    colors = {"A": COLOR, "B": SECOND, "C": MUTED}
    for cls in ("A", "B", "C"):
        part = shown.loc[shown["abc_class"] == cls]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            x=part["product_id"].astype(str), y=part["revenue"].astype(float),
            marker_color=colors[cls], name=labels["class"].format(cls=cls),
            customdata=list(zip(names[part.index], part["product_id"].astype(str),
                                map(money, part["revenue"]))),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>" + labels["revenue"]
                          + ": %{customdata[2]}<extra></extra>"))
    x = list(shown["product_id"].astype(str))
    full = list(names[shown.index])
    line = list(cumulative[shown.index].astype(float))
    best = float(shown["revenue"].max()) if len(shown) else 0.0
    ceiling = best * 1.12 or 1.0
    if not rest.empty:
        others = labels["rest"].format(n=formatting.number(len(rest), language))
        amount = float(rest["revenue"].sum())
        fig.add_trace(go.Bar(
            x=[REST], y=[amount], marker_color="#D5DAE0", name=others,
            text=[formatting.money_short(amount, language)] if amount > ceiling else None,
            textposition="inside", insidetextanchor="end", textangle=0,
            customdata=[[others, "", money(amount)]],
            hovertemplate="%{customdata[0]}<br>" + labels["revenue"]
                          + ": %{customdata[2]}<extra></extra>"))
        x.append(REST)
        full.append(others)
        line.append(float(cumulative.iloc[-1]))
    fig.add_trace(go.Scatter(
        x=x, y=line, yaxis="y2", name=labels["cumulative"], mode="lines+markers",
        marker=dict(size=4), line=dict(color="#333"),
        customdata=[[n, formatting.percent(v, language)] for n, v in zip(full, line)],
        hovertemplate="%{customdata[0]}<br>" + labels["cumulative"]
                      + ": %{customdata[1]}<extra></extra>"))
    fig.update_layout(
        barmode="overlay", bargap=0.15,
        xaxis=dict(type="category", categoryorder="array", categoryarray=x, tickmode="array",
                   tickvals=x, ticktext=[_short(n, 16) for n in full], tickangle=-60,
                   tickfont=dict(size=10)),
        yaxis2=dict(overlaying="y", side="right", range=[0, 105], tickmode="array",
                    tickvals=[0, 20, 40, 60, 80, 100], showgrid=False,
                    ticktext=[formatting.percent(v, language, 0) for v in range(0, 101, 20)]))
    _money_axis(fig, pd.Series([0.0, best]), language)
    fig.update_layout(yaxis=dict(range=[0, ceiling]))
    return _layout(fig, title, language, height=460, legend=True)


def quadrant(products: pd.DataFrame, language: str, title: str, labels: dict) -> go.Figure:
    """Each product by its sales (x) and margin % (y), one colour per quadrant, with the
    medians that split them. `labels`: revenue, margin_pct, and names (quadrant → name in
    the page's language). The hover says the name, the code, the sales and the margin."""
    frame = products.dropna(subset=["quadrant", "margin_pct"])
    names = (frame["product_name"].fillna(frame["product_id"]) if "product_name" in frame
             else frame["product_id"]).astype(str)
    fig = go.Figure()
    for i, (quadrant_name, shown) in enumerate(labels["names"].items()):
        part = frame.loc[frame["quadrant"] == quadrant_name]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["revenue"].astype(float), y=part["margin_pct"].astype(float), mode="markers",
            name=shown, marker=dict(size=10, color=PALETTE[i % len(PALETTE)], opacity=0.85),
            customdata=list(zip(names[part.index], part["product_id"].astype(str),
                                [formatting.money(v, language) for v in part["revenue"]],
                                [formatting.percent(v, language) for v in part["margin_pct"]])),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>" + labels["revenue"]
                          + ": %{customdata[2]}<br>" + labels["margin_pct"]
                          + ": %{customdata[3]}<extra>" + shown + "</extra>"))
    if not frame.empty:
        fig.add_vline(x=float(frame["revenue"].median()), line_dash="dot", line_color="#999")
        fig.add_hline(y=float(frame["margin_pct"].median()), line_dash="dot", line_color="#999")
    fig.update_xaxes(title=dict(text=labels["revenue"], font=dict(size=12)))
    fig.update_yaxes(title=dict(text=labels["margin_pct"], font=dict(size=12)),
                     ticksuffix=" %" if language == "es" else "%")
    _money_axis(fig, frame["revenue"], language, "xaxis", count=3)
    return _layout(fig, title, language, height=420, legend=True)


def heatmap(matrix: pd.DataFrame, language: str, title: str, money: bool = True,
            percent: bool = False, *, x_labels: Sequence[str] | None = None,
            y_labels: Sequence[str] | None = None, x_title: str = "", y_title: str = "",
            text: bool | None = None) -> go.Figure:
    """A value per (row, column), darker for more. Both axes are categories written as
    `x_labels` / `y_labels` (else the columns and index as text): numbers and months are
    never read as a numeric or date scale. `text`: write the values in the cells (by
    default when the grid is small)."""
    show = (formatting.money if money else
            formatting.percent if percent else formatting.number)
    xs = list(x_labels) if x_labels is not None else [str(c) for c in matrix.columns]
    ys = list(y_labels) if y_labels is not None else [str(i) for i in matrix.index]
    z = matrix.to_numpy(dtype=float)
    written = [[show(v, language) if pd.notna(v) else formatting.BLANK for v in row] for row in z]
    small = len(xs) <= 8 and len(ys) <= 8
    fig = go.Figure(go.Heatmap(
        z=z, x=xs, y=ys, colorscale="Blues", customdata=written, xgap=1, ygap=1,
        zmin=0 if percent else None, zmax=100 if percent else None,
        text=written if (small if text is None else text) else None,
        texttemplate="%{text}" if (small if text is None else text) else None,
        hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>",
        colorbar=dict(thickness=12)))
    if (money or percent) and pd.notna(z).any():
        ticks = _money_ticks(pd.Series(z.ravel()).dropna(), 4)
        fig.data[0].colorbar.update(tickmode="array", tickvals=ticks, ticktext=[
            formatting.money_short(v, language) if money else formatting.percent(v, language, 0)
            for v in ticks])
    fig.update_xaxes(type="category", title=dict(text=x_title, font=dict(size=12)),
                     tickmode="array", tickvals=xs[:: max(1, math.ceil(len(xs) / MAX_TICKS))])
    fig.update_yaxes(type="category", autorange="reversed",
                     title=dict(text=y_title, font=dict(size=12)))
    return _layout(fig, title, language, height=max(260, 34 * len(ys) + 120), legend=False)


def treemap(names: pd.Series, counts: pd.Series, language: str, title: str,
            details: Sequence[str] | None = None) -> go.Figure:
    """A tile per name, sized by its count; `details` (one per name) goes in the hover."""
    names = [formatting.text(n) for n in names]
    extra = list(details) if details is not None else [""] * len(names)
    fig = go.Figure(go.Treemap(
        labels=names, parents=[""] * len(names), values=pd.Series(counts).astype(float),
        customdata=list(zip([formatting.number(v, language) for v in counts], extra)),
        texttemplate="%{label}<br>%{customdata[0]}",
        hovertemplate="%{label}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        marker=dict(colors=PALETTE[: len(names)] * (len(names) // len(PALETTE) + 1))))
    return _layout(fig, title, language, height=420, legend=False)


def benchmark(value: float, p25: float, p50: float, p90: float, language: str, *,
              kind: str, labels: dict[str, str]) -> go.Figure:
    """A company's value against its industry's: the band from the 25th to the 90th
    percentile, the median and the company, each named in the legend and the hover, with
    the unit in the axis title. `kind`: money, percent or number (decimals kept);
    `labels`: band, median, company, axis."""
    def show(v: float) -> str:
        if kind == "money":
            return formatting.money(v, language)
        if kind == "percent":
            return formatting.percent(v, language)
        return formatting.number(v, language, 0 if float(v).is_integer() else 1)

    p25, p50, p90, value = (float(v) for v in (p25, p50, p90, value))
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=[p90 - p25], base=[p25], y=[""], orientation="h", marker_color="#D9E4EC",
        name=labels["band"], width=0.6,
        customdata=[[show(p25), show(p90)]],
        hovertemplate=labels["band"] + ": %{customdata[0]} – %{customdata[1]}<extra></extra>"))
    for point, name, color, symbol in ((p50, labels["median"], COLOR, "circle"),
                                       (value, labels["company"], MINE, "diamond")):
        fig.add_trace(go.Scatter(
            x=[point], y=[""], mode="markers", name=name, cliponaxis=False,
            marker=dict(size=16, color=color, symbol=symbol, line=dict(width=1, color="white")),
            customdata=[show(point)], hovertemplate=name + ": %{customdata}<extra></extra>"))
    low, high = min(p25, value, p50), max(p90, value, p50)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    fig.update_xaxes(range=[low - pad, high + pad], nticks=5,
                     title=dict(text=labels["axis"], font=dict(size=12)),
                     ticksuffix=(" %" if language == "es" else "%") if kind == "percent" else None)
    if kind == "money":
        ticks = [v for v in _money_ticks(pd.Series([low - pad, high + pad]), 6, from_zero=False)
                 if low - pad <= v <= high + pad]
        fig.update_xaxes(tickmode="array", tickvals=ticks,
                         ticktext=[formatting.money_short(v, language) for v in ticks])
    fig.update_yaxes(showticklabels=False)
    return _layout(fig, "", language, height=150, legend=True)


def waterfall(steps: list[tuple[str, int]], before: tuple[str, int], now: tuple[str, int],
              language: str, title: str = "") -> go.Figure:
    """From the total before to the total now, one step per (label, amount): green adds,
    red takes away. The axis starts near the lowest point the walk reaches, not at zero,
    so small steps beside large totals can be seen (each is labelled with its size)."""
    names = [before[0]] + [_short(name) for name, _ in steps] + [now[0]]
    values = [before[1]] + [amount for _, amount in steps] + [now[1]]
    measures = ["absolute"] + ["relative"] * len(steps) + ["total"]
    fig = go.Figure(go.Waterfall(
        x=names, y=values, measure=measures, textposition="outside", cliponaxis=False,
        text=[formatting.money_short(before[1], language)]
        + [("+" if a > 0 else "") + formatting.money_short(a, language) for _, a in steps]
        + [formatting.money_short(now[1], language)],
        customdata=[formatting.signed_money(v, language) if m == "relative" else
                    formatting.money(v, language) for v, m in zip(values, measures)],
        hovertext=[before[0]] + [name for name, _ in steps] + [now[0]],
        hovertemplate="%{hovertext}<br>%{customdata}<extra></extra>",
        increasing=dict(marker_color=PALETTE[2]), decreasing=dict(marker_color=PALETTE[3]),
        totals=dict(marker_color=COLOR), connector=dict(line=dict(color="#bbb"))))
    running, low, high = before[1], min(before[1], now[1]), max(before[1], now[1])
    for _, amount in steps:
        running += amount
        low, high = min(low, running), max(high, running)
    pad = max(high - low, 1) * 0.25
    bottom, top = max(0, low - pad), high + pad
    ticks = [v for v in _money_ticks(pd.Series([bottom, top]), from_zero=False)
             if bottom <= v <= top]
    fig.update_yaxes(range=[bottom, top])
    # Whole pesos on the ticks: over a zoomed range $1,1M and $1,1M would repeat.
    fig.update_layout(yaxis=dict(tickvals=ticks, ticktext=[formatting.money(v, language)
                                                          for v in ticks]))
    fig.update_xaxes(tickangle=-30)
    return _layout(fig, title, language, height=420, legend=False)
