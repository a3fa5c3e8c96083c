"""The figures of streamlit_app/charts.py as the browser gets them: es-CL separators, `$`
on money axes, names where a person reads a product, a Pareto line that reaches 100 %, a
daily trend drawn as a line with its 7-day average, no Plotly toolbar over the title."""

from __future__ import annotations

import pandas as pd
import pytest

from ayni.core import formatting
from streamlit_app import charts

PARETO_LABELS = {"revenue": "Ventas", "cumulative": "% acumulado", "class": "Clase {cls}",
                 "rest": "{n} productos más"}


def products(n: int = 40) -> pd.DataFrame:
    revenue = [float(1000 * (n - i) ** 2) for i in range(n)]
    frame = pd.DataFrame({"product_id": [f"MIN-{1000 + i}" for i in range(n)],
                          "product_name": [f"Producto número {i}" for i in range(n)],
                          "revenue": revenue})
    share = frame["revenue"] / frame["revenue"].sum() * 100
    frame["cumulative_share"] = share.cumsum()
    before = frame["cumulative_share"] - share
    frame["abc_class"] = ["A" if b < 80 else "B" if b < 95 else "C" for b in before]
    return frame


def test_every_figure_has_es_cl_separators_and_no_toolbar():
    fig = charts.trend(["jul 2025", "ago 2025"], pd.Series([1500.0, 2500.0]), "es", "Ventas",
                       "Ventas")
    assert fig.layout.separators == ",."
    assert "toImage" in fig.layout.modebar.remove and "zoom" in fig.layout.modebar.remove
    assert charts.CONFIG["displayModeBar"] is False
    english = charts.trend(["Jul 2025"], pd.Series([1500.0]), "en", "Sales", "Sales")
    assert english.layout.separators == ".,"


def test_money_axes_say_pesos_with_k_and_m():
    fig = charts.trend(["a", "b", "c"], pd.Series([5_000.0, 120_000.0, 1_250_000.0]), "es",
                       "Ventas", "Ventas")
    texts = list(fig.layout.yaxis.ticktext)
    assert texts[0] == "$0" and all(t.startswith("$") for t in texts)
    assert any(t.endswith("M") for t in texts)
    assert fig.data[0].customdata == ("$5.000", "$120.000", "$1.250.000")
    english = charts.trend(["a"], pd.Series([1_250_000.0]), "en", "Sales", "Sales")
    assert english.data[0].customdata == ("$1,250,000",)


def test_a_daily_trend_is_a_line_with_its_7_day_average():
    values = pd.Series([float(v) for v in range(1, 31)])
    labels = [f"{d:02d}-11-2025" for d in range(1, 31)]
    fig = charts.trend(labels, values, "es", "Ventas por día", "Ventas", daily=True)
    line, average = fig.data
    assert (line.type, line.mode, average.mode) == ("scatter", "lines", "lines")
    assert average.name == "Promedio de 7 días"
    assert list(average.y[6:]) == list(values.rolling(7).mean()[6:])
    assert average.customdata[6] == formatting.money(4.0)
    assert len(fig.layout.xaxis.tickvals) <= charts.MAX_TICKS  # labels do not pile up
    assert charts.trend(labels[:3], values[:3], "es", "t", "v", daily=True).data[0].mode == "lines"
    assert len(charts.trend(labels[:3], values[:3], "es", "t", "v", daily=True).data) == 1


def test_quantities_are_written_in_their_unit():
    fig = charts.trend(["jul 2025"], pd.Series([266.953]), "es", "Kilos", "Kilos", money=False,
                       unit_type="kg")
    assert fig.data[0].customdata == ("266,953 kg",)
    units = charts.trend(["jul 2025"], pd.Series([266953.0]), "es", "Unidades", "Unidades",
                         money=False, unit_type="unit")
    assert units.data[0].customdata == ("266.953",)


def test_the_pareto_line_reaches_100_percent_over_every_product():
    frame = products(40)
    fig = charts.pareto(frame, "es", "Curva ABC", PARETO_LABELS, top=20)
    line = fig.data[-1]
    assert line.name == "% acumulado"
    assert line.y[-1] == pytest.approx(100.0)
    assert line.customdata[-1] == ["20 productos más", "100,0 %"]
    rest = next(d for d in fig.data if d.name == "20 productos más")
    assert rest.y[0] == frame["revenue"].iloc[20:].sum()
    # The axis says names (shortened), the hover the name and the code.
    assert fig.layout.xaxis.ticktext[0] == "Producto número…"
    best = next(d for d in fig.data if d.name == "Clase A")
    assert list(best.customdata[0]) == ["Producto número 0", "MIN-1000",
                                        formatting.money(1_600_000)]
    assert list(fig.layout.yaxis2.ticktext) == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]


