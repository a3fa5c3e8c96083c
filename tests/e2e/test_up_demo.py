"""`ayni up --demo` on embedded services, used through a real browser, then stopped with Ctrl-C.

The tests share one running stack and run in file order; the last one stops it. The demo is
that of a fixed day (`--demo-as-of`), the same lines whatever day the tests run.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ayni.core import formatting, services
from ayni.core.settings import Settings
from streamlit_app.i18n import CATALOGUE
from tests.conftest import EXPECTED, SHARED_DATA, free_port
from tests.e2e.conftest import log_in, new_page, screenshot, screenshot_if_failed, traces, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.embedded]

DEMO_AS_OF = "2026-11-30"  # the demo's 13 months: October 2025 to October 2026


class Output:
    """Collects a process's output lines in the background so waiting never blocks on a pipe."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            time.sleep(0.2)
        raise AssertionError(f"no {text!r} within {timeout}s:\n" + self.text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Stack:
    process: subprocess.Popen
    output: Output
    data_dir: Path
    env: dict
    url: str
    conninfo: str = ""

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        try:
            return self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise


def wait_for_uploads(conninfo: str, timeout: float) -> list[tuple]:
    deadline = time.monotonic() + timeout
    rows: list[tuple] = []
    while time.monotonic() < deadline:
        with psycopg.connect(conninfo) as conn:
            rows = conn.execute("SELECT id, status, error FROM app.uploads").fetchall()
        if rows and all(status in ("done", "failed") for _, status, _ in rows):
            return rows
        time.sleep(1)
    raise AssertionError(f"uploads not finished after {timeout}s: {rows}")


@pytest.fixture(scope="module")
def stack():
    # Outside pytest's /tmp/pytest-of-<user>: embedded PostgreSQL runs as a user of its own,
    # and another pytest session of the same user closes that folder (mode 0700) under it.
    home = Path(tempfile.mkdtemp(prefix="ayni-up-"))
    home.chmod(0o755)
    data_dir = home / "ayni-data"
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("AYNI_DATABASE_URL", "AYNI_REDIS_URL")}
    env.update(AYNI_DATA_DIR=str(data_dir), AYNI_VALKEY_PORT=str(free_port()),
               AYNI_STREAMLIT_PORT=str(port), AYNI_ENV="dev")
    process = subprocess.Popen(
        [sys.executable, "-m", "ayni.cli", "up", "--demo", "--demo-lines", "30000",
         "--demo-as-of", DEMO_AS_OF],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    running = Stack(process, Output(process), data_dir, env, f"http://localhost:{port}")
    try:
        running.output.wait_for("AYNI está en marcha", timeout=180)
        settings = Settings(_env_file=None, data_dir=data_dir)
        running.conninfo = services.database_url(settings).replace("postgresql+psycopg",
                                                                   "postgresql")
        yield running
    finally:
        running.stop()
        shutil.rmtree(home, ignore_errors=True)


def test_demo_is_processed(stack):
    uploads = wait_for_uploads(stack.conninfo, timeout=420)
    assert len(uploads) >= 20
    assert [u for u in uploads if u[1] != "done"] == []
    # Once every upload is done, `ayni up` says so, with what the database holds.
    stack.output.wait_for("Demo lista:", timeout=30)
    (ready,) = [line for line in stack.output.lines if line.startswith("Demo lista:")]
    with psycopg.connect(stack.conninfo) as conn:
        companies, lines, first, last = conn.execute(
            "SELECT count(DISTINCT company_id), count(*), min(in_dt)::date, max(in_dt)::date "
            "FROM raw.transactions").fetchone()
    assert companies == len(uploads)
    assert ready == (f"Demo lista: {companies} empresas, {formatting.number(lines)} líneas "
                     f"procesadas. Abre {stack.url} e inicia sesión como admin@ayni.cl / "
                     "gabe123123")
    assert "La demo falló" not in stack.output.text
    assert str(first) >= "2025-10-01" and str(last) <= "2026-10-31"


@pytest.fixture(scope="module")
def admin_session(stack, browser):
    """The admin logged in once for the dashboards of the demo's first company."""
    pg = new_page(browser)
    log_in(pg, stack.url, "admin@ayni.cl", "gabe123123")
    yield pg
    pg.context.close()


@pytest.fixture
def admin(admin_session, request):
    yield admin_session
    screenshot_if_failed(admin_session, request)


def _plot(page, key: str, expression: str, want=None):
    """`expression` (JS over the chart `el`) of the chart with this key once drawn; with
    `want`, first wait until it gives that (a busy machine can still show an earlier run's
    chart for a moment; on a timeout the caller's assertion shows what is there)."""
    plot = page.locator(f".st-key-{key} .js-plotly-plot")
    plot.wait_for()
    if want is not None:
        try:
            page.wait_for_function(
                "([el, want]) => !!el.data && JSON.stringify((el => " + expression + ")(el))"
                " === JSON.stringify(want)", arg=[plot.element_handle(), want], timeout=30_000)
        except PlaywrightTimeoutError:
            pass
    return plot.evaluate("el => " + expression)


def test_owner_dashboard_matches_raw_lines_to_the_peso(stack, admin):
    """The owner page of a demo company opens on its last complete month with a change on
    every card, and «¿Qué cambió?» splits the change exactly: every split's parts add up to
    it to the peso, checked against the raw lines."""
    page = admin
    with psycopg.connect(stack.conninfo) as conn:
        company_id, name = conn.execute(
            "SELECT id, name FROM app.companies ORDER BY name LIMIT 1").fetchone()
        monthly = conn.execute(
            "SELECT date_trunc('month', in_dt)::date, sum(in_price_total)::bigint "
            "FROM raw.transactions WHERE company_id = %s GROUP BY 1 ORDER BY 1",
            (company_id,)).fetchall()
    assert len(monthly) == 13  # October 2025 to October 2026

    page.get_by_role("heading", name="Resumen del negocio").first.wait_for()
    wait_idle(page)
    page.get_by_text(name).first.wait_for()
    expected = [formatting.money(total) for _, total in monthly]
    assert _plot(page, "owner_trend", "Array.from(el.data[0].customdata)", expected) == expected

    # The last complete month, October 2026, against September: a change on every card.
    (_, before), (_, now) = monthly[-2], monthly[-1]
    cards = page.locator('[data-testid="stMetric"]')
    assert cards.count() == 5
    for i in range(5):
        delta = cards.nth(i).locator('[data-testid="stMetricDelta"]').inner_text()
        assert delta.endswith("vs. septiembre de 2026"), delta
    sales = cards.filter(has_text="Ventas").first.inner_text()
    assert formatting.money(now) in sales
    assert formatting.signed_percent(100 * (now - before) / before) in sales

    # ¿Qué cambió?: from September's sales to October's, whatever the split.
    difference = now - before
    word = "subieron" if difference > 0 else "bajaron"
    page.get_by_text(f"Las ventas de octubre de 2026 {word} "
                     f"{formatting.money(abs(difference))}").wait_for()
    for option, second in (("Productos", None), ("Nuevos y recurrentes", "Clientes nuevos"),
                           ("Documentos y ticket", "Más o menos documentos")):
        if second is not None:
            page.locator(".st-key-change_by").get_by_text(option, exact=True).click()
            wait_idle(page)
            _plot(page, "owner_waterfall", "el.data[0].x[1]", second)
        y = _plot(page, "owner_waterfall", "Array.from(el.data[0].y)")
        assert (y[0], y[-1]) == (before, now), option
        assert sum(y[1:-1]) == difference, option
    screenshot(page, "owner_dashboard")


def test_benchmarks_place_a_minimarket_among_its_peers(stack, admin):
    """The admin's first company is one of the 12 opted-in demo minimarkets: its position in
    the latest published month, on the owner page and the benchmarks page."""
    with psycopg.connect(stack.conninfo) as conn:
        company_id, industry = conn.execute(
            "SELECT id, industry FROM app.companies ORDER BY name LIMIT 1").fetchone()
        cells = conn.execute(
            "SELECT metric, value, percentile_rank, n_companies, p50 "
            "FROM marts.company_benchmark_position WHERE company_id = %(c)s "
            "AND period_type = 'month' AND period_start = (SELECT max(period_start) FROM "
            "marts.company_benchmark_position WHERE company_id = %(c)s AND period_type = 'month')",
            {"c": company_id}).fetchall()
    assert industry == "minimarket" and len(cells) >= 5, cells
    es = {key: value[0] for key, value in CATALOGUE.items()}
    label = {m: es[f"bench.metric.{m}"] for m, *_ in cells}

    admin.get_by_role("link", name="Resumen del dueño").click()
    admin.get_by_role("heading", name="Resumen del negocio").first.wait_for()
    wait_idle(admin)
    for metric, _, rank, _, _ in cells:
        admin.get_by_text(es["owner.peer_rank"].format(
            metric=label[metric], value=formatting.number(rank))).wait_for()

    admin.get_by_role("link", name="Comparación con el rubro").click()
    admin.get_by_role("heading", name="Comparación con el rubro").first.wait_for()
    wait_idle(admin)
    n = formatting.number(max(c[3] for c in cells))
    admin.get_by_text(es["bench.compared"].split(" · ")[0].format(n=n)).first.wait_for()
    for metric, value, rank, _, p50 in cells:
        def show(v, metric=metric):
            v = float(v)
            if metric in ("net_sales", "avg_ticket"):
                return formatting.money(v)
            if metric.endswith("_pct"):
                return formatting.percent(v)
            return formatting.number(v, decimals=0 if v.is_integer() else 1)
        admin.get_by_text(f"{label[metric]} · "
                          + es["bench.position"].format(value=formatting.number(rank))).wait_for()
        band, median, mine = traces(admin, f"bench_{metric}")
        assert (median["customdata"], mine["customdata"]) == ([show(p50)], [show(value)])
    screenshot(admin, "dashboard_benchmarks")


def test_upload_in_the_browser_shows_progress_until_done(stack, page):
    created = subprocess.run(
        [sys.executable, "-m", "ayni.cli", "company", "create", "--name", "Zapatería Subida",
         "--rut", "76.543.210-3", "--industry", "vestuario", "--size", "micro"],
        env=stack.env, capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    log_in(page, stack.url, "admin@ayni.cl", "gabe123123")
    wait_idle(page)
    page.get_by_label("Empresa").click()
    page.keyboard.type("Zapatería")  # the option list is virtual: filter it first
    page.get_by_role("option", name=re.compile("Zapatería Subida")).click()
    wait_idle(page)
    page.get_by_role("link", name="Subir ventas").click()
    page.get_by_role("heading", name="Subir ventas").first.wait_for()
    # No wait_idle here: the monitor fragment reruns every second on this page.
    page.locator('input[type="file"]').set_input_files(str(SHARED_DATA / "pos_export_cl.csv"))
    # A header seen for the first time: the proposal is shown with its preview.
    page.get_by_text("Primera vez que vemos este encabezado").wait_for()
    page.get_by_role("heading", name=re.compile("Vista previa")).wait_for()
    screenshot(page, "upload_mapping")
    page.get_by_role("button", name="Procesar").click()
    progress = page.get_by_text(re.compile(r"pos_export_cl\.csv: .*%"))
    progress.first.wait_for()
    expected = EXPECTED["pos_export_cl.csv"]
    page.get_by_text(f"{formatting.number(expected['lines'])} líneas cargadas, 0 rechazadas").wait_for(
        timeout=180_000)
    page.get_by_text("Cambios por mes").wait_for()
    screenshot(page, "upload_done")
    with psycopg.connect(stack.conninfo) as conn:
        net = conn.execute(
            "SELECT sum(m.net_sales) FROM marts.monthly_aggregations m "
            "JOIN app.companies c ON c.id = m.company_id WHERE c.rut = '76543210-3'").fetchone()[0]
    assert net == expected["net_sales"]


def test_ctrl_c_stops_everything_it_started(stack):
    assert stack.stop() == 0, stack.output.text
    text = stack.output.text
    children = [int(m) for m in re.findall(r"iniciado \S+ \(pid (\d+)", text)]
    assert len(children) == 3  # worker, scheduler, streamlit
    alive = [pid for pid in children if psutil.pid_exists(pid)
             and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert alive == [], text
    assert not (stack.data_dir / "postgres" / "postmaster.pid").exists()
    assert not (stack.data_dir / "valkey" / "valkey.pid").exists()
    leftovers = [p.info["cmdline"] for p in psutil.process_iter(["cmdline"])
                 if str(stack.data_dir) in " ".join(p.info["cmdline"] or [])]
    assert leftovers == []
    assert "detenido PostgreSQL embebido" in text and "detenido Valkey embebido" in text
