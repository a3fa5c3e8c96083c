"""What every bench shares: a scratch database, timing, peak memory, the final JSON line."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from ayni import services
from ayni.settings import Settings, get_settings


@dataclass(frozen=True)
class ScratchDatabase:
    url: str          # owner URL (SQLAlchemy form)
    name: str

    @property
    def conninfo(self) -> str:
        return make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_database(settings: Settings | None = None) -> Iterator[ScratchDatabase]:
    """A new, migrated database on the configured (or embedded) server, dropped afterwards."""
    from ayni.db import dispose_engines
    from ayni.migrate import migrate

    settings = settings or get_settings()
    base = make_url(services.database_url(settings))
    name = f"ayni_bench_{uuid.uuid4().hex[:8]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    scratch_settings = settings.model_copy(update={"database_url": url})
    try:
        migrate(scratch_settings)
        yield ScratchDatabase(url, name)
    finally:
        dispose_engines()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start


def peak_rss_mb() -> float:
    """Peak resident memory of this process image so far. /proc's VmHWM, not getrusage:
    ru_maxrss survives exec, so a child started by a big parent would report the parent's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(module: str, *args: str, env: dict | None = None) -> dict:
    """Run `python -m module args` in a fresh process (its own peak memory); return the JSON
    object it prints on its last line."""
    result = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(bench: str, figures: dict) -> None:
    """The bench's last line: one JSON object with its figures."""
    print(json.dumps({"bench": bench, **figures}))
