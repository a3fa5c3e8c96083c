"""Margin is measured without IVA everywhere (docs/PRODUCT.md, "IVA"), checked against Python.

Three demo minimarkets go through the real path (files → worker → GabeDA → dbt): one with
the defaults (totals with IVA, costs without), one whose costs include IVA, one whose
totals are sent without IVA. From the raw lines alone, in Python with exact decimals, the
tests work out each line's sales, IVA and cost without IVA (whole pesos per line where
divided by 1.19) and check, to the peso, sales_ex_vat, vat, cost and gross_margin = sales
without IVA − cost without IVA, and margin_pct = gross_margin / sales_ex_vat, in the
daily, monthly, product, customer and category marts, the processed lines, the benchmark
values and the published benchmarks, and GabeDA's product and customer margins. Then a
company that says its costs include IVA sees the marts follow on a full build, and the
companies page sets the flag (with an audit entry).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from sqlalchemy import text

from ayni.core.db import Role, engine
from ayni.core.settings import get_settings
from ayni.usecases import accounts, companies, demo, ingest
from streamlit_app.i18n import CATALOGUE
from tests.conftest import assert_page_ok, ayni, run_worker
from tests.integration.conftest import log_in

pytestmark = pytest.mark.integration

START, END = date(2025, 7, 1), date(2025, 9, 30)
DEMO_LINES = 9_000
RATE = Decimal("0.19")
ONE, CENT = Decimal(1), Decimal("0.01")
NO_CUSTOMER, NO_CATEGORY = "(sin cliente)", "(sin categoría)"


@dataclass(frozen=True)
class Shop:
    company: companies.Company
    prices_include_vat: bool
    costs_include_vat: bool


def _owner():
    return engine(Role.OWNER)


@pytest.fixture(scope="module")
def shops(ayni_db) -> dict[str, Shop]:
    """Three demo minimarkets of July to September 2025 (about 9,000 lines), with their IVA
    settings set before their files are uploaded and processed by one worker run."""
    specs = demo.scale_for_lines(demo.demo_companies({"minimarket": 3}, seed=11), START, END,
                                 DEMO_LINES)
    settings = {"defaults": (True, False), "costs_with_vat": (True, True),
                "prices_without_vat": (False, False)}
    folder = ayni_db.data_dir / "margin_ex_vat"
    folder.mkdir()
    made = {}
    for (name, (prices_vat, costs_vat)), spec in zip(settings.items(), specs, strict=True):
        with _owner().begin() as conn:
            company = companies.create_company(conn, spec.name, spec.rut, spec.industry, spec.size)
            if costs_vat:
                companies.set_costs_include_vat(conn, company.id, True)
            if not prices_vat:
                conn.execute(text("UPDATE app.companies SET prices_include_vat = false "
                                  "WHERE id = :c"), {"c": company.id})
            company = companies.get(conn, company.id)
        assert (company.prices_include_vat, company.costs_include_vat) == (prices_vat, costs_vat)
        path = folder / f"{spec.rut}.csv"
        demo.generate_lines(spec, START, END).to_csv(path, index=False,
                                                     date_format="%Y-%m-%d %H:%M:%S")
        ingest.submit_file(company.id, path)
        made[name] = Shop(company, prices_vat, costs_vat)
    run_worker(ayni_db, timeout=900)
    return made


# -- the expected numbers, from the raw lines ----------------------------------------------


def _whole(amount: Decimal) -> Decimal:
    """Whole pesos, halves away from zero (as PostgreSQL's round)."""
    return amount.quantize(ONE, rounding=ROUND_HALF_UP)


def _pct(margin: Decimal, sales: Decimal) -> Decimal | None:
    return None if sales == 0 else (100 * margin / sales).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    company_id: int
    document_id: str
    product_id: str
    line_no: int
    day: date
    customer_id: str | None
    category: str | None
    line_total: Decimal
    sales_ex_vat: Decimal
    vat: Decimal
    cost_ex_vat: Decimal | None
    commission: Decimal

    @property
    def margin(self) -> Decimal | None:
        return None if self.cost_ex_vat is None else self.sales_ex_vat - self.cost_ex_vat - self.commission


def _lines(shop: Shop, costs_include_vat: bool | None = None) -> list[Line]:
    """Every raw line of the shop's company, processed in Python: signed (a return is
    negative whatever sign it was sent with), cost completed, and without IVA by the
    company's settings (or `costs_include_vat` instead of the shop's)."""
    costs_vat = shop.costs_include_vat if costs_include_vat is None else costs_include_vat
    with _owner().connect() as conn:
        rows = conn.execute(text(
            "SELECT in_trans_id, in_product_id, line_no, in_dt, in_customer_id, in_category, "
            "in_trans_type, in_quantity, in_price_total, in_cost_total, in_cost_unit, in_margin, "
            "in_commission_total FROM raw.transactions WHERE company_id = :c"),
            {"c": shop.company.id}).all()
    assert len(rows) > 1000
    lines = []
    for (doc, product, line_no, dt, customer, category, kind, qty, total, cost_total, cost_unit,
         margin, commission) in rows:
        is_return = qty < 0 or total < 0 or "credito" in (kind or "").lower()
        signed = (lambda v: -abs(v)) if is_return else (lambda v: v)
        if cost_total is not None:
            cost = cost_total
        elif cost_unit is not None:
            cost = cost_unit * qty
        elif margin is not None:
            cost = total - margin - commission
        else:
            cost = None
        total, cost = signed(total), None if cost is None else signed(cost)
        sales = _whole(total / (1 + RATE)) if shop.prices_include_vat else total
        vat = total - sales if shop.prices_include_vat else _whole(total * RATE)
        cost_ex = None if cost is None else _whole(cost / (1 + RATE)) if costs_vat else cost
        customer = (customer or "").strip() or None
        lines.append(Line(shop.company.id, doc.strip(), product.strip(), line_no, dt.date(),
                          customer, (category or "").strip() or None, total, sales, vat, cost_ex,
                          commission))
    return lines


def _expected(lines: list[Line], key) -> dict[tuple, tuple]:
    """(sales_ex_vat, vat, cost, gross_margin, margin_pct) per key of the lines, as the marts
    define them: cost without IVA summed (a line without cost counts 0)."""
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for line in lines:
        acc = sums[key(line)]
        acc[0] += line.sales_ex_vat
        acc[1] += line.vat
        acc[2] += line.cost_ex_vat or 0
    return {k: (s, v, c, s - c, _pct(s - c, s)) for k, (s, v, c) in sums.items()}


def _month(day: date) -> date:
    return day.replace(day=1)


KEYS = {
    "daily": lambda line: (line.day,),
    "monthly": lambda line: (_month(line.day),),
    "product": lambda line: (_month(line.day), line.product_id),
    "customer": lambda line: (_month(line.day), line.customer_id or NO_CUSTOMER),
    "category": lambda line: (_month(line.day), line.category or NO_CATEGORY),
}
MART_KEYS = {"daily": "", "monthly": "", "product": ", product_id", "customer": ", customer_id",
             "category": ", category"}


def _mart(mart: str, company_id: int) -> dict[tuple, tuple]:
    with _owner().connect() as conn:
        rows = conn.execute(text(
            f"SELECT period_start{MART_KEYS[mart]}, sales_ex_vat, vat, cost, gross_margin, "
            f"margin_pct FROM marts.{mart}_aggregations WHERE company_id = :c"),
            {"c": company_id}).all()
    return {tuple(r[:-5]): tuple(r[-5:]) for r in rows}


# -- the warehouse ------------------------------------------------------------------------


def test_every_upload_is_processed(shops):
    with _owner().connect() as conn:
        states = conn.execute(text("SELECT status, error FROM app.uploads")).all()
    assert [tuple(s) for s in states] == [("done", None)] * 3


@pytest.mark.parametrize("mart", list(KEYS))
@pytest.mark.parametrize("name", ["defaults", "costs_with_vat", "prices_without_vat"])
def test_mart_margins_are_over_sales_without_vat(shops, name, mart):
    shop = shops[name]
    lines = _lines(shop)
    expected = _expected(lines, KEYS[mart])
    got = _mart(mart, shop.company.id)
    assert got.keys() == expected.keys()
    wrong = {k: (got[k], expected[k]) for k in expected if got[k] != expected[k]}
    assert not wrong, list(wrong.items())[:5]


def test_the_minimarket_reads_its_margin_without_vat(shops):
    """The headline: with the defaults, margin % is over sales without IVA, well below what
    the amounts with IVA would give: 1 − 1.19 × cost / net_sales instead of 1 − cost /
    net_sales (a minimarket at 16 % would read 29.5 %)."""
    shop = shops["defaults"]
    with _owner().connect() as conn:
        net, ex_vat, cost, margin, pct = conn.execute(text(
            "SELECT sum(net_sales), sum(sales_ex_vat), sum(cost), sum(gross_margin), "
            "round(100 * sum(gross_margin) / sum(sales_ex_vat), 2) "
            "FROM marts.monthly_aggregations WHERE company_id = :c"), {"c": shop.company.id}).one()
    assert margin == ex_vat - cost
    with_vat = 100 * (net - cost) / net
    assert abs(pct - (100 - (100 - with_vat) * (1 + RATE))) < Decimal("0.05")  # rounding per line
    assert 0 < pct < with_vat - 5
    # A company whose totals are sent without IVA: sales without IVA are the totals.
    with _owner().connect() as conn:
        same = conn.execute(text(
            "SELECT bool_and(sales_ex_vat = net_sales) FROM marts.monthly_aggregations "
            "WHERE company_id = :c"), {"c": shops["prices_without_vat"].company.id}).scalar()
    assert same is True


def test_daily_sums_equal_the_months(shops):
    with _owner().connect() as conn:
        mismatches = conn.execute(text(
            "WITH days AS (SELECT company_id, date_trunc('month', period_start)::date AS m, "
            "sum(sales_ex_vat) s, sum(vat) v, sum(cost) c, sum(gross_margin) g "
            "FROM marts.daily_aggregations GROUP BY 1, 2) "
            "SELECT count(*) FROM days JOIN marts.monthly_aggregations mo "
            "ON mo.company_id = days.company_id AND mo.period_start = days.m "
            "WHERE (s, v, c, g) IS DISTINCT FROM (mo.sales_ex_vat, mo.vat, mo.cost, "
            "mo.gross_margin)")).scalar()
    assert mismatches == 0


@pytest.mark.parametrize("name", ["defaults", "costs_with_vat", "prices_without_vat"])
def test_processed_lines_carry_the_margin_without_vat(shops, name):
    """What the download center offers: each line's margin is sales without IVA − cost
    without IVA − commission."""
    shop = shops[name]
    expected = {(ln.document_id, ln.product_id, ln.line_no):
                (ln.line_total, ln.sales_ex_vat, ln.vat, ln.cost_ex_vat, ln.margin)
                for ln in _lines(shop)}
    with _owner().connect() as conn:
        rows = conn.execute(text(
            "SELECT document_id, product_id, line_no, line_total, sales_ex_vat, vat, cost_ex_vat, "
            "margin FROM marts.sales_lines WHERE company_id = :c"), {"c": shop.company.id}).all()
    got = {tuple(r[:3]): tuple(r[3:]) for r in rows}
    assert got.keys() == expected.keys()
    wrong = [(k, got[k], expected[k]) for k in expected if got[k] != expected[k]]
    assert not wrong, wrong[:5]


def test_benchmark_values_and_cells_are_the_margins_without_vat(ayni_db, shops):
    """int_benchmark_values holds each company's margin % of the time marts; published cells
    (built here from 3 companies, 10 in production) take their percentiles over them."""
    monthly = {shop.company.id: _expected(_lines(shop), KEYS["monthly"])
               for shop in shops.values()}
    with _owner().connect() as conn:
        values = {(r[0], r[1]): r[2] for r in conn.execute(text(
            "SELECT company_id, period_start, value FROM staging.int_benchmark_values "
            "WHERE period_type = 'month' AND metric = 'margin_pct'")).all()}
    assert values == {(c, k[0]): v[4] for c, months in monthly.items() for k, v in months.items()}

    built = ayni(ayni_db, "dbt", "run", "--select", "tag:benchmark",
                 "--vars", "{benchmark_min_companies: 3}")
    assert built.returncode == 0, built.stdout[-3000:]
    with _owner().connect() as conn:
        cells = {r[0]: r[1] for r in conn.execute(text(
            "SELECT period_start, p50 FROM marts.benchmarks WHERE industry = 'minimarket' "
            "AND period_type = 'month' AND metric = 'margin_pct'")).all()}
    months = sorted({month for months in monthly.values() for (month,) in months})
    assert sorted(cells) == months
    for month in months:
        middle = sorted(m[(month,)][4] for m in monthly.values())[1]
        assert cells[month] == middle, month


# -- GabeDA --------------------------------------------------------------------------------


def _gabeda_expected(lines: list[Line], key) -> dict:
    """margin and margin_pct per key over the lines with a cost, as GabeDA defines them."""
    margin: dict = defaultdict(Decimal)
    costed: dict = defaultdict(Decimal)
    for line in lines:
        if line.margin is not None and key(line) is not None:
            margin[key(line)] += line.margin
            costed[key(line)] += line.sales_ex_vat
    return {k: (float(margin[k]), float(100 * margin[k] / costed[k]) if costed[k] > 0 else None)
            for k in margin}


@pytest.mark.parametrize("name", ["defaults", "costs_with_vat", "prices_without_vat"])
@pytest.mark.parametrize(("table", "key"), [("product_features", "product_id"),
                                            ("customer_features", "customer_id")])
def test_gabeda_margins_are_without_vat(shops, name, table, key):
    shop = shops[name]
    by = (lambda ln: ln.product_id) if key == "product_id" else (lambda ln: ln.customer_id)
    expected = _gabeda_expected(_lines(shop), by)
    with _owner().connect() as conn:
        got = {r[0]: (r[1], r[2]) for r in conn.execute(text(
            f"SELECT {key}, margin, margin_pct FROM gabeda.{table} WHERE company_id = :c "
            "AND margin IS NOT NULL"), {"c": shop.company.id}).all()}
    assert got.keys() == expected.keys()
    for k, (margin, pct) in expected.items():
        assert got[k][0] == pytest.approx(margin, abs=1e-6), k
        assert got[k][1] == (None if pct is None else pytest.approx(pct, rel=1e-9)), k
    if key == "product_id":
        with _owner().connect() as conn:
            health = {r[0]: r[1] for r in conn.execute(text(
                "SELECT product_id, margin_health FROM gabeda.product_features "
                "WHERE company_id = :c AND margin_pct IS NOT NULL"), {"c": shop.company.id})}
        bands = ((15, "critical"), (25, "low"), (35, "healthy"))
        for k, (_, pct) in expected.items():
            if pct is not None:
                assert health[k] == next((b for edge, b in bands if pct < edge), "excellent"), k


# -- a change of the setting ---------------------------------------------------------------


def test_the_companies_page_sets_costs_include_vat(shops):
    """The owner (here the admin) ticks "Mis costos incluyen IVA" on the companies page: the
    company says so, and the audit log records who changed it."""
    shop = shops["prices_without_vat"]
    with _owner().begin() as conn:
        accounts.ensure_admin(conn, get_settings())
    settings = get_settings()
    at = log_in(settings.admin_email, settings.admin_password.get_secret_value())
    at.selectbox(key="company_picker").select(shop.company.id).run()
    at.switch_page("views/companies.py").run()
    at.run()
    assert_page_ok(at)
    label, help_text = CATALOGUE["companies.costs_include_vat"][0], \
        CATALOGUE["companies.costs_include_vat.help"][0]
    box = next(b for b in at.checkbox if b.label == label)
    assert box.value is False and box.help == help_text
    box.check().run()
    assert_page_ok(at)
    with _owner().connect() as conn:
        assert companies.get(conn, shop.company.id).costs_include_vat is True
        action, detail = conn.execute(text(
            "SELECT action, detail FROM app.audit_log WHERE company_id = :c "
            "ORDER BY id DESC LIMIT 1"), {"c": shop.company.id}).one()
    assert (action, detail) == ("company.costs_include_vat", {"costs_include_vat": True})
    assert CATALOGUE["companies.costs_include_vat.saved"][0] in [s.value for s in at.success]
    with _owner().begin() as conn:  # back as it was for the tests that follow
        companies.set_costs_include_vat(conn, shop.company.id, False)


def test_a_changed_setting_reaches_the_marts_on_a_full_build(ayni_db, shops):
    """The default shop says its costs include IVA: the nightly full build (dbt build
    --full-refresh; here its models) brings its lines and marts to the cost without IVA."""
    shop = shops["defaults"]
    before = _mart("monthly", shop.company.id)
    with _owner().begin() as conn:
        companies.set_costs_include_vat(conn, shop.company.id, True)
    built = ayni(ayni_db, "dbt", "run", "--full-refresh", "--exclude", "tag:benchmark")
    assert built.returncode == 0, built.stdout[-3000:]
    after = _mart("monthly", shop.company.id)
    expected = _expected(_lines(shop, costs_include_vat=True), KEYS["monthly"])
    assert after == expected
    assert all(after[k][2] < before[k][2] and after[k][3] > before[k][3] for k in after)
    frame = pd.DataFrame(after.values(), columns=["sales", "vat", "cost", "margin", "pct"])
    assert (frame["margin"] == frame["sales"] - frame["cost"]).all()
