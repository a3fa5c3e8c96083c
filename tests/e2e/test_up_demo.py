"""`ayni up --demo` on embedded services, used through a real browser, then stopped with Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import psutil
import psycopg
import pytest

from ayni import services
from ayni.settings import Settings
from streamlit_app import formatting
from tests.conftest import free_port
from tests.e2e.conftest import log_in, screenshot, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.embedded]


class Output:
    """Collects a process's output lines in the background so waiting never blocks on a pipe."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            time.sleep(0.2)
        raise AssertionError(f"no {text!r} within {timeout}s:\n" + "\n".join(self.lines))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def wait_for_uploads(conninfo: str, timeout: float) -> list[tuple]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with psycopg.connect(conninfo) as conn:
            rows = conn.execute("SELECT id, status, error FROM app.uploads").fetchall()
        if rows and all(status in ("done", "failed") for _, status, _ in rows):
            return rows
        time.sleep(1)
    raise AssertionError(f"demo uploads not finished after {timeout}s: {rows}")


def test_up_demo_dashboard_matches_raw_lines_and_ctrl_c_stops_everything(tmp_path, page):
    data_dir = tmp_path / "ayni-data"
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("AYNI_DATABASE_URL", "AYNI_REDIS_URL")}
    env.update(AYNI_DATA_DIR=str(data_dir), AYNI_VALKEY_PORT=str(free_port()),
               AYNI_STREAMLIT_PORT=str(port), AYNI_ENV="dev")
    process = subprocess.Popen(
        [sys.executable, "-m", "ayni.cli", "up", "--demo", "--demo-lines", "30000"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    output = Output(process)
    settings = Settings(_env_file=None, data_dir=data_dir)
    try:
        output.wait_for("AYNI is up", timeout=180)
        conninfo = services.database_url(settings).replace("postgresql+psycopg", "postgresql")
        uploads = wait_for_uploads(conninfo, timeout=420)
        assert len(uploads) >= 20 and all(s == "done" for _, s, _ in uploads), uploads

        with psycopg.connect(conninfo) as conn:
            company_id, name = conn.execute(
                "SELECT id, name FROM app.companies ORDER BY name LIMIT 1").fetchone()
            monthly = conn.execute(
                "SELECT date_trunc('month', in_dt)::date, sum(in_price_total)::bigint "
                "FROM raw.transactions WHERE company_id = %s GROUP BY 1 ORDER BY 1",
                (company_id,)).fetchall()
        assert len(monthly) >= 12

        log_in(page, f"http://localhost:{port}", "admin@ayni.cl", "gabe123123")
        page.get_by_role("heading", name="Resumen del negocio").first.wait_for()
        wait_idle(page)
        page.get_by_text(name).first.wait_for()
        chart = page.locator(".js-plotly-plot").first
        chart.wait_for()
        # The chart's hover labels carry each month's net sales in pesos.
        shown = chart.evaluate("el => Array.from(el.data[0].customdata)")
        assert shown == [formatting.money(total) for _, total in monthly]
        # The card of the latest month, formatted the Chilean way.
        card = page.locator('[data-testid="stMetric"]').filter(has_text="Ventas").first
        assert formatting.money(monthly[-1][1]) in card.inner_text()
        screenshot(page, "owner_dashboard")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise

    assert process.returncode == 0, output.text
    children = [int(m) for m in re.findall(r"started \S+ \(pid (\d+)", output.text)]
    assert len(children) == 3  # worker, scheduler, streamlit
    alive = [pid for pid in children if psutil.pid_exists(pid)
             and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert alive == [], output.text
    assert not (data_dir / "postgres" / "postmaster.pid").exists()
    assert not (data_dir / "valkey" / "valkey.pid").exists()
    leftovers = [p.info["cmdline"] for p in psutil.process_iter(["cmdline"])
                 if str(data_dir) in " ".join(p.info["cmdline"] or [])]
    assert leftovers == []
    assert "stopped embedded PostgreSQL" in output.text and "stopped embedded Valkey" in output.text
