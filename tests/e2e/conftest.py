"""Browser fixtures: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: `./run test` installs Debian's chromium package")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def new_page(browser):
    """A page in a context of its own (its own cookies); close it with page.context.close()."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-CL")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    return pg


def screenshot_if_failed(page, request) -> None:
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot(page, f"failed-{request.node.name}")  # what the browser showed


@pytest.fixture
def page(browser, request):
    pg = new_page(browser)
    yield pg
    screenshot_if_failed(pg, request)
    try:
        if pg.url.startswith("http"):
            assert_no_generic_error(pg)  # what the test left on screen did not fail either
    finally:
        pg.context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_generic_error(page) -> None:
    """The rendered page shows neither app.py's generic error (a page that raised: the
    traceback is in the app's log) nor Streamlit's own exception box."""
    from tests.conftest import generic_error_texts

    shown = page.evaluate("""(generic) => {
        const text = document.body ? document.body.innerText : '';
        const found = generic.filter(g => text.includes(g));
        if (document.querySelector('[data-testid=stException]')) found.push('stException');
        return found;
    }""", list(generic_error_texts()))
    assert not shown, f"the page at {page.url} failed: {shown} (its traceback is in the app's log)"


def wait_idle(page, steady_ms: int = 1000, timeout_s: float = 60, check: bool = True) -> None:
    """Wait until the app's script stays not running for a while (components rerun it once),
    then (unless `check` is false) fail if the page shows the generic error.
    The quiet spell is counted from this call: one counted before (the previous page's,
    when the menu opens pages without reloading) says nothing of the run a click started."""
    page.evaluate("() => { window.__ayniIdleSince = null; }")
    page.wait_for_function(
        """([steady]) => {
            const app = document.querySelector('[data-testid=stApp]');
            const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
            if (!idle) { window.__ayniIdleSince = null; return false; }
            window.__ayniIdleSince = window.__ayniIdleSince || Date.now();
            return Date.now() - window.__ayniIdleSince >= steady;
        }""",
        arg=[steady_ms], polling=100, timeout=timeout_s * 1000,
    )
    if check:
        assert_no_generic_error(page)


def wait_for_session_cookie(page, timeout_s: float = 30) -> None:
    """The first logged-in run sets the remember-me cookie, and the browser's answer reruns
    the script once more: wait for both, so a form filled next is not caught in that rerun."""
    deadline = time.monotonic() + timeout_s
    while not any(c["name"] == "ayni_session" for c in page.context.cookies()):
        if time.monotonic() > deadline:
            raise AssertionError("the login cookie never reached the browser")
        time.sleep(0.1)
    wait_idle(page)


def cards(page) -> dict[str, str]:
    """The metric cards, label to value; the first card of a label wins (the owner page
    repeats labels in its peer cards under the KPIs)."""
    return page.evaluate("""() => {
        const shown = {};
        for (const card of document.querySelectorAll('[data-testid="stMetric"]')) {
            const label = card.querySelector('[data-testid="stMetricLabel"]').innerText.trim();
            const value = card.querySelector('[data-testid="stMetricValue"]').innerText.trim();
            if (!(label in shown)) shown[label] = value;
        }
        return shown;
    }""")


def traces(page, key: str) -> list[dict]:
    """The traces of the Plotly chart with this key once drawn: name, title, customdata."""
    plot = page.locator(f".st-key-{key} .js-plotly-plot")
    plot.wait_for()
    page.wait_for_function("el => el.data && el.data.length > 0", arg=plot.element_handle(),
                           polling=100)
    return plot.evaluate("""el => el.data.map(d => ({
        name: d.name,
        title: el.layout.title && el.layout.title.text,
        customdata: d.customdata ? Array.from(d.customdata) : null,
    }))""")


# --- an app of one's own, for the tests that need no data of the walkthrough's -----------


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s; the children it left (streamlit's) go too."""
    import psutil

    family = psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    for child in family:
        try:
            child.kill()
        except psutil.Error:
            pass


@contextmanager
def serve(db, name: str, *, worker: bool = False, meanwhile=None):
    """Streamlit (and a worker, if asked) on the test database `db` (tests/conftest.py's
    ayni_db); yields the app's URL. `meanwhile` runs while Streamlit starts (loading
    data, say). The app's output goes to test-artifacts/<name>.log: a page that shows
    the generic error has its traceback there."""
    from ayni.core.settings import get_settings
    from ayni.supervisor import streamlit_command
    from tests.conftest import free_port

    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    settings = get_settings().model_copy(update={"streamlit_port": port})
    env = db.env()
    log = open(ARTIFACTS / f"{name}.log", "wb")
    children = []
    try:
        if worker:
            children.append(subprocess.Popen([sys.executable, "-m", "ayni.cli", "worker"], env=env,
                                             stdout=log, stderr=subprocess.STDOUT))
        children.append(subprocess.Popen(streamlit_command(settings), env=env, stdout=log,
                                         stderr=subprocess.STDOUT))
        url = f"http://localhost:{port}"
        if meanwhile is not None:
            meanwhile()
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"streamlit did not answer on {url}") from None
                time.sleep(0.3)
        yield url
    finally:
        for child in reversed(children):
            stop_process(child)
        log.close()


def log_in(page, base_url: str, email: str, password: str, path: str = "") -> None:
    """Log in through the form with one submit, as soon as the form is there, never a
    second: a submit the app drops is a bug of the app, which this makes fail (the app once
    dropped a submit that beat its cookie component's first answer: streamlit_app/auth.py
    _CookieManager). Returns once the remember-me cookie is in the browser and the runs it
    causes are over."""
    page.goto(f"{base_url}/{path}")
    form = page.get_by_label("Correo")
    form.wait_for()
    form.fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()
    logout = page.get_by_role("button", name="Cerrar sesión")
    failed = page.get_by_text("Correo o contraseña incorrectos")
    logout.or_(failed).first.wait_for()
    assert not failed.is_visible(), f"{email} could not log in"
    wait_for_session_cookie(page)

