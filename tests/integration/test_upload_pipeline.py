"""One upload through the real chain: RQ worker, PostgreSQL load, GabeDA, dbt, row-level security."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from ayni.core import uploads
from ayni.core.db import Role, engine, tenant
from ayni.usecases import companies, ingest
from tests.conftest import EXPECTED, SHARED_DATA, ayni, run_worker

pytestmark = pytest.mark.integration
CANONICAL = SHARED_DATA / "canonical_in_columns.csv"


@pytest.fixture(scope="module")
def loaded(ayni_db):
    """Two companies; the canonical sample uploaded for the first and processed by a worker."""
    with engine(Role.OWNER).begin() as conn:
        shop = companies.create_company(conn, "Almacén Prueba", "76.086.428-5", "minimarket", "small")
        other = companies.create_company(conn, "Otra Empresa", "77.777.777-7", "ferreteria", "micro")
    upload_id = ingest.submit_file(shop.id, CANONICAL)
    run_worker(ayni_db)
    return shop, other, upload_id


def test_upload_finishes_with_the_file_counts(loaded):
    shop, _, upload_id = loaded
    with tenant(shop.id) as conn:
        u = uploads.get(conn, upload_id)
        months = uploads.data_updates(conn, upload_id)
    expected = EXPECTED["canonical_in_columns.csv"]
    assert (u.status, u.stage, u.percent, u.error) == ("done", "done", 100, None)
    assert u.lines_read == u.lines_loaded == expected["lines"]
    assert u.lines_rejected == 0
    assert (str(u.date_from), str(u.date_to)) == (expected["first_day"], expected["last_day"])
    assert [m["added"] for m in months] == [846, 827, 829]
    assert sum(m["lines_after"] for m in months) == expected["lines"]


def test_marts_hold_the_file_totals(loaded):
    shop, _, _ = loaded
    expected = EXPECTED["canonical_in_columns.csv"]
    with tenant(shop.id) as conn:
        monthly = conn.execute(text(
            "SELECT sum(net_sales), sum(documents), sum(units), sum(lines) "
            "FROM marts.monthly_aggregations")).one()
        daily = conn.execute(text(
            "SELECT sum(net_sales), count(*) FROM marts.daily_aggregations")).one()
    assert float(monthly[0]) == expected["net_sales"]
    assert monthly[1] == expected["documents"]  # no document spans two months in this file
    assert float(monthly[2]) == pytest.approx(expected["units"], abs=1e-9)
    assert monthly[3] == expected["lines"]
    assert float(daily[0]) == expected["net_sales"]


def test_monthly_net_sales_match_raw_lines_to_the_peso(loaded):
    shop, _, _ = loaded
    with engine(Role.OWNER).connect() as conn:
        raw = dict(conn.execute(text(
            "SELECT date_trunc('month', in_dt)::date, sum(in_price_total) FROM raw.transactions "
            "WHERE company_id = :c GROUP BY 1"), {"c": shop.id}).all())
    with tenant(shop.id) as conn:
        marts = dict(conn.execute(text(
            "SELECT period_start, net_sales FROM marts.monthly_aggregations")).all())
    assert marts == raw


def test_features_are_written_for_the_company(loaded):
    shop, _, _ = loaded
    with engine(Role.OWNER).connect() as conn:
        customers = conn.execute(text(
            "SELECT count(*), min(first_purchase), max(last_purchase) "
            "FROM gabeda.customer_features WHERE company_id = :c"), {"c": shop.id}).one()
        expected = conn.execute(text(
            "SELECT count(DISTINCT in_customer_id), min(in_dt)::date, max(in_dt)::date "
            "FROM raw.transactions WHERE company_id = :c AND in_customer_id IS NOT NULL"),
            {"c": shop.id}).one()
    assert tuple(customers) == tuple(expected)
    assert customers[0] > 0
    with engine(Role.OWNER).connect() as conn:
        segments = conn.execute(text(
            "SELECT count(*) FROM gabeda.customer_features WHERE company_id = :c "
            "AND rfm_segment IS NOT NULL AND r_score BETWEEN 1 AND 5"), {"c": shop.id}).scalar()
        classes = dict(conn.execute(text(
            "SELECT abc_class, count(*) FROM gabeda.product_features WHERE company_id = :c "
            "GROUP BY 1"), {"c": shop.id}).all())
        pairs = conn.execute(text(
            "SELECT count(*), min(lift) FROM gabeda.basket_pairs WHERE company_id = :c"),
            {"c": shop.id}).one()
        hours = conn.execute(text(
            "SELECT sum(revenue), count(*) FROM gabeda.hour_features WHERE company_id = :c"),
            {"c": shop.id}).one()
    assert segments == customers[0]
    assert set(classes) == {"A", "B", "C"}
    assert pairs[0] > 0 and pairs[1] > 0
    assert hours[0] == pytest.approx(EXPECTED["canonical_in_columns.csv"]["net_sales"])


def test_row_level_security_hides_other_companies(loaded):
    shop, other, _ = loaded
    queries = ["SELECT count(*) FROM marts.monthly_aggregations",
               "SELECT count(*) FROM raw.transactions",
               "SELECT count(*) FROM gabeda.customer_features",
               "SELECT count(*) FROM gabeda.basket_pairs",
               "SELECT count(*) FROM gabeda.hour_features",
               "SELECT count(*) FROM app.uploads"]
    with tenant(other.id) as conn:
        assert [conn.execute(text(q)).scalar() for q in queries] == [0] * len(queries)
    with tenant(shop.id) as conn:
        assert all(conn.execute(text(q)).scalar() > 0 for q in queries)
    # Without a company set, the app login sees nothing at all.
    with engine(Role.APP).connect() as conn:
        assert [conn.execute(text(q)).scalar() for q in queries] == [0] * len(queries)


def test_same_file_again_in_append_mode_changes_nothing(loaded, ayni_db):
    shop, _, _ = loaded
    second = ingest.submit_file(shop.id, CANONICAL)
    run_worker(ayni_db)
    with tenant(shop.id) as conn:
        u = uploads.get(conn, second)
        months = uploads.data_updates(conn, second)
        net = conn.execute(text("SELECT sum(net_sales) FROM marts.monthly_aggregations")).scalar()
    assert u.status == "done"
    assert all(m["added"] == m["updated"] == m["removed"] == 0 for m in months)
    assert sum(m["unchanged"] for m in months) == EXPECTED["canonical_in_columns.csv"]["lines"]
    assert float(net) == EXPECTED["canonical_in_columns.csv"]["net_sales"]


def test_cli_ingest_waits_and_prints_the_summary(ayni_db, loaded):
    _, other, _ = loaded
    result = ayni(ayni_db, "ingest", str(CANONICAL), "--company", "77.777.777-7", "--wait")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "líneas leídas: 2.502; cargadas: 2.502; rechazadas: 0; con advertencias: 0" in result.stdout
    with tenant(other.id) as conn:
        net = conn.execute(text("SELECT sum(net_sales) FROM marts.monthly_aggregations")).scalar()
    assert float(net) == EXPECTED["canonical_in_columns.csv"]["net_sales"]


def test_cli_ingest_refuses_an_unknown_company(ayni_db, loaded):
    result = ayni(ayni_db, "ingest", str(CANONICAL), "--company", "11.111.111-1")
    assert result.returncode == 1
    assert "no hay una empresa con RUT 11.111.111-1" in result.stderr