def test_a_pareto_of_few_products_has_no_rest_bar():
    fig = charts.pareto(products(8), "es", "Curva ABC", PARETO_LABELS)
    assert [d.name for d in fig.data if d.type == "bar" and "más" in d.name] == []
    assert fig.data[-1].y[-1] == pytest.approx(100.0)


def test_heatmap_axes_are_categories_not_numbers_or_dates():
    matrix = pd.DataFrame([[100.0, 44.8], [100.0, None]], index=["2025-08", "2025-09"],
                          columns=[0, 1])
    fig = charts.heatmap(matrix, "es", "Retención", money=False, percent=True,
                         x_labels=["0", "1"], y_labels=["ago 2025", "sept 2025"])
    assert fig.layout.xaxis.type == "category" and fig.layout.yaxis.type == "category"
    assert list(fig.data[0].y) == ["ago 2025", "sept 2025"]
    assert fig.data[0].customdata[0] == ["100,0 %", "44,8 %"]
    assert fig.data[0].customdata[1][1] == "—"
    assert (fig.data[0].zmin, fig.data[0].zmax) == (0, 100)


def test_long_titles_wrap_instead_of_running_off_a_phone():
    fig = charts.trend(["a"], pd.Series([1.0]), "es",
                       "Retención por cohorte (% de clientes que vuelven)", "v")
    assert "<br>" in fig.layout.title.text
    assert charts.trend(["a"], pd.Series([1.0]), "es", "Ventas por período",
                        "v").layout.title.text == "Ventas por período"


def test_the_benchmark_chart_names_the_company_and_the_unit():
    fig = charts.benchmark(207_783, 120_000, 170_036, 480_000, "es", kind="money",
                           labels={"band": "Rango del rubro", "median": "Mediana del rubro",
                                   "company": "Minimarket Los Andes",
                                   "axis": "Ventas del período ($)"})
    assert fig.layout.showlegend is True
    assert [d.name for d in fig.data] == ["Rango del rubro", "Mediana del rubro",
                                          "Minimarket Los Andes"]
    assert fig.data[2].customdata == ("$207.783",)
    assert fig.layout.xaxis.title.text == "Ventas del período ($)"
    assert all(t.startswith("$") for t in fig.layout.xaxis.ticktext)
    low, high = fig.layout.xaxis.range
    assert low < 120_000 and high > 480_000  # every dot inside the axis


def test_ranked_bars_keep_names_whole_in_the_hover():
    fig = charts.ranked(pd.Series(["Jugo néctar durazno 1,5 L con un nombre muy largo"]),
                        pd.Series([1.26]), "es", "Productos más rápidos", "Por día con venta",
                        money=False, texts=["1,3 unidades"], details=["Código MIN-1015"])
    assert fig.data[0].y == ("Jugo néctar durazno 1,5 L con un nombre muy largo",)
    assert fig.layout.yaxis.ticktext[0].endswith("…")
    assert list(fig.data[0].customdata[0]) == ["1,3 unidades", "<br>Código MIN-1015"]


def test_a_daily_trend_counts_days_without_sales_as_zero():
    from datetime import date

    fig = charts.trend(["01-11-2025", "03-11-2025"], pd.Series([10.0, 20.0]), "es", "Ventas",
                       "Ventas", daily=True, days=[date(2025, 11, 1), date(2025, 11, 3)])
    assert list(fig.data[0].x) == ["01-11-2025", "02-11-2025", "03-11-2025"]
    assert list(fig.data[0].y) == [10.0, 0.0, 20.0]
    assert fig.data[0].customdata == ("$10", "$0", "$20")
    assert list(fig.layout.xaxis.ticktext) == ["01-11", "02-11", "03-11"]  # the year once


def test_unit_types_as_sources_write_them():
    assert [formatting.unit_kind(u) for u in ("Kilogramos", "KG", "Unidad", "UN", None, "",
                                              "Lts.", "Caja")] == [
        "kg", "kg", "unit", "unit", "unit", "unit", "l", "caja"]
    assert formatting.quantity(266.953, formatting.unit_kind("Kilogramos")) == "266,953 kg"
    assert formatting.quantity(266953, formatting.unit_kind("Unidad")) == "266.953"
