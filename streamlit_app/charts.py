"""Plotly figures in AYNI's style: Spanish labels, CLP with K/M on the axes, es-CL numbers
in hover labels (customdata carries each value as the page formats it)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from streamlit_app import formatting

COLOR = "#2E6F95"
SECOND = "#E0A458"
PALETTE = ["#2E6F95", "#E0A458", "#7A9E7E", "#B5525C", "#6C5B7B", "#4F8A8B", "#C06C84",
           "#F2C14E", "#5D737E", "#8E7DBE", "#D4A373"]


def _layout(fig: go.Figure, title: str, language: str, height: int = 380) -> go.Figure:
    fig.update_layout(title=title, margin=dict(l=10, r=10, t=50, b=10), height=height,
                      separators=",." if language == "es" else ".,",
                      legend=dict(orientation="h", y=-0.15))
    return fig


def _money_axis(fig: go.Figure, values: pd.Series, language: str, axis: str = "yaxis") -> None:
    ticks = _money_ticks(values)
    fig.update_layout(**{axis: dict(tickvals=ticks, ticktext=[
        formatting.money_short(v, language) for v in ticks])})


def _money_ticks(values: pd.Series, count: int = 5) -> list[float]:
    top = float(values.max()) if len(values) else 0.0
    if top <= 0:
        return [0.0]
    step = top / count
    magnitude = 10 ** (len(str(int(step))) - 1)
    step = max(round(step / magnitude) * magnitude, 1)
    return [step * i for i in range(count + 2) if step * i <= top * 1.15]


def trend(labels: list[str], values: pd.Series, language: str, title: str, label: str,
          *, money: bool = True, previous: pd.Series | None = None,
          previous_label: str = "") -> go.Figure:
    """Bars per period (hover: the exact value), with the comparison period as a line."""
    values = values.astype(float)
    show = formatting.money if money else formatting.number
    fig = go.Figure(go.Bar(
        x=labels, y=values, marker_color=COLOR, name=label,
        text=[formatting.money_short(v, language) if money else show(v, language) for v in values],
        textposition="outside", customdata=[show(v, language) for v in values],
        hovertemplate="%{x}<br>" + label + ": %{customdata}<extra></extra>"))
    if previous is not None and len(previous) == len(values):
        fig.add_trace(go.Scatter(x=labels, y=previous.astype(float), mode="lines+markers",
                                 name=previous_label, line=dict(color=SECOND, dash="dot"),
                                 hoverinfo="skip"))
    if money:
        _money_axis(fig, values, language)
    return _layout(fig, title, language)


def monthly_sales(frame: pd.DataFrame, language: str, title: str, label: str) -> go.Figure:
    months = [formatting.month(d, language) for d in frame["period_start"]]
    return trend(months, frame["net_sales"], language, title, label)


def ranked(labels: pd.Series, values: pd.Series, language: str, title: str, label: str,
           money: bool = True) -> go.Figure:
    """Horizontal bars, biggest on top."""
    show = formatting.money if money else formatting.number
    fig = go.Figure(go.Bar(
        y=labels.astype(str), x=values.astype(float), orientation="h", marker_color=COLOR,
        customdata=[show(v, language) for v in values],
        hovertemplate="%{y}<br>" + label + ": %{customdata}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    if money:
        _money_axis(fig, values.astype(float), language, "xaxis")
    return _layout(fig, title, language, height=max(300, 28 * len(labels) + 80))


def stacked(labels: list[str], series: dict[str, pd.Series], language: str, title: str,
            money: bool = False) -> go.Figure:
    show = formatting.money if money else formatting.number
    fig = go.Figure([go.Bar(x=labels, y=values.astype(float), name=name,
                            marker_color=PALETTE[i % len(PALETTE)],
                            customdata=[show(v, language) for v in values],
                            hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>")
                     for i, (name, values) in enumerate(series.items())])
    fig.update_layout(barmode="stack")
    return _layout(fig, title, language)


def lines(labels: list[str], series: dict[str, pd.Series], language: str, title: str) -> go.Figure:
    """Several money series over time (sales, cost, margin…)."""
    fig = go.Figure([go.Scatter(x=labels, y=values.astype(float), name=name, mode="lines+markers",
                                line=dict(color=PALETTE[i % len(PALETTE)]),
                                customdata=[formatting.money(v, language) for v in values],
                                hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>")
                     for i, (name, values) in enumerate(series.items())])
    top = pd.concat(series.values()).astype(float) if series else pd.Series(dtype=float)
    _money_axis(fig, top, language)
    return _layout(fig, title, language)


def pareto(products: pd.DataFrame, language: str, title: str, labels: dict[str, str]) -> go.Figure:
    """Revenue per product, biggest first, with the cumulative share and the ABC class."""
    ordered = products.sort_values("revenue", ascending=False).head(60)
    colors = ordered["abc_class"].map({"A": COLOR, "B": SECOND, "C": "#B0B7BF"})
    fig = go.Figure(go.Bar(x=ordered["product_id"].astype(str), y=ordered["revenue"],
                           marker_color=colors, name=labels["revenue"],
                           customdata=[formatting.money(v, language) for v in ordered["revenue"]],
                           hovertemplate="%{x}<br>%{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(x=ordered["product_id"].astype(str), y=ordered["cumulative_share"],
                             yaxis="y2", name=labels["cumulative"], mode="lines",
                             line=dict(color="#333")))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", range=[0, 105], ticksuffix=" %"))
    _money_axis(fig, ordered["revenue"], language)
    return _layout(fig, title, language, height=420)


def quadrant(products: pd.DataFrame, language: str, title: str, labels: dict[str, str]) -> go.Figure:
    fig = px.scatter(products, x="revenue", y="margin_pct", color="quadrant",
                     hover_name="product_id", color_discrete_sequence=PALETTE,
                     labels={"revenue": labels["revenue"], "margin_pct": labels["margin_pct"],
                             "quadrant": labels["quadrant"]})
    fig.add_vline(x=float(products["revenue"].median()), line_dash="dot", line_color="#999")
    fig.add_hline(y=float(products["margin_pct"].median()), line_dash="dot", line_color="#999")
    _money_axis(fig, products["revenue"], language, "xaxis")
    return _layout(fig, title, language, height=420)


def heatmap(matrix: pd.DataFrame, language: str, title: str, money: bool = True,
            percent: bool = False) -> go.Figure:
    show = (formatting.money if money else
            formatting.percent if percent else formatting.number)
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(dtype=float), x=[str(c) for c in matrix.columns],
        y=[str(i) for i in matrix.index], colorscale="Blues",
        customdata=[[show(v, language) if pd.notna(v) else "—" for v in row]
                    for row in matrix.to_numpy(dtype=float)],
        hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, language, height=420)


def treemap(names: pd.Series, counts: pd.Series, language: str, title: str) -> go.Figure:
    fig = go.Figure(go.Treemap(
        labels=names.astype(str), parents=[""] * len(names), values=counts.astype(float),
        customdata=[formatting.number(v, language) for v in counts],
        texttemplate="%{label}<br>%{customdata}",
        hovertemplate="%{label}: %{customdata}<extra></extra>",
        marker=dict(colors=PALETTE[: len(names)] * (len(names) // len(PALETTE) + 1))))
    return _layout(fig, title, language, height=420)
