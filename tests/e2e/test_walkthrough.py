"""A new user's whole path in a real browser: register, create a company, upload an export
with its mapping, watch it finish, read the dashboards, download Excel, switch to English;
and another company's user who sees none of it. Tests run in file order on one app."""

from __future__ import annotations

import io
import re

import openpyxl
import psycopg
import pytest

from ayni.core import formatting
from ayni.core.db import Role, conninfo
from ayni.core.settings import get_settings
from tests.conftest import EXPECTED, SHARED_DATA
from tests.e2e.conftest import (
    cards,
    log_in,
    new_page,
    screenshot,
    screenshot_if_failed,
    serve,
    traces,
    wait_idle,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
PASSWORD = "Clave-Segura1"
ANA = ("Ana", "Pérez", "ana@example.cl")
BRUNO = ("Bruno", "Soto", "bruno@example.cl")


@pytest.fixture(scope="module")
def web(ayni_db):
    """The web app and a worker on the test database (its output: test-artifacts/
    walkthrough.log), once Streamlit answers its health check."""
    from ayni.core.db import engine
    from ayni.usecases import accounts

    with engine(Role.OWNER).begin() as conn:
        accounts.ensure_admin(conn, get_settings())
    with serve(ayni_db, "walkthrough", worker=True) as url:
        yield url


def go(page, url: str, path: str) -> None:
    page.goto(f"{url}/{path}")
    wait_idle(page)


def register(page, url: str, first: str, last: str, email: str) -> None:
    page.goto(url + "/registro")
    page.get_by_label("Nombre").wait_for()
    wait_idle(page)
    page.get_by_label("Nombre").fill(first)
    page.get_by_label("Apellido").fill(last)
    page.get_by_label("Correo").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repite la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Registrarme").click()
    page.get_by_text("Cuenta creada").wait_for()


def create_company(page, name: str, rut: str) -> None:
    page.get_by_role("heading", name="Crear una empresa").wait_for()
    wait_idle(page)
    page.get_by_label("Nombre de la empresa").fill(name)
    page.get_by_label("RUT").fill(rut)
    page.get_by_role("button", name="Crear empresa").click()
    page.get_by_text(f"Empresa «{name}» creada").wait_for()
    wait_idle(page)


def company_id(rut: str) -> int:
    with psycopg.connect(conninfo(Role.OWNER)) as conn:
        return conn.execute("SELECT id FROM app.companies WHERE rut = %s", (rut,)).fetchone()[0]


def test_register_create_a_company_and_upload_an_export(web, page):
    register(page, web, *ANA)
    log_in(page, web, ANA[2], PASSWORD)
    create_company(page, "Almacén Ana", "76.086.428-5")
    screenshot(page, "walkthrough_company")
    go(page, web, "upload")
    page.locator('input[type="file"]').set_input_files(str(SHARED_DATA / "pos_export_cl.csv"))
    page.get_by_role("heading", name=re.compile("Vista previa")).wait_for()
    page.get_by_role("button", name="Procesar").click()
    page.get_by_text(re.compile(r"pos_export_cl\.csv: .*%")).first.wait_for()
    lines = EXPECTED["pos_export_cl.csv"]["lines"]
    page.get_by_text(f"{formatting.number(lines)} líneas cargadas, 0 rechazadas").wait_for(
        timeout=180_000)
    with psycopg.connect(conninfo(Role.OWNER)) as conn:
        loaded = conn.execute("SELECT count(*) FROM raw.transactions WHERE company_id = %s",
                              (company_id("76086428-5"),)).fetchone()[0]
    assert loaded == lines


def test_the_owner_dashboard_shows_the_marts(web, page):
    log_in(page, web, ANA[2], PASSWORD)
    page.get_by_role("heading", name="Resumen del negocio").first.wait_for()
    wait_idle(page)
    with psycopg.connect(conninfo(Role.OWNER)) as conn:
        months = conn.execute(
            "SELECT net_sales FROM marts.monthly_aggregations WHERE company_id = %s "
            "ORDER BY period_start", (company_id("76086428-5"),)).fetchall()
    shown = list(traces(page, "owner_trend")[0]["customdata"])
    assert shown == [formatting.money(v) for (v,) in months]
    card = page.locator('[data-testid="stMetric"]').filter(has_text="Ventas").first
    # The page opens on the last complete month, with its change against the month before.
    assert formatting.money(months[-1][0]) in card.inner_text()
    change = formatting.signed_percent(100 * (months[-1][0] - months[-2][0]) / months[-2][0])
    assert change in card.inner_text()
    screenshot(page, "dashboard_owner")


@pytest.fixture(scope="module")
def ana_session(web, browser):
    """Ana logged in once for the role dashboards, which she opens from the menu in turn
    (a login costs some 15 s on a busy machine)."""
    pg = new_page(browser)
    log_in(pg, web, ANA[2], PASSWORD)
    pg.get_by_role("heading", name="Resumen del negocio").first.wait_for()
    yield pg
    pg.context.close()


@pytest.fixture
def ana(ana_session, request):
    yield ana_session
    screenshot_if_failed(ana_session, request)


def open_dashboard(page, link: str, heading: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", name=heading).first.wait_for()
    wait_idle(page)


def marts(sql: str) -> list[tuple]:
    """Rows of Ana's company; `sql` filters on company_id = %(c)s."""
    with psycopg.connect(conninfo(Role.OWNER)) as conn:
        return conn.execute(sql, {"c": company_id("76086428-5")}).fetchall()


MONTHS = "FROM marts.monthly_aggregations WHERE company_id = %(c)s ORDER BY period_start"


def test_the_operations_dashboard_shows_the_marts(web, ana):
    open_dashboard(ana, "Operaciones", "Operaciones")
    months = marts(f"SELECT units, documents, lines {MONTHS}")
    assert float(sum(m[0] for m in months)) == EXPECTED["pos_export_cl.csv"]["units"]
    assert sum(m[2] for m in months) == EXPECTED["pos_export_cl.csv"]["lines"]
    classes = dict(marts("SELECT abc_class, count(*) FROM gabeda.product_features "
                         "WHERE company_id = %(c)s GROUP BY 1"))
    shown = cards(ana)
    assert shown["Documentos"] == formatting.number(months[-1][1])
    assert shown["Líneas"] == formatting.number(months[-1][2])
    assert {c: shown[f"Productos clase {c}"] for c in "ABC"} == {
        c: formatting.number(classes.get(c, 0)) for c in "ABC"}
    # Units and kilos are charted apart, each month written in its unit.
    by_month: dict[tuple, float] = {}
    for month, unit_type, quantity in marts(
            "SELECT date_trunc('month', sale_date)::date, unit_type, sum(quantity) "
            "FROM marts.sales_lines WHERE company_id = %(c)s GROUP BY 1, 2"):
        key = (month, formatting.unit_kind(unit_type))
        by_month[key] = by_month.get(key, 0) + float(quantity)
    units = [v for (month, kind), v in sorted(by_month.items()) if kind == "unit"]
    assert traces(ana, "ops_units")[0]["customdata"] == [
        formatting.quantity(v, "unit") for v in units]
    screenshot(ana, "dashboard_operations")


def test_the_marketing_dashboard_shows_the_marts(web, ana):
    open_dashboard(ana, "Marketing", "Marketing")
    months = marts(f"SELECT new_customers, returning_customers {MONTHS}")
    status = dict(marts("SELECT status, count(*) FROM gabeda.customer_features "
                        "WHERE company_id = %(c)s GROUP BY 1"))
    shown = cards(ana)
    assert shown["Clientes nuevos"] == formatting.number(months[-1][0])
    assert (shown["Activos"], shown["Atrasados"], shown["Inactivos"]) == tuple(
        formatting.number(status.get(s, 0)) for s in ("active", "at risk", "churned"))
    new, returning = traces(ana, "mkt_new")
    assert new["customdata"] == [formatting.number(m[0]) for m in months]
    assert returning["customdata"] == [formatting.number(m[1]) for m in months]
    screenshot(ana, "dashboard_marketing")


def test_the_finance_dashboard_shows_the_marts(web, ana):
    open_dashboard(ana, "Finanzas", "Finanzas")
    names = ("net_sales", "cost", "gross_margin", "discounts", "returns", "sales_ex_vat", "vat")
    months = marts(f"SELECT {', '.join(names)} {MONTHS}")
    assert sum(m[0] for m in months) == EXPECTED["pos_export_cl.csv"]["net_sales"]
    total = dict(zip(names, months[-1]))  # the last complete month
    labels = {"net_sales": "Ventas", "cost": "Costo (sin IVA)", "gross_margin": "Margen bruto (sin IVA)",
              "discounts": "Descuentos", "returns": "Devoluciones",
              "sales_ex_vat": "Ventas netas (sin IVA)", "vat": "IVA débito"}
    shown = cards(ana)
    assert {m: shown[label] for m, label in labels.items()} == {
        m: formatting.money(total[m]) for m in labels}
    assert shown["Margen % sobre ventas sin IVA"] == formatting.percent(
        100 * total["gross_margin"] / total["sales_ex_vat"])
    lines = {t["name"]: t["customdata"] for t in traces(ana, "fin_trend")}
    assert lines == {labels[m]: [formatting.money(row[names.index(m)]) for row in months]
                     for m in ("sales_ex_vat", "cost", "gross_margin")}
    screenshot(ana, "dashboard_finance")


def test_the_benchmarks_page_says_why_there_is_no_comparison(web, ana):
    # Ana's is the only minimarket: no cell reaches 10 companies, so she has no position.
    assert marts("SELECT industry, benchmark_opt_in FROM app.companies WHERE id = %(c)s") == [
        ("minimarket", True)]
    assert marts("SELECT * FROM marts.company_benchmark_position WHERE company_id = %(c)s") == []
    open_dashboard(ana, "Comparación con el rubro", "Comparación con el rubro")
    ana.get_by_text("Todavía no hay comparación publicada: se muestra cuando al menos 10 "
                    "empresas de tu rubro participan").wait_for()
    assert ana.locator(".js-plotly-plot").count() == 0
    screenshot(ana, "dashboard_benchmarks_no_peers")


def test_an_aggregation_downloads_as_excel(web, page):
    log_in(page, web, ANA[2], PASSWORD)
    go(page, web, "downloads")
    page.get_by_role("combobox", name="Tabla").click()
    page.get_by_role("option", name="Ventas por mes").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar Excel").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    net = sum(r[header.index("Ventas")] for r in rows)
    assert net == EXPECTED["pos_export_cl.csv"]["net_sales"]


def test_english_is_one_switch_away(web, page):
    log_in(page, web, ANA[2], PASSWORD)
    page.get_by_role("heading", name="Resumen del negocio").first.wait_for()
    wait_idle(page)
    page.get_by_label("Idioma / Language").click()
    page.get_by_role("option", name="English").click()
    page.get_by_role("heading", name="Business overview").first.wait_for()
    # The page streams top-down: the title comes before the cards, so wait for a card.
    page.locator('[data-testid="stMetric"]').filter(has_text="Sales").first.wait_for()
    wait_idle(page)
    assert page.locator('[data-testid="stMetric"]').filter(has_text="Sales").count() >= 1
    screenshot(page, "dashboard_owner_english")
    page.get_by_label("Idioma / Language").click()
    page.get_by_role("option", name="Español").click()
    page.get_by_role("heading", name="Resumen del negocio").first.wait_for()


def test_another_companys_user_sees_none_of_it(web, page):
    register(page, web, *BRUNO)
    log_in(page, web, BRUNO[2], PASSWORD)
    create_company(page, "Ferretería Bruno", "96.790.240-3")
    picker = page.get_by_label("Empresa", exact=True).first
    picker.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    assert any("Ferretería Bruno" in o for o in options)
    assert not any("Almacén Ana" in o for o in options)
    go(page, web, "owner")
    page.get_by_text("Todavía no hay ventas").wait_for()  # his company has none; hers are not his
    go(page, web, "downloads")
    assert page.get_by_text("pos_export_cl.csv").count() == 0
    assert "Almacén Ana" not in page.content()
