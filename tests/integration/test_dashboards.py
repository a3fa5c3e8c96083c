"""Each page's logic through Streamlit's AppTest, its numbers checked against the database:
the five dashboards with their grain, range and comparison controls, an empty company,
the benchmarks (with peers, without, opted out), the upload mapping flow, the monitor with
a failed upload and its retry, the team page and the admin pages."""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from ayni.core import messages, audit, canonical, formatting, rut, uploads
from ayni.core.db import Role, admin_tx, app_tx, engine, tenant
from ayni.usecases import accounts, companies, ingest
from loaders import mapping_store
from streamlit_app.i18n import CATALOGUE
from tests.conftest import SHARED_DATA, assert_page_ok, ayni, run_worker
from tests.integration.conftest import (
    PASSWORD,
    log_in,
    processed_shop,
    texts,
    the_shop,
    user,
)
from workers import queue

# The shop comes processed (one worker run shared with test_app); its neighbours are added.
pytestmark = [pytest.mark.integration, pytest.mark.warehouse(build=processed_shop)]
ADMIN = ("admin@ayni.cl", "gabe123123")
GRAINS = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly",
          "year": "yearly"}


def es(key: str, **values: object) -> str:
    """A text of the catalogue in Spanish, the pages' default language."""
    return CATALOGUE[key][0].format(**values) if values else CATALOGUE[key][0]


def rut_for(body: int) -> str:
    """A valid RUT for a made-up number (modulo 11 check digit)."""
    total = sum(int(d) * f for d, f in zip(reversed(str(body)), itertools.cycle(range(2, 8))))
    digit = {11: "0", 10: "K"}.get(11 - total % 11, str(11 - total % 11))
    return f"{body}-{digit}"


@dataclass(frozen=True)
class Town:
    shop: companies.Company     # canonical sample, July to September (tests/integration/conftest)
    peer: companies.Company     # a minimarket with half the shop's September documents
    alone: companies.Company    # a ferretería with data and no peers
    empty: companies.Company    # a minimarket nothing was uploaded to
    failing: companies.Company  # its one upload (August) failed: the stored file was gone
    failed_upload: int


