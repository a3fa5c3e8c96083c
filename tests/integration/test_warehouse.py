"""The dbt warehouse on the demo companies, loaded through the real path (files → worker).

- reconciliation: every company's net sales, documents, units and lines are the same
  summed over the daily, weekly, monthly, quarterly and yearly marts and over the raw
  lines; product, customer and category months add up to the monthly totals;
- benchmarks: cells only where at least 10 opted-in companies contribute; opting three
  of the 12 minimarkets out leaves 9, and their cells disappear;
- incremental: after appends and replaces processed by the worker (scoped dbt runs),
  the nightly full-refresh build (with every dbt data and unit test) gives identical
  tables;
- row-level security on every mart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pandas as pd
import psycopg
import pytest
from rq.job import Job
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from ayni.core import uploads
from ayni.core.db import Role, app_tx, conninfo, engine, tenant
from ayni.usecases import companies, demo, ingest
from tests.conftest import ayni, run_worker
from workers import queue

pytestmark = pytest.mark.integration

DEMO_LINES = 60_000
TIME_MARTS = ("daily", "weekly", "monthly", "quarterly", "yearly")
DIMENSION_MARTS = {"product": "product_id", "customer": "customer_id", "category": "category"}
TENANT_MARTS = ([f"{g}_aggregations" for g in TIME_MARTS]
                + [f"{d}_aggregations" for d in DIMENSION_MARTS]
                + ["company_benchmark_position", "sales_lines"])
# What incremental runs maintain, compared with a full refresh.
INCREMENTAL_TABLES = (["staging.int_sales_lines", "staging.int_customer_first_purchase"]
                      + [f"marts.{g}_aggregations" for g in TIME_MARTS]
                      + [f"marts.{d}_aggregations" for d in DIMENSION_MARTS])


def _owner():
    return engine(Role.OWNER)


def _write(frame: pd.DataFrame, path) -> None:
    frame.to_csv(path, index=False, date_format="%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def warehouse(ayni_db):
    """The 26 demo companies with about 60,000 lines, uploaded as files and processed by a
    worker; the dbt project built once on the empty database first (no lines, no GabeDA
    tables: the models must build on a fresh database), so that the worker's runs are
    incremental from the start. The benchmarks are left to the worker's first run, as on
    a fresh installation (after that, the nightly build refreshes them)."""
    # `dbt run` loads no seed: a fresh installation builds with the seed of document types.
    empty = ayni(ayni_db, "dbt", "build", "--exclude", "tag:benchmark",
                 "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")
    assert empty.returncode == 0, empty.stdout[-3000:] + empty.stderr[-3000:]

    start, end = demo.default_range(demo.REFERENCE_DATE)
    specs = demo.scale_for_lines(demo.demo_companies(), start, end, DEMO_LINES)
    folder = ayni_db.data_dir / "warehouse"
    folder.mkdir()
    by_rut, upload_ids = {}, []
    for spec in specs:
        with _owner().begin() as conn:
            company = companies.create_company(conn, spec.name, spec.rut, spec.industry, spec.size)
        path = folder / f"{spec.rut}.csv"
        _write(demo.generate_lines(spec, start, end), path)
        upload_ids.append(ingest.submit_file(company.id, path))
        by_rut[spec.rut] = (company, spec)
    run_worker(ayni_db, timeout=900)
    return {"companies": by_rut, "specs": specs, "uploads": upload_ids, "range": (start, end),
            "folder": folder}


def _uploads_done(upload_ids: list[int]) -> list[uploads.Upload]:
    with engine(Role.WORKER).connect() as conn:
        return [uploads.get(conn, i) for i in upload_ids]


def test_every_demo_upload_is_processed(warehouse):
    done = _uploads_done(warehouse["uploads"])
    assert [(u.status, u.error) for u in done] == [("done", None)] * len(done)
    assert 50_000 < sum(u.lines_loaded for u in done) < 70_000


def _raw_totals(conn) -> dict[int, tuple]:
    rows = conn.execute(text(
        "SELECT company_id, sum(in_price_total), count(DISTINCT in_trans_id), sum(in_quantity), "
        "count(*) FROM raw.transactions GROUP BY 1")).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_time_grains_reconcile_with_the_raw_lines_for_every_company(warehouse):
    with _owner().connect() as conn:
        raw = _raw_totals(conn)
        assert len(raw) == len(warehouse["specs"])
        for grain in TIME_MARTS:
            marts = {r[0]: tuple(r[1:]) for r in conn.execute(text(
                f"SELECT company_id, sum(net_sales), sum(documents), sum(units), sum(lines) "
                f"FROM marts.{grain}_aggregations GROUP BY 1")).all()}
            assert marts == raw, grain


def test_dimension_months_add_up_to_the_monthly_totals(warehouse):
    with _owner().connect() as conn:
        monthly = {(r[0], r[1]): tuple(r[2:]) for r in conn.execute(text(
            "SELECT company_id, period_start, net_sales, units, lines, documents, "
            "unique_customers, new_customers FROM marts.monthly_aggregations")).all()}
        assert len(monthly) > 26 * 12
        for dimension, key in DIMENSION_MARTS.items():
            sums = {(r[0], r[1]): tuple(r[2:]) for r in conn.execute(text(
                f"SELECT company_id, period_start, sum(net_sales), sum(units), sum(lines), "
                f"sum(documents), sum(unique_customers), sum(new_customers), count({key}) "
                f"FROM marts.{dimension}_aggregations GROUP BY 1, 2")).all()}
            assert sums.keys() == monthly.keys(), dimension
            for month, (net, units, lines, documents, unique, new, keys) in sums.items():
                assert (net, units, lines) == monthly[month][:3], (dimension, month)
                assert keys > 0
                if dimension == "customer":  # a demo document has one customer or none
                    assert (documents, unique, new) == monthly[month][3:], month
        # Lines without a customer / category are kept under a label, not dropped.
        anonymous = conn.execute(text(
            "SELECT count(*), bool_and(NOT is_identified), sum(unique_customers) "
            "FROM marts.customer_aggregations WHERE customer_id = '(sin cliente)'")).one()
        assert anonymous[0] > 0 and anonymous[1] is True and anonymous[2] == 0


def test_new_and_returning_customers_follow_the_first_purchase(warehouse):
    with _owner().connect() as conn:
        first = {(r[0], r[1]): r[2] for r in conn.execute(text(
            "SELECT company_id, date_trunc('month', min(in_dt))::date, count(*) FROM ("
            "  SELECT company_id, in_customer_id, min(in_dt) AS in_dt FROM raw.transactions"
            "  WHERE in_customer_id IS NOT NULL AND in_quantity > 0 GROUP BY 1, 2) f"
            " GROUP BY company_id, date_trunc('month', in_dt)")).all()}
        monthly = {(r[0], r[1]): r[2] for r in conn.execute(text(
            "SELECT company_id, period_start, new_customers FROM marts.monthly_aggregations "
            "WHERE new_customers > 0")).all()}
        # the cohort on every month of a customer is their first purchase in the raw lines
        wrong_cohorts = conn.execute(text(
            "SELECT count(*) FROM marts.customer_aggregations c JOIN ("
            "  SELECT company_id, in_customer_id, min(in_dt)::date AS first FROM raw.transactions"
            "  WHERE in_customer_id IS NOT NULL AND in_quantity > 0 GROUP BY 1, 2) f"
            " ON f.company_id = c.company_id AND f.in_customer_id = c.customer_id"
            " WHERE c.first_purchase_date IS DISTINCT FROM f.first")).scalar()
    assert monthly == first
    assert wrong_cohorts == 0


def _benchmark_contributors(conn) -> dict[tuple, int]:
    """Per published-or-not cell of the monthly grain, the opted-in companies with a value,
    computed here from the monthly mart (independently of the dbt models)."""
    rows = conn.execute(text(
        "SELECT c.industry, m.period_start, count(*) FILTER (WHERE m.net_sales IS NOT NULL), "
        "count(m.net_sales_prev_pct) FROM marts.monthly_aggregations m "
        "JOIN app.companies c ON c.id = m.company_id WHERE c.benchmark_opt_in "
        "GROUP BY 1, 2")).all()
    cells = {}
    for industry, month, net_sales, growth in rows:
        cells[(industry, month, "net_sales")] = net_sales
        cells[(industry, month, "net_sales_prev_pct")] = growth
    return cells


def test_benchmarks_are_published_only_where_ten_companies_contribute(warehouse):
    with _owner().connect() as conn:
        published = conn.execute(text(
            "SELECT industry, period_type, period_start, metric, n_companies "
            "FROM marts.benchmarks")).all()
        contributors = _benchmark_contributors(conn)
    assert published, "the 12 demo minimarkets give benchmark cells"
    assert min(row.n_companies for row in published) >= 10
    assert {row.industry for row in published} == {"minimarket"}  # the others have 3-4 companies
    monthly = {(r.industry, r.period_start, r.metric): r.n_companies
               for r in published if r.period_type == "month"}
    for cell, n in contributors.items():
        if n >= 10:
            assert monthly.get(cell) == n, cell
        else:
            assert cell not in monthly, cell
    # Some cells have fewer than 10 contributors (growth needs a previous month), and they
    # are absent; the first month of the range has no growth at all.
    assert any(n < 10 for n in contributors.values())


def test_each_company_sees_its_position_and_the_published_cells(warehouse):
    company, _ = next(v for v in warehouse["companies"].values() if v[1].industry == "minimarket")
    other, _ = next(v for v in warehouse["companies"].values() if v[1].industry == "ferreteria")
    with tenant(company.id) as conn:
        mine = conn.execute(text(
            "SELECT count(*), count(DISTINCT company_id), min(percentile_rank), max(percentile_rank) "
            "FROM marts.company_benchmark_position")).one()
        cells = conn.execute(text("SELECT count(*) FROM marts.benchmarks")).scalar()
    assert mine[0] > 0 and mine[1] == 1 and 0 <= mine[2] <= mine[3] <= 100
    assert cells > 0
    with tenant(other.id) as conn:  # a ferreteria has no published cell to be placed in
        assert conn.execute(text("SELECT count(*) FROM marts.company_benchmark_position")).scalar() == 0


def test_row_level_security_on_every_mart(warehouse):
    company, _ = next(iter(warehouse["companies"].values()))
    with tenant(company.id) as conn:
        for mart in TENANT_MARTS:
            rows, others = conn.execute(text(
                f"SELECT count(*), count(*) FILTER (WHERE company_id <> :c) FROM marts.{mart}"),
                {"c": company.id}).one()
            assert rows > 0 and others == 0, mart
    with engine(Role.APP).connect() as conn:  # no company set: nothing
        for mart in TENANT_MARTS:
            assert conn.execute(text(f"SELECT count(*) FROM marts.{mart}")).scalar() == 0, mart
        # benchmarks carry no company: readable through a grant
        assert conn.execute(text("SELECT count(*) FROM marts.benchmarks")).scalar() > 0
    for relation in ("staging.int_sales_lines", "staging.stg_raw__transactions",
                     "staging.int_customer_first_purchase"):
        with pytest.raises(ProgrammingError, match="permission denied"), app_tx() as conn:
            conn.execute(text(f"SELECT 1 FROM {relation} LIMIT 1"))


def test_dbt_docs_and_source_freshness(ayni_db, warehouse):
    docs = ayni(ayni_db, "dbt", "docs", "generate")
    assert docs.returncode == 0, docs.stdout[-3000:]
    catalog = ayni_db.data_dir / "dbt" / "target" / "catalog.json"
    assert catalog.exists() and "benchmarks" in catalog.read_text()
    fresh = ayni(ayni_db, "dbt", "source", "freshness")
    assert fresh.returncode == 0, fresh.stdout[-3000:]
    assert "raw.transactions" in fresh.stdout


# --- incremental runs against a full refresh --------------------------------------------------


def _company(warehouse, index: int, industry: str = "minimarket"):
    found = [v for v in warehouse["companies"].values() if v[1].industry == industry]
    return found[index]


def _lines_of(spec, warehouse) -> pd.DataFrame:
    start, end = warehouse["range"]
    return demo.generate_lines(spec, start, end)


def _first_purchases(company_id: int) -> pd.DataFrame:
    with _owner().connect() as conn:
        return pd.read_sql(text(
            "SELECT customer_id, first_purchase_date FROM staging.int_customer_first_purchase "
            "WHERE company_id = :c"), conn, params={"c": company_id})


def _submit(company_id: int, frame: pd.DataFrame, path, **options) -> int:
    _write(frame, path)
    return ingest.submit_file(company_id, path, **options)


def _snapshot(schema: str) -> None:
    with psycopg.connect(conninfo(Role.OWNER), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
        for table in INCREMENTAL_TABLES:
            conn.execute(f"CREATE TABLE {schema}.{table.split('.')[1]} AS SELECT * FROM {table}")


def _differences(schema: str) -> dict[str, tuple[int, int, int]]:
    """Per table: (rows, rows only in the table, rows only in the snapshot)."""
    out = {}
    with psycopg.connect(conninfo(Role.OWNER)) as conn:
        for table in INCREMENTAL_TABLES:
            copy = f"{schema}.{table.split('.')[1]}"
            rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            only_new = conn.execute(f"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL "
                                    f"SELECT * FROM {copy}) d").fetchone()[0]
            only_old = conn.execute(f"SELECT count(*) FROM (SELECT * FROM {copy} EXCEPT ALL "
                                    f"SELECT * FROM {table}) d").fetchone()[0]
            out[table] = (rows, only_new, only_old)
    return out


@pytest.fixture(scope="module")
def incremental(ayni_db, warehouse):
    """Appends and replaces of four companies, processed by the worker in two batches
    (each one coalesced, scoped dbt run); then the warehouse as they left it is kept in
    schema `incremental` and the nightly job (dbt build --full-refresh) rebuilds it all."""
    folder = warehouse["folder"]
    start, end = warehouse["range"]
    a, spec_a = _company(warehouse, 0)
    b, spec_b = _company(warehouse, 1)
    c, spec_c = _company(warehouse, 2)
    d, spec_d = _company(warehouse, 0, "farmacia")
    before = {cid: _first_purchases(cid) for cid in (a.id, b.id, c.id, d.id)}
    batch = []

    # a: new documents over the last 10 days (a second register), with new customers.
    extra = demo.generate_lines(replace(spec_a, seed=spec_a.seed + 99), end - timedelta(days=9), end)
    extra["in_trans_id"] = "N" + extra["in_trans_id"].astype(str)
    batch.append(_submit(a.id, extra, folder / "a_append.csv"))

    # b: a month sent again with 10 % of the lines repriced and a few more lines.
    month = pd.Timestamp(start) + pd.DateOffset(months=4)
    lines = _lines_of(spec_b, warehouse)
    lines = lines[(lines.in_dt >= month) & (lines.in_dt < month + pd.DateOffset(months=1))].copy()
    repriced = lines.sample(frac=0.1, random_state=1).index
    lines.loc[repriced, "in_price_total"] += 100
    lines.loc[repriced, "in_margin"] += 100
    more = lines.head(20).copy()
    more["in_trans_id"] = "M" + more["in_trans_id"].astype(str)
    batch.append(_submit(b.id, pd.concat([lines, more]), folder / "b_update.csv"))

    # c: a month replaced by a file without a fifth of its documents and without any line
    # of customers whose first purchase is in that month (their first purchase moves later).
    month_c = pd.Timestamp(start) + pd.DateOffset(months=6)
    lines = _lines_of(spec_c, warehouse)
    lines = lines[(lines.in_dt >= month_c) & (lines.in_dt < month_c + pd.DateOffset(months=1))]
    firsts = before[c.id]
    new_there = set(firsts[(pd.to_datetime(firsts.first_purchase_date) >= month_c) &
                           (pd.to_datetime(firsts.first_purchase_date) < month_c + pd.DateOffset(months=1))]
                    .customer_id)
    assert new_there
    docs = lines.in_trans_id.drop_duplicates().sample(frac=0.8, random_state=2)
    kept = lines[lines.in_trans_id.isin(docs) & ~lines.in_customer_id.isin(new_there)]
    batch.append(_submit(c.id, kept, folder / "c_replace.csv", mode="replace"))
    run_worker(ayni_db)
    windows = [_rebuild_windows()]

    # d (second batch): customers whose first purchase is late buy early on (their first
    # purchase moves earlier, out of the month it was in), and a day is replaced by nothing
    # but one line (every other line of that day goes).
    firsts = before[d.id]
    late = firsts.sort_values("first_purchase_date").tail(5).customer_id.tolist()
    early_day = pd.Timestamp(start) + pd.DateOffset(months=1, days=3)
    template = _lines_of(spec_d, warehouse).head(len(late)).copy()
    template["in_customer_id"] = late
    template["in_trans_id"] = [f"E{i}" for i in range(len(late))]
    template["in_dt"] = early_day + pd.Timedelta(hours=12)
    second = [_submit(d.id, template, folder / "d_append.csv")]
    lines = _lines_of(spec_d, warehouse)
    day = lines[lines.in_dt >= pd.Timestamp(end) - pd.Timedelta(days=40)].in_dt.min().normalize()
    one_day = lines[(lines.in_dt >= day) & (lines.in_dt < day + pd.Timedelta(days=1))].head(1)
    assert len(one_day) == 1
    second.append(_submit(d.id, one_day, folder / "d_replace.csv", mode="replace"))
    run_worker(ayni_db)
    windows.append(_rebuild_windows())

    uploaded = batch + second
    after = {cid: _first_purchases(cid) for cid in (a.id, c.id, d.id)}
    _snapshot("incremental")
    tested = ayni(ayni_db, "dbt", "test")  # every data test on the incrementally built state
    nightly = queue.queue(queue.AGGREGATE).enqueue("workers.jobs.scheduled_build")
    run_worker(ayni_db)
    nightly = Job.fetch(nightly.id, connection=queue.connection())
    assert nightly.get_status() == "finished", nightly.latest_result().exc_string
    return {"uploads": uploaded, "before": before, "after": after, "ids": (a.id, b.id, c.id, d.id),
            "tested": tested, "windows": windows}


def _rebuild_windows() -> dict[str, set[int]]:
    """What the worker's last dbt run rebuilt: per grain, the companies with windows."""
    with _owner().connect() as conn:
        rows = conn.execute(text("SELECT grain, company_id FROM staging.int_rebuild_windows")).all()
    out: dict[str, set[int]] = {}
    for grain, company_id in rows:
        out.setdefault(grain, set()).add(company_id)
    return out


