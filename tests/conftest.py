"""Shared fixtures: real PostgreSQL and Redis, one fresh database per test module.

Servers come from AYNI_DATABASE_URL / AYNI_REDIS_URL when set, else the standard
local ports; on a machine with neither, the session starts the embedded ones.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
# The sample exports real users send, with their expected totals (tests/data/samples).
SHARED_DATA = Path(os.environ.get("AYNI_SAMPLE_DATA", ROOT / "tests" / "data" / "samples"))
if not (SHARED_DATA / "EXPECTED.json").exists():
    raise FileNotFoundError(f"sample exports not found in {SHARED_DATA}; set AYNI_SAMPLE_DATA")
EXPECTED = json.loads((SHARED_DATA / "EXPECTED.json").read_text())
ORIGINAL_ENV = {k: os.environ.get(k) for k in ("AYNI_DATABASE_URL", "AYNI_REDIS_URL",
                                                "AYNI_DATA_DIR")}
# A database index of its own (tests flush it); two test runs at once need two indexes.
TEST_REDIS_DB = int(os.environ.get("AYNI_TEST_REDIS_DB", "13"))


# Every test is marked by its folder, so `-m unit` (no servers, under a minute), `-m integration`
# or `-m e2e` picks a layer; a module's own marks (embedded…) come on top.
FOLDER_MARKS = {
    "unit": "unit: no servers, no browser; the fast layer (`./run test -m unit`)",
    "integration": "integration: needs the PostgreSQL and Redis of the settings",
    "e2e": "e2e: drives the app in headless Chromium",
}
TESTS = Path(__file__).resolve().parent


def pytest_configure(config) -> None:
    for line in FOLDER_MARKS.values():
        config.addinivalue_line("markers", line)
    config.addinivalue_line("markers", "warehouse(build): the module's database is a copy of "
                            "the one build(db) makes once per session (tests/conftest.py ayni_db)")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        try:
            folder = Path(item.path).resolve().relative_to(TESTS).parts[0]
        except ValueError:
            continue
        if folder in FOLDER_MARKS:
            item.add_marker(getattr(pytest.mark, folder))


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def reset_process_state() -> None:
    """Forget cached settings and pooled connections after the environment changed."""
    from ayni.core.db import dispose_engines
    from ayni.core.settings import get_settings

    dispose_engines()
    get_settings.cache_clear()
    # The pages' caches are keyed by company and data version, not by database: two
    # modules' copies of one built database have the same ones, so a page would read the
    # other module's figures.
    if "streamlit" in sys.modules:
        sys.modules["streamlit"].cache_data.clear()


@dataclass(frozen=True)
class Servers:
    postgres: str   # owner URL of a maintenance database
    redis: str


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Servers:
    pg = ORIGINAL_ENV["AYNI_DATABASE_URL"]
    rd = ORIGINAL_ENV["AYNI_REDIS_URL"]
    embedded = None
    if not pg and _reachable("127.0.0.1", 5432):
        pg = "postgresql://postgres@127.0.0.1:5432/postgres"
    if not rd and _reachable("127.0.0.1", 6379):
        rd = "redis://127.0.0.1:6379/0"
    if not pg or not rd:
        from ayni.core import services
        from ayni.core.settings import Settings

        embedded = Settings(data_dir=tmp_path_factory.mktemp("services"), valkey_port=free_port(),
                            database_url=pg, redis_url=rd)
        services.start_all(embedded)
        pg = pg or services.database_url(embedded)
        rd = rd or services.redis_url(embedded)
    yield Servers(pg, urlsplit(rd)._replace(path=f"/{TEST_REDIS_DB}").geturl())
    if embedded is not None:
        from ayni.core import services

        services.stop_all(embedded)


# The message app.py shows for any exception of a page (it catches them all, so AppTest's
# `at.exception` stays empty): a test that sees it has seen a page fail.
GENERIC_ERROR_KEY = "error.generic"


def generic_error_texts() -> tuple[str, ...]:
    """The generic error in every language of the catalogue."""
    from ayni.core.messages import CATALOGUE

    return tuple(CATALOGUE[GENERIC_ERROR_KEY])


def assert_page_ok(at) -> None:
    """The AppTest run raised nothing and showed no generic error: a page that failed
    (and was caught by app.py) fails the test, with the traceback app.py logged."""
    assert not at.exception, at.exception
    generic = generic_error_texts()
    shown = [str(e.value) for e in at.error if any(g in str(e.value) for g in generic)]
    assert not shown, f"the page failed: {shown}\n{PAGE_FAILURES.last()}"


class _PageFailures:
    """Keeps the traceback of the last page failure app.py logged (AppTest runs the
    script in this process), so an assertion can say what went wrong."""

    def __init__(self) -> None:
        import logging

        self.records: list[logging.LogRecord] = []
        handler = logging.Handler(level=logging.ERROR)
        handler.emit = self.records.append
        logger = logging.getLogger("streamlit_app")
        logger.addHandler(handler)
        self._format = logging.Formatter().format

    def last(self) -> str:
        return self._format(self.records[-1]) if self.records else "(nothing logged)"


PAGE_FAILURES = _PageFailures()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _maintenance_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass(frozen=True)
class AyniDatabase:
    url: str
    redis_url: str
    data_dir: Path
    name: str

    def env(self) -> dict[str, str]:
        return {**os.environ, "AYNI_DATABASE_URL": self.url, "AYNI_REDIS_URL": self.redis_url,
                "AYNI_DATA_DIR": str(self.data_dir)}


def _restore_env() -> None:
    for key, value in ORIGINAL_ENV.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    reset_process_state()


def _database_url(servers: Servers, name: str) -> str:
    return make_url(servers.postgres).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_template(servers, tmp_path_factory) -> str:
    """A database with every migration applied, made once per session: each module's
    database is a copy of it (CREATE DATABASE … TEMPLATE, a file copy) instead of running
    the migrations again. Nothing connects to it after this, as a template requires."""
    from ayni.core.migrate import migrate

    name = f"ayni_template_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_maintenance_conninfo(servers.postgres), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ.update(AYNI_DATABASE_URL=_database_url(servers, name),
                          AYNI_REDIS_URL=servers.redis,
                          AYNI_DATA_DIR=str(tmp_path_factory.mktemp("template")))
        reset_process_state()
        migrate()  # the roles too: they belong to the cluster, so every copy has them
    finally:
        _restore_env()  # disposes the pool: no connection left on the template
    yield name
    with psycopg.connect(_maintenance_conninfo(servers.postgres), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class _Built:
    database: str   # a template: nothing stays connected to it
    data_dir: Path  # its stored uploads, reports and file key


@pytest.fixture(scope="session")
def warehouses(servers):
    """Processed data built once per session, by builder (see ayni_db's `warehouse` mark)."""
    built: dict[object, _Built] = {}
    yield built
    with psycopg.connect(_maintenance_conninfo(servers.postgres), autocommit=True) as conn:
        for b in built.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{b.database}" WITH (FORCE)')


def _create_database(servers: Servers, name: str, template: str) -> None:
    with psycopg.connect(_maintenance_conninfo(servers.postgres), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _use(db: AyniDatabase) -> None:
    import redis

    redis.Redis.from_url(db.redis_url).flushdb()
    os.environ.update(AYNI_DATABASE_URL=db.url, AYNI_REDIS_URL=db.redis_url,
                      AYNI_DATA_DIR=str(db.data_dir))
    reset_process_state()


def _build_warehouse(build, servers, template: str, tmp_path_factory) -> _Built:
    name = f"ayni_built_{uuid.uuid4().hex[:10]}"
    _create_database(servers, name, template)
    db = AyniDatabase(_database_url(servers, name), servers.redis,
                      tmp_path_factory.mktemp("built"), name)
    _use(db)
    try:
        build(db)
    finally:
        _restore_env()  # disposes the pool: no connection left on what becomes a template
    return _Built(name, db.data_dir)


def _moved_files(db: AyniDatabase, old: Path) -> None:
    """Point the copied database's stored paths (uploads, reports) at the copied folder."""
    with psycopg.connect(_maintenance_conninfo(db.url), autocommit=True) as conn:
        columns = conn.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns "
            "WHERE column_name IN ('file_path', 'report_path') AND table_schema = 'app'").fetchall()
        for schema, table, column in columns:
            conn.execute(f'UPDATE "{schema}"."{table}" SET "{column}" = '
                         f'replace("{column}", %s, %s)', (str(old), str(db.data_dir)))


@pytest.fixture(scope="module")
def ayni_db(request, servers, migrated_template, warehouses, tmp_path_factory):
    """A fresh, migrated database (a copy of the session's template) and a clean Redis
    index, set as this process's settings.

    A module marked `pytest.mark.warehouse(build=build)` gets a copy of the database `build(db)`
    made once per session instead (its folder of stored files copied too): modules that
    start from the same processed data build it once, and each still has its own to change.
    """
    import shutil

    name = f"ayni_test_{uuid.uuid4().hex[:10]}"
    data_dir = tmp_path_factory.mktemp("data")
    marker = request.node.get_closest_marker("warehouse")
    built = None
    if marker is not None:
        build = marker.kwargs["build"]
        if build not in warehouses:
            warehouses[build] = _build_warehouse(build, servers, migrated_template,
                                                 tmp_path_factory)
        built = warehouses[build]
        shutil.copytree(built.data_dir, data_dir, dirs_exist_ok=True)
    _create_database(servers, name, built.database if built else migrated_template)
    db = AyniDatabase(_database_url(servers, name), servers.redis, data_dir, name)
    if built is not None:
        _moved_files(db, built.data_dir)
    _use(db)
    yield db
    _restore_env()
    with psycopg.connect(_maintenance_conninfo(servers.postgres), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_worker(db: AyniDatabase, timeout: int = 600) -> subprocess.CompletedProcess:
    """Process every queued job with a real RQ worker in burst mode."""
    result = subprocess.run([sys.executable, "-m", "ayni.cli", "worker", "--burst"],
                            env=db.env(), capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def ayni(db: AyniDatabase, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the `ayni` command against the test database."""
    return subprocess.run([sys.executable, "-m", "ayni.cli", *args], env=db.env(),
                          capture_output=True, text=True, timeout=timeout)
