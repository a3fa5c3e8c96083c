"""What every bench shares: a scratch database with demo companies and their lines, dbt in a
child process, timing, peak memory, the final JSON line.

`python -m bench.common dbt MODE URL DATA_DIR [SCOPE]` is the dbt child (see `dbt_child`).
"""

from __future__ import annotations

import argparse
import io
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
from datetime import date
from pathlib import Path

import pandas as pd
import psycopg
from sqlalchemy.engine import make_url

from ayni.core import services
from ayni.core.settings import Settings, get_settings


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
    from ayni.core.db import dispose_engines
    from ayni.core.migrate import migrate

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


POINTED = ("AYNI_DATABASE_URL", "AYNI_DATA_DIR")


def point_at(url: str, data_dir: str | Path | None = None) -> None:
    """Make this process's settings (and so every role's engine) use the database `url`
    (and `data_dir`): what a child process does first."""
    from ayni.core.db import dispose_engines

    os.environ["AYNI_DATABASE_URL"] = url
    if data_dir is not None:
        os.environ["AYNI_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    dispose_engines()


@contextmanager
def pointed_at(url: str, data_dir: str | Path | None = None) -> Iterator[None]:
    """`point_at` for the block (a bench reading as the app does), then the settings before."""
    saved = {key: os.environ.get(key) for key in POINTED}
    point_at(url, data_dir)
    try:
        yield
    finally:
        from ayni.core.db import dispose_engines

        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
        dispose_engines()


# --- demo companies and their lines -----------------------------------------------------------

COPY_COLUMNS = ("company_id", "upload_id", "line_no")


def create_companies(conninfo: str, specs) -> list[int]:
    """app.companies rows for demo company specs (ayni.usecases.demo.DemoCompany); returns their ids."""
    ids = []
    with psycopg.connect(conninfo) as conn:
        for spec in specs:
            ids.append(conn.execute(
                "INSERT INTO app.companies (name, rut, industry, size) VALUES (%s, %s, %s, %s) "
                "RETURNING id", (spec.name, spec.rut, spec.industry, spec.size)).fetchone()[0])
    return ids


def copy_lines(conninfo: str, company_id: int, frame: pd.DataFrame, folio_prefix: str = "") -> int:
    """COPY canonical lines of one company into raw.transactions (line_no numbered here):
    benches that measure what comes after loading skip the load path (`bench ingest` times it)."""
    from ayni.core import canonical

    frame = frame.copy()
    if folio_prefix:
        frame["in_trans_id"] = folio_prefix + frame["in_trans_id"].astype(str)
    frame.insert(0, "line_no", frame.groupby(["in_trans_id", "in_product_id"]).cumcount() + 1)
    frame.insert(0, "upload_id", None)
    frame.insert(0, "company_id", company_id)
    columns = list(COPY_COLUMNS) + list(canonical.NAMES)
    buffer = io.StringIO()
    frame[columns].to_csv(buffer, index=False, header=False, date_format="%Y-%m-%d %H:%M:%S")
    statement = f"COPY raw.transactions ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur, cur.copy(statement) as copy:
        copy.write(buffer.getvalue())
    return len(frame)


def vacuum_analyze(conninfo: str, table: str | None = "raw.transactions") -> None:
    """VACUUM ANALYZE `table` (None: every table of the database)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"VACUUM ANALYZE {table or ''}")


# --- dbt in a child process, as the worker runs it --------------------------------------------


def dbt_child(mode: str, url: str, data_dir: str, scope_json: str = "") -> dict:
    """One dbt invocation in a fresh process with dbt imported first (as in the worker's
    forked job, where dbt is imported before the fork): only the invocation is timed.
    Modes: parse; seed (the document types the views look up, loaded once as a deployment
    does, untimed by the callers); full (`dbt run` of every model, benchmarks included:
    the first build of an empty warehouse); incremental (the worker's call for `scope_json`, staging views
    current)."""
    point_at(url, data_dir)
    import dbt.cli.main  # noqa: F401  (imported before timing, like the worker)

    from ayni.core import dbt as runner
    from workers import jobs

    settings = get_settings()
    with Stopwatch() as watch:
        if mode == "parse":
            result = runner.invoke(["parse"], settings)
        elif mode == "seed":
            result = runner.invoke(["seed"], settings)
        elif mode == "full":
            os.environ.pop(jobs.SCOPE_ENV, None)
            result = runner.invoke(["run", "--no-write-json"], settings)
        elif mode == "incremental":
            jobs._build(settings, json.loads(scope_json), views=False)
            result = None
        else:
            raise ValueError(mode)
    if result is not None and not result.success:
        raise RuntimeError(f"dbt {mode} failed: {jobs._dbt_failure(result)}")
    return {"seconds": watch.seconds}


def run_dbt(mode: str, url: str, data_dir: str | Path, scope_json: str = "") -> float:
    """`dbt_child` in a child process; returns the seconds dbt took."""
    return run_child("bench.common", "dbt", mode, url, str(data_dir), scope_json)["seconds"]


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


def day(text: str) -> date:
    """A YYYY-MM-DD day (a bench's --as-of)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def report(bench: str, figures: dict) -> None:
    """The bench's last line: one JSON object with its figures."""
    print(json.dumps({"bench": bench, **figures}))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.common")
    sub = parser.add_subparsers(dest="cmd", required=True)
    one = sub.add_parser("dbt")
    one.add_argument("mode", choices=("parse", "seed", "full", "incremental"))
    one.add_argument("url")
    one.add_argument("data_dir")
    one.add_argument("scope", nargs="?", default="")
    args = parser.parse_args(argv)
    print(json.dumps(dbt_child(args.mode, args.url, args.data_dir, args.scope)))


if __name__ == "__main__":
    main(sys.argv[1:])
