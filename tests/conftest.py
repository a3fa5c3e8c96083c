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


@pytest.fixture(scope="module")
def ayni_db(servers, tmp_path_factory):
    """A fresh, migrated database and a clean Redis index, set as this process's settings."""
    import redis

    from ayni.core.migrate import migrate

    name = f"ayni_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_maintenance_conninfo(servers.postgres), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(servers.postgres).set(database=name).render_as_string(hide_password=False)
    redis.Redis.from_url(servers.redis).flushdb()
    db = AyniDatabase(url, servers.redis, tmp_path_factory.mktemp("data"), name)
    os.environ.update(AYNI_DATABASE_URL=db.url, AYNI_REDIS_URL=db.redis_url,
                      AYNI_DATA_DIR=str(db.data_dir))
    reset_process_state()
    migrate()
    yield db
    reset_process_state()
    for key, value in ORIGINAL_ENV.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
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
