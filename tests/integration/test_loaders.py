"""Real exports through `ayni ingest`, a real worker and PostgreSQL: totals, reasons, re-uploads,
a worker killed in the middle of a load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import psutil
import psycopg
import pytest
from sqlalchemy import text

from ayni.core import formatting, uploads
from ayni.core.db import Role, conninfo, engine, tenant
from ayni.usecases import companies, ingest
from ayni.usecases.roles import Actor
from loaders.mapping import propose
from loaders.report import read_report
from loaders.source import open_source
from tests.conftest import EXPECTED, SHARED_DATA, ayni, run_worker

pytestmark = pytest.mark.integration
RUTS = iter(["76.086.428-5", "96.790.240-3", "77.777.777-7", "78.123.456-7", "79.543.210-8",
             "80.111.222-6", "81.333.444-5", "82.555.666-4", "83.777.888-3", "84.999.000-4",
             "85.111.333-9"])


def new_company(name: str, industry: str = "minimarket") -> companies.Company:
    with engine(Role.OWNER).begin() as conn:
        return companies.create_company(conn, name, next(RUTS), industry, "small")


def wait_for_no_open_transaction(timeout_s: float = 60) -> None:
    """Until no other session of the test database is in a transaction: the backend of a
    killed worker ends (rolling its transaction back) once PostgreSQL notices the socket."""
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(conninfo(Role.OWNER), autocommit=True) as conn:
        while True:
            open_ = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL").fetchone()[0]
            if not open_:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{open_} transactions still open after {timeout_s}s")
            time.sleep(0.05)


def raw_totals(company_id: int) -> dict:
    with psycopg.connect(conninfo(Role.OWNER)) as conn:
        row = conn.execute(
            "SELECT count(*), count(DISTINCT in_trans_id), coalesce(sum(in_price_total), 0), "
            "coalesce(sum(in_quantity), 0), min(in_dt)::date, max(in_dt)::date "
            "FROM raw.transactions WHERE company_id = %s", (company_id,)).fetchone()
    return {"lines": row[0], "documents": row[1], "net_sales": float(row[2]),
            "units": float(row[3]), "first_day": str(row[4]), "last_day": str(row[5])}


def months_of(upload_id: int, company_id: int) -> list[dict]:
    with tenant(company_id) as conn:
        return uploads.data_updates(conn, upload_id)


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_every_sample_export_loads_with_its_totals(ayni_db, sample):
    company = new_company(f"Muestra {sample}")
    path = SHARED_DATA / sample
    first = ayni(ayni_db, "ingest", str(path), "--company", company.rut, "--wait")
    if sample == "canonical_in_columns.csv":
        assert first.returncode == 0, first.stdout + first.stderr
    else:
        # A header seen for the first time: the proposal is shown and nothing is loaded.
        assert first.returncode == 2, first.stdout + first.stderr
        assert "--accept-mapping NOMBRE" in first.stdout
        assert "in_dt" in first.stdout and "in_price_total" in first.stdout
        assert raw_totals(company.id)["lines"] == 0
        first = ayni(ayni_db, "ingest", str(path), "--company", company.rut,
                     "--accept-mapping", "mi sistema", "--wait")
        assert first.returncode == 0, first.stdout + first.stderr
    expected = EXPECTED[sample]
    assert f"cargadas: {formatting.number(expected['lines'])}; rechazadas: 0" in first.stdout
    assert raw_totals(company.id) == pytest.approx(expected)
    with tenant(company.id) as conn:
        marts = conn.execute(text(
            "SELECT sum(net_sales), sum(lines), sum(units) FROM marts.daily_aggregations")).one()
    assert [float(v) for v in marts] == pytest.approx(
        [expected["net_sales"], expected["lines"], expected["units"]])


def test_a_later_file_with_the_same_header_uses_the_saved_mapping(ayni_db):
    company = new_company("Almacén Recurrente")
    path = SHARED_DATA / "planilla_latin1_semicolon.csv"
    accepted = ayni(ayni_db, "ingest", str(path), "--company", company.rut,
                    "--accept-mapping", "planilla", "--wait")
    assert accepted.returncode == 0, accepted.stderr
    edited = ayni_db.data_dir / "planilla_octubre.csv"
    edited.write_bytes(path.read_bytes().replace(b"/09/2025", b"/10/2025"))
    second = ayni(ayni_db, "ingest", str(edited), "--company", company.rut, "--wait")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "se usa el mapeo guardado «planilla»" in second.stdout
    # Same documents and products with new dates: the same lines, updated, not new ones.
    lines = EXPECTED["planilla_latin1_semicolon.csv"]["lines"]
    assert "2025-10: 0 → 1.461 líneas (agregadas 0, actualizadas 1.461" in second.stdout
    assert raw_totals(company.id)["lines"] == lines
    assert raw_totals(company.id)["first_day"] == "2025-10-01"


def test_bad_lines_are_reported_with_the_expected_reasons(ayni_db):
    company = new_company("Almacén Errores")
    path = SHARED_DATA / "lineas_con_errores.csv"
    expected = pd.read_json(SHARED_DATA / "lineas_con_errores.expected.json", typ="series")
    refused = ayni(ayni_db, "ingest", str(path), "--company", company.rut,
                   "--accept-mapping", "errores", "--wait")
    assert refused.returncode == 1
    assert "9 de 11 líneas tienen errores" in refused.stderr
    assert "no se cargó ninguna línea" in refused.stderr
    assert raw_totals(company.id)["lines"] == 0

    loaded = ayni(ayni_db, "ingest", str(path), "--company", company.rut, "--max-error-pct", "100",
                  "--yes", "--wait")
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert raw_totals(company.id)["lines"] == expected["loaded_lines"]
    report_path = loaded.stdout.split("reporte de errores: ")[1].strip()
    report = read_report(report_path)
    assert sorted(zip(report["linea"], report["codigo"])) == sorted(
        (r["line"], r["reason_code"]) for r in expected["rejected"])
    assert set(report["gravedad"]) == {"rechazada"}
    assert report.set_index("linea").loc[8, "valor"] == "dos"
    assert report.set_index("linea").loc[8, "motivo"] == "número ilegible"


def test_same_file_twice_changes_nothing_and_replace_takes_the_edits(ayni_db):
    company = new_company("Almacén Reemplazos")
    path = SHARED_DATA / "pos_export_cl.csv"
    expected = EXPECTED["pos_export_cl.csv"]
    first = ayni(ayni_db, "ingest", str(path), "--company", company.rut,
                 "--accept-mapping", "pos", "--wait")
    assert first.returncode == 0, first.stderr

    again = ayni(ayni_db, "ingest", str(path), "--company", company.rut, "--wait")
    assert again.returncode == 1
    assert "ya se subió" in again.stderr and "--yes" in again.stderr

    forced = ayni(ayni_db, "ingest", str(path), "--company", company.rut, "--yes", "--wait")
    assert forced.returncode == 0, forced.stderr
    with tenant(company.id) as conn:
        last = uploads.for_company(conn, company.id, limit=1)[0]
    months = months_of(last.id, company.id)
    assert sum(m["unchanged"] for m in months) == expected["lines"]
    assert all(m["added"] == m["updated"] == m["removed"] == 0 for m in months)
    assert all(m["lines_before"] == m["lines_after"] for m in months)
    assert raw_totals(company.id) == pytest.approx(expected)

    # September edited: one line's total doubled, the last document's lines dropped.
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    last_doc = body[-1].split(",")[2]
    kept = [line for line in body if line.split(",")[2] != last_doc]
    dropped = len(body) - len(kept)
    first_sep = next(i for i, line in enumerate(kept) if line.startswith("01-09-2025"))
    cells = kept[first_sep].split(",")
    old_total = cells[-1]
    cells[-1] = f"{int(old_total.replace('.', '')) * 2:,}".replace(",", ".")
    kept[first_sep] = ",".join(cells)
    september = [line for line in kept if "-09-2025" in line.split(",")[0]]
    edited = ayni_db.data_dir / "pos_septiembre_corregido.csv"
    edited.write_text("\n".join([header] + september) + "\n", encoding="utf-8-sig")

    replaced = ayni(ayni_db, "ingest", str(edited), "--company", company.rut, "--mode", "replace",
                    "--wait")
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    with tenant(company.id) as conn:
        upload = uploads.for_company(conn, company.id, limit=1)[0]
    (september_update,) = months_of(upload.id, company.id)
    assert str(september_update["month"]) == "2025-09-01"
    assert september_update["updated"] == 1
    assert september_update["removed"] == dropped
    assert september_update["added"] == 0
    assert september_update["lines_after"] == september_update["lines_before"] - dropped
    totals = raw_totals(company.id)
    old = int(old_total.replace(".", ""))
    dropped_sales = sum(int(line.split(",")[-1].replace(".", "")) for line in body
                        if line.split(",")[2] == last_doc)
    assert totals["lines"] == expected["lines"] - dropped
    assert totals["net_sales"] == expected["net_sales"] + old - dropped_sales


def test_a_worker_killed_during_a_load_leaves_nothing_and_the_retry_is_exact(ayni_db):
    from bench.ingest import make_files

    messy, _, good = make_files(ayni_db.data_dir / "big", 400_000)
    company = new_company("Almacén Interrumpido")
    source = open_source(messy)
    mapping, _ = propose(source.preview(2000).frame)
    upload_id = ingest.submit(company.id, messy.name, messy, actor=Actor.operator(),
                              mapping=mapping, source_format=source.format)
    worker = subprocess.Popen([sys.executable, "-m", "ayni.cli", "worker"], env=ayni_db.env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with tenant(company.id) as conn:
                upload = uploads.get(conn, upload_id)
            if upload.stage == "load" and upload.percent >= 10:
                break
            time.sleep(0.02)
        else:
            pytest.fail(f"the load never got going: {upload}")
        # The work horse runs in a session of its own (RQ forks it with setsid): kill it first.
        for process in psutil.Process(worker.pid).children(recursive=True):
            process.send_signal(signal.SIGKILL)
        os.killpg(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    assert upload.status == "running" and 10 <= upload.percent < 60
    wait_for_no_open_transaction()  # PostgreSQL noticed the dropped connection
    assert raw_totals(company.id)["lines"] == 0

    ingest.retry(company.id, upload_id, actor=Actor.operator())
    run_worker(ayni_db)
    with tenant(company.id) as conn:
        done = uploads.get(conn, upload_id)
        months = uploads.data_updates(conn, upload_id)
    assert (done.status, done.lines_loaded) == ("done", good)
    assert raw_totals(company.id)["lines"] == good
    assert sum(m["added"] for m in months) == good, months