def _write_subset(path, keep) -> None:
    header, *body = (SHARED_DATA / "canonical_in_columns.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    path.write_text(header + "".join(line for line in body if keep(line)), encoding="utf-8")


def _new_company(name: str, body: int, industry: str) -> companies.Company:
    with engine(Role.OWNER).begin() as conn:
        return companies.create_company(conn, name, rut_for(body), industry, "small")


@pytest.fixture(scope="module")
def town(ayni_db) -> Town:
    """The shop (processed_shop, in the module's database already) and its neighbours,
    processed by one worker run. The benchmarks are then rebuilt publishing cells from two
    companies (10 in production), so that the shop has a position next to one peer:
    September (and the quarter, the year, the days and weeks they share), not July or
    August."""
    shop = the_shop()  # processed_shop: the module's database starts with it
    peer = _new_company("Minimarket Vecino", 76_111_222, "minimarket")
    alone = _new_company("Ferretería Sola", 76_333_444, "ferreteria")
    empty = _new_company("Minimarket Vacío", 76_555_666, "minimarket")
    failing = _new_company("Almacén Reintento", 76_999_111, "minimarket")
    folder = ayni_db.data_dir / "town"
    folder.mkdir()
    _write_subset(folder / "vecino.csv",
                  lambda line: line.startswith("2025-09") and int(line.split(",", 2)[1]) % 2 == 0)
    _write_subset(folder / "sola.csv", lambda line: line.startswith("2025-07"))
    _write_subset(folder / "agosto.csv", lambda line: line.startswith("2025-08"))
    ingest.submit_file(peer.id, folder / "vecino.csv")
    ingest.submit_file(alone.id, folder / "sola.csv")
    failed_upload = ingest.submit_file(failing.id, folder / "agosto.csv")
    with tenant(failing.id) as conn:
        stored = uploads.get(conn, failed_upload).file_path
    shutil.move(stored, f"{stored}.hidden")  # the load finds no file and fails
    run_worker(ayni_db)
    built = ayni(ayni_db, "dbt", "run", "--select", "tag:benchmark",
                 "--vars", "{benchmark_min_companies: 2}")
    assert built.returncode == 0, built.stdout[-3000:]
    return Town(shop, peer, alone, empty, failing, failed_upload)


# --- reading the app and the database ----------------------------------------------------

def open_page(page: str, company_id: int | None = None) -> AppTest:
    """The page as the platform admin sees it (the owner of every company)."""
    at = log_in(*ADMIN)
    if company_id is not None:
        at.selectbox(key="company_picker").select(company_id).run()
    at.switch_page(f"views/{page}.py").run()
    at.run()  # widget changes right after a page switch can be dropped: let it settle first
    assert_page_ok(at)
    return at


def cards(at: AppTest) -> dict[str, str]:
    """The KPI cards, label to value (the owner's peer cards under them repeat labels)."""
    shown: dict[str, str] = {}
    for m in at.metric:
        shown.setdefault(m.label, m.value)
    return shown


def deltas(at: AppTest) -> dict[str, str]:
    shown: dict[str, str] = {}
    for m in at.metric:
        shown.setdefault(m.label, m.proto.delta)
    return shown


def chart(at: AppTest, key: str) -> dict:
    """The Plotly figure of the chart with this key, as the browser receives it."""
    found = [e for e in at.get("plotly_chart") if e.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, [e.proto.id for e in at.get("plotly_chart")]
    return json.loads(found[0].proto.spec)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def values(array) -> list:
    """A trace's values: Plotly sends numeric arrays packed (dtype, base64 bytes, shape)."""
    if not (isinstance(array, dict) and "bdata" in array):
        return array
    unpacked = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    if "shape" in array:
        unpacked = unpacked.reshape([int(n) for n in str(array["shape"]).split(",")])
    return unpacked.tolist()


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The shown table that has these columns."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def query(company_id: int, sql: str, **params) -> pd.DataFrame:
    """Rows the company may read (row-level security as the app)."""
    with tenant(company_id) as conn:
        frame = pd.read_sql(text(sql), conn, params=params)
    if "period_start" in frame:  # dates as the pages hold them
        frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def period_mart(company_id: int, grain: str) -> pd.DataFrame:
    return query(company_id, f"SELECT * FROM marts.{GRAINS[grain]}_aggregations "
                             "ORDER BY period_start")


def money(values) -> list[str]:
    return [formatting.money(v) for v in values]


def number(values) -> list[str]:
    return [formatting.number(v) for v in values]


# --- dashboards ----------------------------------------------------------------------------

def month_row(months: pd.DataFrame, first_day: str) -> pd.Series:
    return months.loc[pd.to_datetime(months.period_start) == pd.Timestamp(first_day)].iloc[0]


def waterfall_parts(figure: dict) -> tuple[float, list[float], float]:
    """(start, steps, end) of a waterfall as drawn."""
    trace = figure["data"][0]
    y = values(trace["y"])
    return y[0], y[1:-1], y[-1]


def test_owner_dashboard_opens_on_the_last_complete_month_with_changes(town):
    """The shop's sales run from July to September 2025: the page opens on September, every
    card with its change against August (no year before: the data does not reach it)."""
    at = open_page("owner")
    shop = town.shop.id
    months = period_mart(shop, "month")
    assert at.selectbox(key="owner_preset_es").value == "last_month"
    september, august = month_row(months, "2025-09-01"), month_row(months, "2025-08-01")
    margin = lambda m: 100 * m.gross_margin / m.sales_ex_vat  # noqa: E731 - over sales ex IVA
    assert cards(at) == {
        "Ventas": formatting.money(september.net_sales),
        es("metric.gross_margin"): formatting.money(september.gross_margin),
        es("metric.margin_pct"): formatting.percent(margin(september)),
        "Ticket promedio": formatting.money(september.net_sales / september.documents),
        "Documentos": formatting.number(september.documents)}
    vs = "vs. agosto de 2025"
    change = lambda now, before: formatting.signed_percent(100 * (now - before) / before)  # noqa
    assert deltas(at) == {
        "Ventas": f"{change(september.net_sales, august.net_sales)} {vs}",
        es("metric.gross_margin"): f"{change(september.gross_margin, august.gross_margin)} {vs}",
        es("metric.margin_pct"): f"{formatting.points(margin(september) - margin(august))} {vs}",
        "Ticket promedio": change(september.net_sales / september.documents,
                                  august.net_sales / august.documents) + f" {vs}",
        "Documentos": f"{change(september.documents, august.documents)} {vs}"}
    assert all(d.endswith(vs) and d[0] in "+-" for d in deltas(at).values())
    assert "septiembre de 2025" in texts(at)

    # ¿Qué cambió?: the sentence tells the change, and each split's parts add up to it.
    difference = september.net_sales - august.net_sales
    word = "subieron" if difference > 0 else "bajaron"
    assert (f"Las ventas de septiembre de 2025 {word} {formatting.money(abs(difference))}"
            in texts(at))
    control = at.segmented_control(key="change_by")
    assert control.options == [es(f"change.by.{s}") for s in
                                ("product", "category", "customer", "buyers", "ticket")]
    for option in control.options:
        at.segmented_control(key="change_by").set_value(
            next(s for s in ("product", "category", "customer", "buyers", "ticket")
                 if es(f"change.by.{s}") == option)).run()
        start, steps, end = waterfall_parts(chart(at, "owner_waterfall"))
        assert (start, end) == (round(august.net_sales), round(september.net_sales)), option
        assert sum(steps) == round(september.net_sales) - round(august.net_sales), option
    top = query(shop, """
        SELECT coalesce(max(product_name), product_id) AS name,
               sum(net_sales) FILTER (WHERE period_start = '2025-09-01')
             - coalesce(sum(net_sales) FILTER (WHERE period_start = '2025-08-01'), 0) AS delta
        FROM marts.product_aggregations
        WHERE period_start IN ('2025-08-01', '2025-09-01')
        GROUP BY product_id ORDER BY abs(sum(net_sales) FILTER (WHERE period_start = '2025-09-01')
             - coalesce(sum(net_sales) FILTER (WHERE period_start = '2025-08-01'), 0)) DESC
        LIMIT 1""").iloc[0]
    at.segmented_control(key="change_by").set_value("product").run()
    assert chart(at, "owner_waterfall")["data"][0]["x"][1] == top["name"]

    # The trend: a year of months reaching back from September (the shop has three).
    trend = chart(at, "owner_trend")
    assert trend["data"][0]["customdata"] == money(months.net_sales)
    assert trend["data"][0]["x"] == [formatting.month(d) for d in months.period_start]
    top = query(shop, "SELECT coalesce(max(product_name), product_id) AS name, "
                      "sum(net_sales) AS net FROM marts.product_aggregations "
                      "WHERE period_start = '2025-09-01' "
                      "GROUP BY product_id ORDER BY net DESC LIMIT 10")
    products = chart(at, "owner_products")["data"][0]
    assert products["y"] == list(top.name) and products["customdata"] == money(top.net)
    best = query(shop, "SELECT customer_id, sum(net_sales) AS net FROM marts.customer_aggregations "
                       "WHERE is_identified AND period_start = '2025-09-01' "
                       "GROUP BY customer_id ORDER BY net DESC LIMIT 10")
    clients = chart(at, "owner_clients")["data"][0]
    assert clients["y"] == [rut.display(c) for c in best.customer_id]
    assert clients["customdata"] == money(best.net)

    detail = table(at, "Período", "Ventas", "Clientes únicos")
    assert list(detail["Período"]) == [formatting.month(d) for d in months.period_start]
    assert list(detail["Ventas"]) == list(months.net_sales.astype(float))
    assert list(detail["Clientes únicos"]) == list(months.unique_customers)
    # Next to one peer, the shop has a position in the latest published month.
    position = query(shop, "SELECT metric, percentile_rank FROM marts.company_benchmark_position "
                           "WHERE period_type = 'month' AND period_start = '2025-09-01'")
    assert len(position) >= 5
    shown = [p.proto.text for p in at.get("progress")]
    assert sorted(shown) == sorted(es("owner.peer_rank", metric=es(f"bench.metric.{row.metric}"),
                                      value=formatting.number(row.percentile_rank))
                                   for row in position.itertuples())


def test_owner_dashboard_month_to_date_and_twelve_months(town):
    at = open_page("owner")
    shop = town.shop.id
    days = query(shop, "SELECT * FROM marts.daily_aggregations ORDER BY period_start")
    last = days.period_start.max()
    at.selectbox(key="owner_preset_es").select("month_to_date").run()
    # The sales reach 30 September: the month to date is the whole month, against August.
    assert last == pd.Timestamp("2025-09-30")
    now = days.loc[days.period_start >= "2025-09-01"]
    before = days.loc[(days.period_start >= "2025-08-01") & (days.period_start < "2025-09-01")]
    assert cards(at)["Ventas"] == formatting.money(now.net_sales.sum())
    assert deltas(at)["Ventas"] == formatting.signed_percent(
        100 * (now.net_sales.sum() - before.net_sales.sum()) / before.net_sales.sum()
    ) + " vs. agosto de 2025"
    # Three months of history have no twelve months before them: no change, and it says so.
    at.selectbox(key="owner_preset_es").select("last_12_months").run()
    assert cards(at)["Ventas"] == formatting.money(days.net_sales.sum())
    assert set(deltas(at).values()) == {""}
    assert es("dash.no_comparison") in texts(at)


SEPTEMBER = (date(2025, 9, 1), date(2025, 9, 30))


def names_of(company_id: int) -> dict[str, str]:
    """Each product's name as the pages show it (its code when the lines had none)."""
    frame = query(company_id, "SELECT product_id, max(product_name) AS name "
                              "FROM marts.sales_lines GROUP BY product_id")
    return {r.product_id: r.name or r.product_id for r in frame.itertuples()}


def units_by_kind(company_id: int, start: date | None = None, end: date | None = None,
                  by_month: bool = False) -> pd.DataFrame:
    """Quantities sold per unit kind (and month), from the processed lines."""
    frame = query(company_id, "SELECT date_trunc('month', sale_date)::date AS month, unit_type, "
                              "sale_date, quantity FROM marts.sales_lines")
    frame["kind"] = frame.unit_type.map(formatting.unit_kind)
    if start is not None:
        frame = frame.loc[(frame.sale_date >= start) & (frame.sale_date <= end)]
    keys = ["month", "kind"] if by_month else ["kind"]
    return frame.groupby(keys)["quantity"].sum().astype(float)


def no_raw_values(at: AppTest) -> None:
    """What a person reads: no None or nan, no ISO dates, no long number without separators."""
    shown = texts(at) + "\n".join(
        f"{m.label} {m.value} {m.proto.delta}" for m in at.metric)
    assert "None" not in shown and "nan" not in shown.split()
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", shown), shown
    assert not re.search(r"(?<![\d.,])\d{5,}(?![\d.,])", shown.replace("-", " ")), shown


def test_operations_dashboard_shows_the_marts_and_product_features(town):
    """September 2025 (the last complete month): units and kilos apart, each in its unit;
    products by name with their code beside; the Pareto line reaching 100 %; quadrants in
    Spanish with what they mean."""
    at = open_page("operations")
    shop = town.shop.id
    products = query(shop, "SELECT * FROM gabeda.product_features")
    names = names_of(shop)
    september = units_by_kind(shop, *SEPTEMBER)
    assert set(september.index) == {"unit", "kg"}  # the sample sells by the unit and by the kilo
    days = query(shop, "SELECT sum(documents) AS docs, sum(lines) AS lines "
                       "FROM marts.daily_aggregations WHERE period_start BETWEEN :a AND :b",
                 a=SEPTEMBER[0], b=SEPTEMBER[1]).iloc[0]
    quadrants = products.quadrant.value_counts()
    assert cards(at) == {
        "Unidades": formatting.quantity(september["unit"], "unit"),
        "Kilos": formatting.quantity(september["kg"], "kg"),
        "Documentos": formatting.number(days.docs), "Líneas": formatting.number(days.lines),
        **{f"Productos clase {c}": formatting.number((products.abc_class == c).sum())
           for c in "ABC"},
        "Sin venta en 30 días": formatting.number(products.dead_stock.sum()),
        "Estrella": formatting.number(quadrants.get("Star", 0)),
        "Caballo de batalla": formatting.number(quadrants.get("Workhorse", 0)),
        "Nicho rentable": formatting.number(quadrants.get("Cash cow", 0)),
        "Por revisar": formatting.number(quadrants.get("Dog", 0))}
    kilos = cards(at)["Kilos"]
    assert kilos.endswith(" kg") and "," in kilos  # 1.234,567 kg, never read as thousands
    assert "Vende mucho y deja buen margen" in texts(at)
    august = units_by_kind(shop, date(2025, 8, 1), date(2025, 8, 31))
    change = formatting.signed_percent(100 * (september["kg"] - august["kg"]) / august["kg"])
    assert deltas(at)["Kilos"] == f"{change} vs. agosto de 2025"

    # A chart per unit kind, its months from July to September.
    by_month = units_by_kind(shop, by_month=True)
    for key, kind in (("ops_units", "unit"), ("ops_units_kg", "kg")):
        figure = chart(at, key)
        assert figure["data"][0]["customdata"] == [
            formatting.quantity(v, kind) for v in by_month.xs(kind, level="kind")]
    assert chart(at, "ops_units")["layout"]["title"]["text"] == "Unidades por período"
    assert chart(at, "ops_units_kg")["layout"]["title"]["text"] == "Kilos por período"

    # Pareto: bars for the best products (by name on the axis), one for the rest, and the
    # cumulative share over every product, ending at 100 %.
    ranked = products.loc[products.revenue > 0].sort_values(["revenue", "product_id"],
                                                            ascending=[False, True])
    pareto = chart(at, "ops_pareto")
    bars = [d for d in pareto["data"] if d["type"] == "bar"]
    line = pareto["data"][-1]
    shown_ids = [x for d in bars for x in d["x"]][:-1]
    rest = len(ranked) - len(shown_ids)
    assert shown_ids == list(ranked.product_id[: len(shown_ids)]) and rest > 1
    assert bars[-1]["name"] == f"{rest} productos más"
    assert values(bars[-1]["y"]) == [float(ranked.revenue.iloc[len(shown_ids):].sum())]
    assert values(line["y"])[:-1] == list(ranked.cumulative_share[: len(shown_ids)])
    assert values(line["y"])[-1] == pytest.approx(100.0)
    assert line["customdata"][-1] == [f"{rest} productos más", "100,0 %"]
    best = ranked.iloc[0]
    name = names[best.product_id]
    assert pareto["layout"]["xaxis"]["ticktext"][0] == (
        name if len(name) <= 16 else name[:15].rstrip() + "…")
    first_bar = next(d for d in bars if d["x"][0] == best.product_id)
    assert first_bar["customdata"][0] == [names[best.product_id], best.product_id,
                                          formatting.money(best.revenue)]

    fastest = products.nlargest(10, "velocity")
    velocity = chart(at, "ops_velocity")["data"][0]
    assert velocity["y"] == [names[p] for p in fastest.product_id]
    assert [c[1] for c in velocity["customdata"]] == [f"<br>Código {p}" for p in fastest.product_id]
    hours = query(shop, "SELECT weekday, hour, revenue FROM gabeda.hour_features")
    heat = chart(at, "ops_heatmap")["data"][0]
    assert heat["y"] == [es(f"weekday.{d}") for d in range(7)]
    shown = {(w, int(h.split(":")[0])): v for w, row in zip(range(7), values(heat["z"]))
             for h, v in zip(heat["x"], row) if not np.isnan(v)}
    assert shown == {(r.weekday, r.hour): float(r.revenue) for r in hours.itertuples()}
    quadrant = chart(at, "ops_quadrant")
    assert {d["name"] for d in quadrant["data"]} <= {"Estrella", "Caballo de batalla",
                                                      "Nicho rentable", "Por revisar"}

    listed = table(at, "Producto", "Código", "Clase ABC", "Cuadrante")
    dead_first = products.sort_values(["dead_stock", "revenue"], ascending=[False, False])
    assert list(listed["Código"]) == list(dead_first.product_id)
    assert list(listed["Producto"]) == [names[p] for p in dead_first.product_id]
    assert set(listed["Cuadrante"]) <= {"Estrella", "Caballo de batalla", "Nicho rentable",
                                        "Por revisar", "Sin costo conocido"}
    assert set(listed["Unidad"]) == {"unidades", "kilos"}
    assert set(listed[es("ops.dead_stock")]) <= {"Sí", "No"}
    for chart_spec in charts(at):  # no Plotly toolbar over a title, es-CL separators
        assert chart_spec["layout"]["separators"] == ",."
    assert all(json.loads(e.proto.config)["displayModeBar"] is False
               for e in at.get("plotly_chart"))
    no_raw_values(at)


def test_marketing_dashboard_shows_the_marts_and_customer_features(town):
    at = open_page("marketing")
    shop = town.shop.id
    months = period_mart(shop, "month")
    customers = query(shop, "SELECT * FROM gabeda.customer_features")
    status = customers.status.value_counts()
    september = month_row(months, "2025-09-01")
    assert cards(at) == {
        "Clientes nuevos": formatting.number(september.new_customers),
        "Ventas": formatting.money(september.net_sales),
        "Ticket promedio": formatting.money(september.net_sales / september.documents),
        # A client's status and their RFM segment are told with different words.
        "Activos": formatting.number(status.get("active", 0)),
        "Atrasados": formatting.number(status.get("at risk", 0)),
        "Inactivos": formatting.number(status.get("churned", 0))}
    assert "Sin compras hace más de 90 días." in texts(at)
    # Every identified client is new once: in the month of their first purchase.
    assert months.new_customers.sum() == len(customers)

    new, returning = chart(at, "mkt_new")["data"]
    assert new["customdata"] == number(months.new_customers)
    assert returning["customdata"] == number(months.returning_customers)
    segments = customers.rfm_segment.value_counts()
    tree = chart(at, "mkt_segments")["data"][0]
    assert dict(zip(tree["labels"], values(tree["values"]))) == {
        es(f"segment.{s}"): float(n) for s, n in segments.items()}
    assert [c[1] for c in tree["customdata"]] == [
        es(f"segment.{s}.help").capitalize() for s in segments.index]
    assert set(tree["labels"]).isdisjoint({"Activos", "Atrasados", "Inactivos"})
    # Retention: July's new clients who bought again in August, computed here from the mart;
    # the months in Spanish, the months since the first purchase as categories 0, 1, 2.
    july, august = query(shop, """
        SELECT count(*) FILTER (WHERE period_start = '2025-07-01') AS july,
               count(*) FILTER (WHERE period_start = '2025-08-01') AS august
        FROM marts.customer_aggregations
        WHERE is_identified AND date_trunc('month', first_purchase_date) = '2025-07-01'
    """).iloc[0]
    cohorts = chart(at, "mkt_cohorts")
    heat = cohorts["data"][0]
    assert heat["y"] == [formatting.month(date(2025, m, 1)) for m in (7, 8, 9)]
    assert heat["x"] == ["0", "1", "2"]
    assert cohorts["layout"]["xaxis"]["type"] == cohorts["layout"]["yaxis"]["type"] == "category"
    assert heat["customdata"][0][:2] == ["100,0 %", formatting.percent(100 * august / july)]
    assert heat["customdata"][2] == ["100,0 %", "—", "—"]  # September's clients: no month after

    # Products bought together, by name, in words: the top pair's sentence with its figures.
    pairs = query(shop, "SELECT * FROM gabeda.basket_pairs "
                        "ORDER BY documents DESC, product_a COLLATE \"C\", product_b COLLATE \"C\" "
                        "LIMIT 20")
    names = names_of(shop)
    top = pairs.iloc[0]
    forward = top.confidence_ab >= top.confidence_ba
    first, second = (top.product_a, top.product_b) if forward else (top.product_b, top.product_a)
    share = 100 * (top.confidence_ab if forward else top.confidence_ba)
    per_100 = lambda v: formatting.number(v, decimals=0 if v >= 10 else 1)  # noqa: E731
    sentence = (f"De cada 100 compras con **{names[first]}**, {per_100(share)} llevan también "
                f"**{names[second]}**: {formatting.ratio(top.lift)} lo normal, que es "
                f"{per_100(share / top.lift)} de cada 100 compras.")
    assert any(sentence in m.value for m in at.markdown), sentence
    shown = table(at, "Si compran", "También llevan", "Compras con ambos")
    assert list(shown["Compras con ambos"]) == list(pairs.documents.astype(float))
    assert shown["Si compran"].iloc[0] == names[first]
    assert shown["También llevan"].iloc[0] == names[second]
    assert shown["Veces lo normal"].iloc[0] == pytest.approx(top.lift)
    assert shown["Códigos"].iloc[0] == f"{first} · {second}"
    clients = table(at, "Cliente", "Segmento", "Estado")
    assert len(clients) == len(customers)
    assert clients["Ventas"].iloc[0] == float(customers.revenue.max())
    assert set(clients["Segmento"]) == {es(f"segment.{s}") for s in segments.index}
    assert set(clients["Estado"]) == {es(f"mkt.status.{s}") for s in status.index}
    no_raw_values(at)


def test_finance_dashboard_shows_the_marts(town):
    at = open_page("finance")
    shop = town.shop.id
    months = period_mart(shop, "month")
    month = month_row(months, "2025-09-01")
    assert cards(at) == {
        "Ventas": formatting.money(month.net_sales), es("metric.cost"): formatting.money(month.cost),
        es("metric.gross_margin"): formatting.money(month.gross_margin),
        "Descuentos": formatting.money(month.discounts),
        "Devoluciones": formatting.money(month.returns),
        "Ventas netas (sin IVA)": formatting.money(month.sales_ex_vat),
        "IVA débito": formatting.money(month.vat),
        es("metric.margin_pct"): formatting.percent(100 * month.gross_margin / month.sales_ex_vat)}
    assert es("fin.margin_basis") in texts(at)

    trend = {d["name"]: d["customdata"] for d in chart(at, "fin_trend")["data"]}
    # Sales without IVA, cost and margin: the gap between the first two lines is the third.
    assert (months.sales_ex_vat - months.cost == months.gross_margin).all()
    assert trend == {"Ventas netas (sin IVA)": money(months.sales_ex_vat),
                     es("metric.cost"): money(months.cost),
                     es("metric.gross_margin"): money(months.gross_margin)}
    stacked = {d["name"]: d["customdata"] for d in chart(at, "fin_discounts")["data"]}
    assert stacked == {"Descuentos": money(months.discounts),
                       "Devoluciones": money(months.returns)}
    categories = query(shop, "SELECT coalesce(category, :none) AS category, "
                             "sum(gross_margin) AS margin FROM marts.category_aggregations "
                             "WHERE period_start = '2025-09-01' "
                             "GROUP BY 1 ORDER BY margin DESC", none=es("fin.no_category"))
    by_category = chart(at, "fin_categories")["data"][0]
    assert by_category["y"] == list(categories.category)
    assert by_category["customdata"] == money(categories.margin)

    detail = table(at, "Período", "IVA débito", "Ventas vs. anterior (%)")
    assert list(detail["Período"]) == [formatting.month(d) for d in months.period_start]
    assert list(detail["IVA débito"]) == list(months.vat.astype(float))
    # A column with blanks is written out (Streamlit would draw a blank as "None").
    assert list(detail["Ventas vs. anterior (%)"]) == [
        formatting.percent(v) for v in months.net_sales_prev_pct.astype(float)]
    assert detail["Ventas vs. anterior (%)"].iloc[0] == "—"


@pytest.mark.parametrize("page", ["owner", "finance"])
def test_every_grain_adds_up_to_the_same_period_total(town, page):
    """Over the last 12 months (the shop's whole history), the cards are the same whatever
    the charts' grain, and each grain's chart draws its own periods."""
    at = open_page(page)
    at.selectbox(key=f"{page}_preset_es").select("last_12_months").run()
    whole = query(town.shop.id, "SELECT sum(net_sales) AS net, sum(documents) AS docs, "
                                "sum(vat) AS vat FROM marts.daily_aggregations").iloc[0]
    trend_key = "owner_trend" if page == "owner" else "fin_trend"
    for grain in ("month", "day", "week", "year", "quarter", "month"):
        at.selectbox(key=f"{page}_grain_es").select(grain).run()
        periods = period_mart(town.shop.id, grain)
        shown = cards(at)
        assert shown["Ventas"] == formatting.money(whole.net), grain
        if page == "owner":
            assert shown["Documentos"] == formatting.number(whole.docs), grain
        else:
            assert shown["IVA débito"] == formatting.money(whole.vat), grain
        trend = chart(at, trend_key)
        first_line = periods.net_sales if page == "owner" else periods.sales_ex_vat
        assert trend["data"][0]["customdata"] == money(first_line), grain
        if page == "owner":  # the title fits every grain
            assert trend["layout"]["title"]["text"] == "Ventas por período"
            # Days are a line with its 7-day average, not hundreds of bars.
            kinds = [(d.get("type"), d.get("name")) for d in trend["data"]]
            if grain == "day":
                assert kinds[0][0] == "scatter" and ("scatter", es("chart.average_7")) in kinds
            else:
                assert kinds[0][0] == "bar", grain


def test_chosen_dates_are_compared_with_as_many_days_before(town):
    at = open_page("owner")
    days = query(town.shop.id, "SELECT * FROM marts.daily_aggregations "
                               "ORDER BY period_start").set_index("period_start")
    at.selectbox(key="owner_preset_es").select("custom").run()
    at.date_input(key="owner_range_es").set_value((date(2025, 9, 5), date(2025, 9, 18))).run()
    now = days.loc[pd.Timestamp("2025-09-05"):pd.Timestamp("2025-09-18")]
    before = days.loc[pd.Timestamp("2025-08-22"):pd.Timestamp("2025-09-04")]
    assert cards(at)["Ventas"] == formatting.money(now.net_sales.sum())
    change = 100 * (now.net_sales.sum() - before.net_sales.sum()) / before.net_sales.sum()
    assert deltas(at)["Ventas"] == (f"{formatting.signed_percent(change)} "
                                    "vs. 22-08-2025 al 04-09-2025")
    docs_change = 100 * (now.documents.sum() - before.documents.sum()) / before.documents.sum()
    assert deltas(at)["Documentos"].startswith(formatting.signed_percent(docs_change))
    # Not whole months: the change is explained by documents and ticket only, and it says so.
    control = at.segmented_control(key="change_by")
    assert control.options == [es("change.by.ticket")]
    assert es("change.whole_months") in texts(at)
    start, steps, end = waterfall_parts(chart(at, "owner_waterfall"))
    assert sum(steps) == end - start == round(now.net_sales.sum()) - round(before.net_sales.sum())
    # July's first days have no fortnight before them in the data: no change is shown.
    at.date_input(key="owner_range_es").set_value((date(2025, 7, 1), date(2025, 7, 14))).run()
    assert set(deltas(at).values()) == {""}


@pytest.mark.parametrize("page", ["owner", "operations", "marketing", "finance"])
def test_a_company_without_sales_is_told_to_upload(town, page):
    at = open_page(page, town.empty.id)
    assert [i.value for i in at.info] == [es("owner.no_data")]
    assert at.metric.len == 0 and at.get("plotly_chart") == []
    assert town.empty.name in texts(at)


# --- benchmarks ----------------------------------------------------------------------------

def test_benchmarks_place_the_company_among_its_peers(town):
    at = open_page("benchmarks")
    positions = query(town.shop.id, "SELECT * FROM marts.company_benchmark_position")
    months = positions.loc[positions.period_type == "month"]
    # Only September has two companies: July and August are not published.
    assert set(months.period_start) == {pd.Timestamp(2025, 9, 1)}
    kind = next(s for s in at.selectbox if s.label == "Agrupar por")
    assert kind.value == "month" and kind.options == ["Mes", "Trimestre", "Año", "Semana", "Día"]
    period = next(s for s in at.selectbox if s.label == "Período")
    assert pd.Timestamp(period.value) == pd.Timestamp("2025-09-01")
    assert period.options == ["septiembre de 2025"]
    assert es("bench.compared", n=2, period="septiembre de 2025") in texts(at)
    _assert_cells(at, months, town.shop.name)

    kind.select("quarter").run()
    quarter = positions.loc[positions.period_type == "quarter"]
    assert set(quarter.period_start) == {pd.Timestamp(2025, 7, 1)}
    assert next(s for s in at.selectbox if s.label == "Período").options == ["T3 2025"]
    _assert_cells(at, quarter, town.shop.name)


BENCH_KINDS = {"net_sales": "money", "avg_ticket": "money", "margin_pct": "percent",
               "net_sales_prev_pct": "percent", "net_sales_yoy_pct": "percent"}


def _assert_cells(at: AppTest, cells: pd.DataFrame, company: str) -> None:
    """Per metric: its position in words ("Percentil 100", "el más alto de tu rubro") and a
    chart of the p25–p90 band, the median and the company, each named in the legend, with
    the unit in the axis title, as in the mart."""
    assert len(at.get("plotly_chart")) == len(cells)
    headings = [m.value for m in at.markdown]
    for row in cells.itertuples():
        kind = BENCH_KINDS.get(row.metric, "number")
        show = {"money": formatting.money, "percent": formatting.percent}.get(
            kind, lambda v: formatting.number(v, decimals=0 if float(v).is_integer() else 1))
        metric = es(f"bench.metric.{row.metric}")
        rank = float(row.percentile_rank)
        assert f"**{metric}** · Percentil {formatting.number(rank)}" in headings
        words = "bench.top" if rank >= 100 else "bench.bottom" if rank <= 0 else "bench.above"
        assert es(words, value=show(row.value), median=show(row.p50),
                  share=formatting.percent(rank, decimals=0)) in texts(at)
        figure = chart(at, f"bench_{row.metric}")
        band, median, mine = figure["data"]
        assert (values(band["base"]), values(band["x"])) == ([float(row.p25)],
                                                             [float(row.p90 - row.p25)])
        assert band["name"] == es("bench.band")
        assert (median["name"], median["customdata"]) == ("Mediana del rubro", [show(row.p50)])
        assert (mine["name"], mine["customdata"]) == (company, [show(row.value)])
        assert figure["layout"]["showlegend"] is True
        assert figure["layout"]["xaxis"]["title"]["text"] == es(f"bench.axis.{row.metric}")
        low, high = figure["layout"]["xaxis"]["range"]
        assert low < min(row.p25, row.value) and high > max(row.p90, row.value)
        if kind == "money":
            assert all(t.startswith("$") for t in figure["layout"]["xaxis"]["ticktext"])
        assert row.n_companies == 2
    # With two companies, one is at the bottom and one at the top of each ranking.
    assert set(cells.percentile_rank.astype(float)) <= {0.0, 100.0}
    no_raw_values(at)


def test_a_company_without_peers_is_told_why(town):
    assert not period_mart(town.alone.id, "month").empty
    assert query(town.alone.id, "SELECT * FROM marts.company_benchmark_position").empty
    at = open_page("benchmarks", town.alone.id)
    assert [i.value for i in at.info] == [es("bench.none")]
    assert at.get("plotly_chart") == []
    owner = open_page("owner", town.alone.id)  # the owner page says the same under its cards
    assert es("bench.none") in [c.value for c in owner.caption]


def test_a_company_that_opts_out_sees_no_comparison(town):
    at = open_page("companies", town.peer.id)
    toggle = next(t for t in at.toggle if t.label == es("companies.opt_in"))
    assert toggle.value is True
    toggle.set_value(False).run()
    with app_tx() as conn:
        assert companies.get_by_rut(conn, town.peer.rut).benchmark_opt_in is False
    try:
        at = open_page("benchmarks", town.peer.id)
        assert [i.value for i in at.info] == [es("bench.opted_out")]
        assert at.get("plotly_chart") == []
    finally:
        with app_tx() as conn:
            companies.set_benchmark_opt_in(conn, town.peer.id, True)


# --- upload, monitor -----------------------------------------------------------------------

def test_the_upload_page_maps_a_new_file_and_queues_it(town):
    sample = SHARED_DATA / "planilla_latin1_semicolon.csv"
    company = _new_company("Librería Carga", 76_777_888, "libreria")
    at = open_page("upload", company.id)
    at.file_uploader[0].upload(sample.name, sample.read_bytes(), "text/csv").run()
    assert_page_ok(at)
    assert es("upload.mapping.proposed") in [w.value for w in at.warning]
    assert any("cp1252, ; (punto y coma)" in c.value for c in at.caption)  # detected format
    editor = at.data_editor[0].value
    proposed = dict(zip(editor["Dato"], editor["Columna del archivo"]))
    required = [es(f"field.{f}") for f in canonical.REQUIRED]
    assert all(proposed[f] != "—" for f in required), proposed
    preview = table(at, es("field.in_dt"), es("field.in_price_total"))
    first = pd.read_csv(sample, sep=";", encoding="cp1252", nrows=1, dtype=str).iloc[0]
    assert preview[es("field.in_trans_id")].iloc[0] == first[proposed[es("field.in_trans_id")]]
    assert preview[es("field.in_dt")].iloc[0].startswith(
        first[proposed[es("field.in_dt")]].split(" ")[0].replace("/", "-"))
    submit = next(b for b in at.button if b.label == "Procesar")
    assert not submit.disabled

    # Taking the product column away leaves a required field without a source.
    editor_key = f"mapping_{at.session_state['files_current']}"
    row = canonical.NAMES.index("in_product_id")
    at.session_state[editor_key] = {"edited_rows": {row: {"Columna del archivo": "—"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert [e.value for e in at.error] == [
        es("upload.mapping.missing", fields=es("field.in_product_id"))]
    assert next(b for b in at.button if b.label == "Procesar").disabled
    # A default value fills it instead: every previewed line gets it.
    at.session_state[editor_key] = {
        "edited_rows": {row: {"Columna del archivo": "—", "Valor por defecto": "SIN-CODIGO"}},
        "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.error.len == 0
    preview = table(at, es("field.in_dt"), es("field.in_product_id"))
    assert set(preview[es("field.in_product_id")]) == {"SIN-CODIGO"}
    at.session_state[editor_key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    at.run()

    next(b for b in at.button if b.label == "Procesar").click().run()
    with tenant(company.id) as conn:
        [upload] = uploads.for_company(conn, company.id)
        saved = mapping_store.get(conn, company.id, "planilla_latin1_semicolon")
    assert (upload.filename, upload.status, upload.mapping_name) == (
        sample.name, "queued", "planilla_latin1_semicolon")
    # What was sent and what was saved are the mapping the table showed.
    shown = {canonical.NAMES[i]: source for i, source in
             enumerate(editor["Columna del archivo"]) if source != "—"}
    assert upload.mapping["columns"] == dict(saved.columns) == shown
    assert upload.source_format["delimiter"] == ";"
    # The page follows the upload it sent (the worker is tested elsewhere).
    assert [p.proto.text for p in at.get("progress")] == [f"{sample.name}: En cola (0 %)"]

    # The same bytes again: the saved mapping maps it, and the user is asked first.
    again = open_page("upload", company.id)
    again.file_uploader[0].upload(sample.name, sample.read_bytes(), "text/csv").run()
    assert es("upload.mapping.saved", name="planilla_latin1_semicolon") in \
        [i.value for i in again.info]
    assert any(f"(carga {upload.id})" in w.value for w in again.warning)
    assert next(b for b in again.button if b.label == "Procesar").disabled
    next(c for c in again.checkbox if c.label == es("upload.same_bytes.confirm")).check().run()
    assert not next(b for b in again.button if b.label == "Procesar").disabled


def test_a_file_whose_preview_breaks_the_error_limit_cannot_be_sent(town, tmp_path):
    """Amounts written as words on 8 of 10 lines: the page says so and keeps it from being
    sent, instead of letting the worker refuse it after the whole upload."""
    header = "fecha;boleta;codigo;cantidad;total\n"
    rows = [f"0{d}-09-2025;{100 + d};P-{d};1;{'mil' if d > 2 else 1000}\n" for d in range(1, 10)]
    rows.append("10-09-2025;110;P-10;1;dos mil\n")
    path = tmp_path / "montos_en_palabras.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    at = open_page("upload", town.alone.id)
    at.file_uploader[0].upload(path.name, path.read_bytes(), "text/csv").run()
    assert es("upload.over_limit", checked="10", rejected="8", pct="80,0 %", limit="5,0 %") in [
        e.value for e in at.error]
    assert next(b for b in at.button if b.label == "Procesar").disabled
    # A limit above the share lets it go (the user decides the limit).
    next(n for n in at.number_input if n.label == es("upload.max_error_pct")).set_value(90.0).run()
    assert not next(b for b in at.button if b.label == "Procesar").disabled


def test_a_file_with_product_names_only_uses_the_name_as_the_code_and_says_so(town, tmp_path):
    path = tmp_path / "solo_nombres.csv"
    path.write_text("Fecha;N° Boleta;Producto;Cantidad;Total\n"
                    "01-09-2025;101;Pan amasado;2;1500\n02-09-2025;102;Leche entera 1 L;1;1100\n"
                    "02-09-2025;102;Pan amasado;1;750\n03-09-2025;103;Queso gauda laminado;1;3990\n",
                    encoding="utf-8")
    at = open_page("upload", town.alone.id)
    at.file_uploader[0].upload(path.name, path.read_bytes(), "text/csv").run()
    assert es("upload.mapping.name_as_id", column="Producto") in [i.value for i in at.info]
    editor = at.data_editor[0].value
    proposed = dict(zip(editor["Dato"], editor["Columna del archivo"]))
    assert proposed[es("field.in_product_id")] == "Producto"
    assert at.error.len == 0 and not next(b for b in at.button if b.label == "Procesar").disabled


def test_a_file_refused_for_its_data_offers_no_retry(town, tmp_path):
    path = tmp_path / "rechazado.csv"
    _write_subset(path, lambda line: line.startswith("2025-07-0"))
    upload_id = ingest.submit_file(town.empty.id, path)
    try:
        from workers import progress

        progress.failed([upload_id], "9 de 10 líneas tienen errores", retryable=False)
        at = open_page("monitor", town.empty.id)
        assert [e.value for e in at.error] == [es("upload.failed",
                                                  error="9 de 10 líneas tienen errores")]
        assert es("upload.fix_and_resend") in [c.value for c in at.caption]
        assert not [b for b in at.button if b.label == "Reintentar"]
        assert at.get("progress") == []  # a finished upload has no bar standing still
    finally:
        with admin_tx() as conn:
            conn.execute(text("DELETE FROM app.uploads WHERE id = :i"), {"i": upload_id})


def test_the_monitor_shows_a_failed_upload_and_retries_it(town):
    with tenant(town.failing.id) as conn:
        failed = uploads.get(conn, town.failed_upload)
    assert failed.status == "failed" and failed.error

    at = open_page("monitor", town.failing.id)
    # The stored failure is a message key and its values, rendered in the reader's language.
    assert [e.value for e in at.error] == [es("upload.failed",
                                              error=messages.render(failed.error, "es"))]
    listed = table(at, "Archivo", "Estado")
    assert list(zip(listed["Archivo"], listed["Estado"])) == [("agosto.csv", "Falló")]
    job = f"load upload {failed.id}"
    queue_page = open_page("admin_queue")  # the admin sees the same failure in the queue
    assert table(queue_page, "Cola", "Fallidos").set_index("Cola").loc[
        queue.INGEST, "Fallidos"] >= 1
    assert any(job in m.value for m in queue_page.markdown)
    reason = messages.render(failed.error, "es")
    assert "/" not in reason  # the user is not shown where the server keeps files
    assert any(reason in c.value for c in queue_page.code)

    next(b for b in at.button if b.label == "Reintentar").click().run()
    with tenant(town.failing.id) as conn:
        queued = uploads.get(conn, failed.id)
    assert (queued.status, queued.stage, queued.error) == ("queued", "load", None)
    listed = table(at, "Archivo", "Estado")
    assert list(zip(listed["Archivo"], listed["Estado"])) == [("agosto.csv", "En cola")]
    assert not [b for b in at.button if b.label == "Reintentar"]
    after = open_page("admin_queue")
    waiting = table(after, "Cola", "Trabajo", "Estado")
    assert (queue.INGEST, job, "En espera") in set(
        zip(waiting["Cola"], waiting["Trabajo"], waiting["Estado"]))
    # The failure the retry replaced left the failed list: no second Retry offered there.
    assert not any(job in m.value for m in after.markdown)
    assert not any(failed.error in c.value for c in after.code)


def test_a_company_without_uploads_has_an_empty_monitor(town):
    at = open_page("monitor", town.empty.id)
    assert [i.value for i in at.info] == [es("monitor.none")]
    assert at.dataframe.len == 0


# --- team and admin ------------------------------------------------------------------------

def test_the_owner_changes_a_role_and_removes_a_member(town):
    with engine(Role.OWNER).begin() as conn:
        helper = accounts.create_user(conn, "ayudante@example.cl", "Ayu Dante", PASSWORD)
        companies.set_member(conn, town.alone.id, helper.id, "operations")
    at = open_page("members", town.alone.id)
    team = table(at, "Nombre", "Correo", "Rol")
    assert list(zip(team["Correo"], team["Rol"])) == [("ayudante@example.cl", "Operaciones")]

    at.text_input[0].input("nadie@example.cl")
    next(b for b in at.button if b.label == es("members.add")).click().run()
    assert [e.value for e in at.error] == [es("members.unknown", email="nadie@example.cl")]

    at.selectbox(key="new_role").select("finance")
    next(b for b in at.button if b.label == es("members.save_role")).click().run()
    with app_tx() as conn:
        assert [(m.email, m.role) for m in companies.members(conn, town.alone.id)] == [
            ("ayudante@example.cl", "finance")]
    team = table(at, "Nombre", "Correo", "Rol")
    assert list(team["Rol"]) == ["Finanzas"]

    next(b for b in at.button if b.label == es("members.remove")).click().run()
    with app_tx() as conn:
        assert companies.members(conn, town.alone.id) == []
    assert at.dataframe.len == 0 and es("table.empty") in [c.value for c in at.caption]


def test_a_member_who_is_not_the_owner_cannot_manage_the_team(town):
    with engine(Role.OWNER).begin() as conn:
        seller = accounts.create_user(conn, "vende@example.cl", "Ven De", PASSWORD)
        companies.set_member(conn, town.shop.id, seller.id, "operations")
    at = log_in("vende@example.cl", PASSWORD)
    assert [t.value for t in at.title] == ["Operaciones"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/members.py")


def test_the_admin_sees_every_user_and_unlocks_one(town):
    for _ in range(2):
        log_in("sola@example.cl", "equivocada")
    at = open_page("admin_users")
    with app_tx() as conn:
        every = accounts.all_users(conn)
    listed = table(at, "id", "Correo").set_index("Correo")
    assert sorted(listed.index) == sorted(u.email for u in every)
    assert listed.loc["sola@example.cl", "Intentos fallidos"] == 2
    assert listed.loc["admin@ayni.cl", "Admin"] == "✓"

    sola = user("sola@example.cl")
    next(s for s in at.selectbox if s.label == "Nombre").select(sola.id).run()
    next(b for b in at.button if b.label == es("admin.unlock")).click().run()
    assert user("sola@example.cl").failed_logins == 0
    assert table(at, "id", "Correo").set_index("Correo").loc[
        "sola@example.cl", "Intentos fallidos"] == 0

    next(s for s in at.selectbox if s.label == "Nombre").select(sola.id).run()
    next(b for b in at.button if b.label == es("admin.toggle_admin")).click().run()
    assert user("sola@example.cl").is_admin
    with app_tx() as conn:
        accounts.set_admin(conn, sola.id, False)


def test_a_non_admin_has_no_admin_pages(town):
    at = log_in("finanzas@example.cl", PASSWORD)
    for page in ("admin_users", "admin_companies", "admin_queue", "admin_audit"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"views/{page}.py")


def test_the_admin_sees_every_company_and_membership(town):
    at = open_page("admin_companies")
    with app_tx() as conn:
        every = companies.list_companies(conn)
        teams = {c.id: companies.members(conn, c.id) for c in every}
    listed = table(at, "id", "RUT", "Equipo")
    assert list(listed["id"]) == [c.id for c in every]
    assert list(listed["Equipo"]) == [len(teams[c.id]) for c in every]
    assert dict(zip(listed["RUT"], listed["Comparación con el rubro"])) == {
        rut.display(c.rut): "✓" if c.benchmark_opt_in else "—" for c in every}
    memberships = table(at, "Empresa", "Correo", "Rol")
    assert sorted(zip(memberships["Empresa"], memberships["Correo"])) == sorted(
        (c.name, m.email) for c in every for m in teams[c.id])
    assert ("Almacén Prueba", "finanzas@example.cl", "Finanzas") in set(
        zip(memberships["Empresa"], memberships["Correo"], memberships["Rol"]))


def test_the_audit_log_lists_the_newest_entries_first(town):
    at = open_page("admin_audit")
    with admin_tx() as conn:
        entries = audit.recent(conn)
    listed = table(at, "Cuándo", "Acción", "Detalle")
    assert len(listed) == len(entries) > 10
    assert list(listed["Acción"]) == [es(f"audit.{e['action']}") for e in entries]
    assert list(listed["Cuándo"]) == [formatting.moment(e["at"]) for e in entries]
    created = listed.loc[listed["Acción"] == "Empresa creada"]
    assert set(created["Empresa"]) >= {"Almacén Prueba", "Minimarket Vecino", "Ferretería Sola"}
    submitted = listed.loc[(listed["Acción"] == "Archivo enviado")
                           & (listed["Empresa"] == "Almacén Prueba")]
    assert "archivo: canonical_in_columns.csv" in submitted["Detalle"].iloc[-1]
    assert "modo: " + es("upload.mode.append") in submitted["Detalle"].iloc[-1]