def test_appends_and_replaces_are_processed(incremental):
    done = _uploads_done(incremental["uploads"])
    assert [(u.status, u.error) for u in done] == [("done", None)] * len(done)
    modes = [u.mode for u in done]
    assert modes.count("replace") == 2


def test_the_worker_ran_scoped_incremental_builds(incremental):
    a, b, c, d = incremental["ids"]
    first, second = incremental["windows"]
    # each batch was one dbt run rebuilding only its companies' windows, at every grain
    assert first == {g: {a, b, c} for g in ("day", "week", "month", "quarter", "year")}
    assert second == {g: {d} for g in ("day", "week", "month", "quarter", "year")}
    with _owner().connect() as conn:
        d_months = conn.execute(text(
            "SELECT count(*) FROM staging.int_rebuild_windows WHERE company_id = :d"),
            {"d": d}).scalar()
    assert d_months == 0  # the nightly full build that followed has no scope


def test_uploads_leave_the_staging_views_alone_unless_the_project_changed(incremental):
    from workers import jobs

    redis = queue.connection()
    assert redis.get(jobs.VIEWS_BUILT) == jobs._project_fingerprint().encode()
    assert jobs._stale_views(redis) is None
    redis.set(jobs.VIEWS_BUILT, "an older project")
    assert jobs._stale_views(redis) == jobs._project_fingerprint()
    redis.set(jobs.VIEWS_BUILT, jobs._project_fingerprint())


