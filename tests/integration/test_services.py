"""Embedded PostgreSQL and Valkey through `ayni services`: start, reuse, stale pidfile, stop."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest
import redis

from ayni.core import services
from ayni.core.settings import Settings
from tests.conftest import free_port

pytestmark = pytest.mark.embedded


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("embedded") / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("AYNI_DATABASE_URL", "AYNI_REDIS_URL")}
    env.update(AYNI_DATA_DIR=str(data_dir), AYNI_VALKEY_PORT=str(free_port()))
    settings = Settings(_env_file=None, data_dir=data_dir, valkey_port=int(env["AYNI_VALKEY_PORT"]),
                        database_url=None, redis_url=None)
    yield env, settings
    services.stop_all(settings)


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ayni.cli", "services", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def test_start_then_start_again_reuses_the_running_servers(embedded):
    env, settings = embedded
    first = cli(env, "start")
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("iniciado ") == 2  # Spanish, the default AYNI_LANGUAGE
    pg_pid = services.postgres_status(settings).pid
    second = cli(env, "start")
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("reutilizado ") == 2
    assert services.postgres_status(settings).pid == pg_pid

    with psycopg.connect(services.database_url(settings).replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("ayni",)
    client = redis.Redis.from_url(services.redis_url(settings))
    client.set("ayni:test", "persisted")
    status = cli(env, "status")
    assert status.returncode == 0 and status.stdout.count("(embebido): en marcha en") == 2


def test_valkey_keeps_data_across_restarts_with_append_only_file(embedded):
    env, settings = embedded
    assert cli(env, "stop").returncode == 0
    assert cli(env, "status").returncode == 3  # stopped
    assert cli(env, "start").returncode == 0
    client = redis.Redis.from_url(services.redis_url(settings))
    assert client.get("ayni:test") == b"persisted"


def test_a_stale_valkey_pidfile_is_cleared_on_start(embedded):
    env, settings = embedded
    services.stop_valkey(settings)
    pidfile = settings.data_dir / "valkey" / "valkey.pid"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    pidfile.write_text(f"{dead.pid}\n")  # a pid that no longer runs
    result = cli(env, "start")
    assert result.returncode == 0, result.stderr
    assert int(pidfile.read_text()) != dead.pid
    assert services.valkey_status(settings).running


def test_a_port_taken_by_another_program_is_reported(embedded, tmp_path):
    env, settings = embedded
    services.stop_valkey(settings)
    import socket

    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", settings.valkey_port))
        blocker.listen()
        result = cli(env, "start")
    assert result.returncode == 1
    assert f"port {settings.valkey_port} is used by another program" in result.stderr


def test_stop_stops_both(embedded):
    env, settings = embedded
    cli(env, "start")
    result = cli(env, "stop")
    assert result.returncode == 0 and "Valkey" in result.stdout and "PostgreSQL" in result.stdout
    assert not services.postgres_status(settings).running
    assert not services.valkey_status(settings).running
    assert not (settings.data_dir / "postgres" / "postmaster.pid").exists()
