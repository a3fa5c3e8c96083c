"""Plotly figures in AYNI's style: Spanish labels, CLP with K/M on the axes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from streamlit_app import formatting

COLOR = "#2E6F95"


def monthly_sales(frame: pd.DataFrame, language: str, title: str, label: str) -> go.Figure:
    months = [formatting.month(d, language) for d in frame["period_start"]]
    values = frame["net_sales"].astype(float)
    fig = go.Figure(
        go.Bar(
            x=months, y=values, marker_color=COLOR, name=label,
            text=[formatting.money_short(v, language) for v in values],
            textposition="outside",
            customdata=[formatting.money(v, language) for v in values],
            hovertemplate="%{x}<br>" + label + ": %{customdata}<extra></extra>",
        )
    )
    ticks = _money_ticks(values)
    fig.update_layout(
        title=title, margin=dict(l=10, r=10, t=50, b=10), height=380,
        separators=",." if language == "es" else ".,",
        yaxis=dict(tickvals=ticks, ticktext=[formatting.money_short(v, language) for v in ticks]),
    )
    return fig


def _money_ticks(values: pd.Series, count: int = 5) -> list[float]:
    top = float(values.max()) if len(values) else 0.0
    if top <= 0:
        return [0.0]
    step = top / count
    magnitude = 10 ** (len(str(int(step))) - 1)
    step = max(round(step / magnitude) * magnitude, 1)
    return [step * i for i in range(count + 2) if step * i <= top * 1.15]