def test_the_changes_moved_first_purchases(incremental):
    a, _, c, d = incremental["ids"]
    before, after = incremental["before"], incremental["after"]
    for company_id in (c, d):  # moved later (c) and earlier (d): outside the changed range
        merged = before[company_id].merge(after[company_id], on="customer_id", how="outer")
        assert (merged.first_purchase_date_x != merged.first_purchase_date_y).any(), company_id
    assert len(after[a]) > len(before[a])  # new customers at the end


def test_data_tests_pass_on_the_incremental_state(incremental):
    result = incremental["tested"]
    assert result.returncode == 0, result.stdout[-4000:]
    assert "ERROR=0" in result.stdout


def test_full_refresh_gives_identical_tables(incremental):
    # The nightly job ran `dbt build --full-refresh`: every model rebuilt from the lines,
    # every dbt data test and unit test passed (the job fails otherwise).
    differences = _differences("incremental")
    assert {t: d[1:] for t, d in differences.items()} == {t: (0, 0) for t in INCREMENTAL_TABLES}
    assert all(rows > 0 for rows, _, _ in differences.values())




def test_processed_lines_survive_scoped_runs_and_the_nightly_build(incremental):
    # sales_lines is a view the worker's scoped runs leave alone and the nightly build
    # replaces: after both it still shows each company its lines, and only them.
    with _owner().connect() as conn:
        raw = {r[0]: tuple(r[1:]) for r in conn.execute(text(
            "SELECT company_id, count(*), sum(abs(in_price_total)) FROM raw.transactions "
            "GROUP BY 1")).all()}
        monthly = {r[0]: r[1] for r in conn.execute(text(
            "SELECT company_id, sum(net_sales) FROM marts.monthly_aggregations GROUP BY 1")).all()}
    for company_id in incremental["ids"]:
        with tenant(company_id) as conn:
            lines = conn.execute(text(
                "SELECT count(*), sum(abs(line_total)), sum(line_total), "
                "count(*) FILTER (WHERE company_id <> :c) FROM marts.sales_lines"),
                {"c": company_id}).one()
        assert lines[:2] == raw[company_id] and lines[2] == monthly[company_id], company_id
        assert lines[3] == 0


def test_opted_out_companies_neither_contribute_nor_see_benchmarks(ayni_db, incremental, warehouse):
    minimarkets = [v[0] for v in warehouse["companies"].values() if v[1].industry == "minimarket"]
    assert len(minimarkets) == 12
    out = [m.id for m in minimarkets[:3]]
    with _owner().begin() as conn:
        conn.execute(text("UPDATE app.companies SET benchmark_opt_in = false WHERE id = ANY(:ids)"),
                     {"ids": out})
    rebuilt = ayni(ayni_db, "dbt", "build", "--select", "tag:benchmark")
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    with _owner().connect() as conn:
        # 9 minimarkets left: every minimarket cell has at most 9 companies, so none is published
        nine = conn.execute(text(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM staging.int_benchmark_values "
            "WHERE industry = 'minimarket' GROUP BY period_type, period_start, metric) c")).scalar()
        assert nine == 9
        assert conn.execute(text("SELECT count(*) FROM marts.benchmarks")).scalar() == 0
        assert conn.execute(text(
            "SELECT count(*) FROM marts.company_benchmark_position")).scalar() == 0
        contributing = conn.execute(text(
            "SELECT count(*) FROM staging.int_benchmark_values WHERE company_id = ANY(:ids)"),
            {"ids": out}).scalar()
    assert contributing == 0
    for company_id in out:
        with tenant(company_id) as conn:
            assert conn.execute(text(
                "SELECT count(*) FROM marts.company_benchmark_position")).scalar() == 0
    with _owner().begin() as conn:
        conn.execute(text("UPDATE app.companies SET benchmark_opt_in = true WHERE id = ANY(:ids)"),
                     {"ids": out})
    again = ayni(ayni_db, "dbt", "run", "--select", "tag:benchmark")
    assert again.returncode == 0, again.stdout[-3000:]
    with _owner().connect() as conn:
        low, high = conn.execute(text(
            "SELECT min(n_companies), max(n_companies) FROM marts.benchmarks")).one()
    assert 10 <= low and high == 12
