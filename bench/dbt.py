"""`ayni bench dbt`: the warehouse build measured against its own SQL run bare.

On a scratch database, 20 demo companies (12 minimarkets and 8 of other industries)
get about `lines` synthetic lines over the demo's 13 months, COPYed straight into
raw.transactions (this bench measures dbt, not loading: `ayni bench ingest` does that).
Then (after an untimed `dbt seed`: the document types the staging views look up), in
this order:

1. full build: `dbt run` of every model from an empty warehouse (after an untimed
   `dbt parse`, so it starts with partial parsing warm, as the worker does);
2. bare SQL: the statements that run executed (target/run: CREATE TABLE/VIEW … AS,
   contract DDL + INSERT), the renames of its `__dbt_tmp` relations and the indexes it
   created, replayed through psycopg one model after the other (each after what it
   reads), on an empty warehouse again — dbt's work without dbt;
   (1 and 2 run three times, alternating, and the fastest of each counts: the machine is
   shared)
3. incremental: one company gets 1 % of `lines` new lines (its sales of the month after
   the range, new documents), then dbt runs with that company's scope exactly as the
   worker runs it (workers.jobs._build: `dbt run` of the models rebuilt per upload —
   tag per_upload: int_sales_lines reloads the changed days, the other models rebuild
   the company whole — with AYNI_DBT_SCOPE, staging views current, benchmark models
   left out); done for three companies in turn, the fastest counts.

dbt runs in a child process that imports dbt first and times only the invocation, as in
the worker, whose forked job starts with dbt imported. The bare SQL runs sequentially on
one connection, like `psql -f`; dbt runs models on 4 threads, which is why it can beat it.

Ratios: `full_vs_sql` = full / bare SQL (goal ≤ 2), `incremental_vs_full` = incremental
/ full (goal ≤ 0.2).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import psycopg

from bench.common import (
    Stopwatch,
    copy_lines,
    create_companies,
    day,
    report,
    run_dbt,
    scratch_database,
    vacuum_analyze,
)

COMPANIES = 20
APPEND_SHARE = 0.01
REPEATS = 3  # each figure is the fastest of three runs: the machine is shared


# --- data ----------------------------------------------------------------------------------


def bench_companies(lines: int, start: date, end: date):
    """The first 20 demo companies (12 minimarkets first), scaled to about `lines` lines."""
    from ayni.usecases import demo

    specs = demo.demo_companies()[:COMPANIES]
    return demo.scale_for_lines(specs, start, end, lines)


def load(conninfo: str, lines: int, say=print,
         as_of: date | None = None) -> tuple[list[int], list, date, date]:
    """Companies and their lines over the 13 months before `as_of` (default
    demo.REFERENCE_DATE: the same lines whatever day it runs); returns company ids, specs
    and the date range."""
    from ayni.usecases import demo

    start, end = demo.default_range(as_of or demo.REFERENCE_DATE)
    specs = bench_companies(lines, start, end)
    ids = create_companies(conninfo, specs)
    total = 0
    for company_id, spec in zip(ids, specs):
        total += copy_lines(conninfo, company_id, demo.generate_lines(spec, start, end))
    vacuum_analyze(conninfo)
    say(f"loaded {total:,} lines for {len(ids)} companies, {start} .. {end}")
    return ids, specs, start, end


def append_month(conninfo: str, company_id: int, spec, end: date, lines: int) -> tuple[int, date, date]:
    """`lines` new lines of the company in the month after `end` (new documents)."""
    from ayni.usecases import demo

    first = end + timedelta(days=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    scaled = demo.scale_for_lines([replace(spec, seed=spec.seed + 1)], first, last, lines)[0]
    frame = demo.generate_lines(scaled, first, last)
    n = copy_lines(conninfo, company_id, frame, folio_prefix="N")
    return n, first, last


# --- the same SQL without dbt -------------------------------------------------------------------


def build_order(target: Path) -> list[dict]:
    """Models dbt materialises, in an order where each comes after what it reads."""
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = {uid: n for uid, n in manifest["nodes"].items()
             if n["resource_type"] == "model" and n["config"]["materialized"] != "ephemeral"}
    order: list[dict] = []
    done: set[str] = set()

    def visit(uid: str) -> None:
        if uid in done or uid not in nodes:
            return
        done.add(uid)
        for parent in nodes[uid]["depends_on"]["nodes"]:
            visit(parent)
        order.append(nodes[uid])

    for uid in sorted(nodes):
        visit(uid)
    return order


def seeds(target: Path) -> list[str]:
    """The tables of the project's seeds (document_types): loaded once, not measured."""
    manifest = json.loads((target / "manifest.json").read_text())
    return [n["alias"] for n in manifest["nodes"].values() if n["resource_type"] == "seed"]


def drop_warehouse(conninfo: str, keep: list[str] = ()) -> None:
    """Drop every relation dbt built (schemas staging and marts), keeping the schemas and
    the seed tables `keep`."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for schema in ("marts", "staging"):
            for name, kind in conn.execute(
                    "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = "
                    "c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'v') "
                    "AND NOT c.relname = ANY(%s)", (schema, list(keep))):
                what = "VIEW" if kind == "v" else "TABLE"
                conn.execute(f'DROP {what} IF EXISTS "{schema}"."{name}" CASCADE')


def replay_sql(conninfo: str, target: Path, order: list[dict]) -> float:
    """Run the statements dbt ran (target/run: CREATE … AS, contract DDL + INSERT) one
    model after the other, rename dbt's `__dbt_tmp` relations, create the configured
    indexes; with the settings of dbt's pre-hook. Returns the seconds it took."""
    statements = []
    for node in order:
        path = target / "run" / node["package_name"] / node["original_file_path"]
        sql = path.read_text()
        relation = f'"{node["schema"]}"."{node["alias"]}"'
        after = []
        if f'"{node["alias"]}__dbt_tmp"' in sql:
            kind = "VIEW" if node["config"]["materialized"] == "view" else "TABLE"
            after.append(f'ALTER {kind} "{node["schema"]}"."{node["alias"]}__dbt_tmp" '
                         f'RENAME TO "{node["alias"]}"')
        for index in node["config"].get("indexes") or []:
            unique = "UNIQUE " if index.get("unique") else ""
            after.append(f"CREATE {unique}INDEX ON {relation} ({', '.join(index['columns'])})")
        statements.append((sql, after))
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SET jit = off")
        conn.execute("SET work_mem = '128MB'")
        with Stopwatch() as watch:
            for sql, after in statements:
                conn.execute(sql)
                for statement in after:
                    conn.execute(statement)
    return watch.seconds


# --- the bench -----------------------------------------------------------------------------------


def run(lines: int, say=print, as_of: date | None = None) -> dict:
    from ayni.core.db import Role, conninfo
    from ayni.core.settings import get_settings
    from ayni.usecases.demo import REFERENCE_DATE

    as_of = as_of or REFERENCE_DATE
    settings = get_settings()
    data_dir = settings.data_dir / "bench" / "dbt"
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / "dbt" / "target"
    append = max(1, round(lines * APPEND_SHARE))
    with scratch_database() as db:
        scratch = settings.model_copy(update={"database_url": db.url})
        owner, worker = db.conninfo, conninfo(Role.WORKER, scratch)
        say(f"generating and loading about {lines:,} lines for {COMPANIES} demo companies …")
        ids, specs, _, end = load(owner, lines, say, as_of)
        loaded = _count(owner)

        def dbt_child(mode: str, scope_json: str = "") -> float:
            return run_dbt(mode, db.url, data_dir, scope_json)

        dbt_child("parse")  # partial parsing warm, as in a running worker
        order = build_order(target)
        keep = seeds(target)
        # the seeds the views read (document types): loaded once, as a deployment does;
        # neither the full build (`dbt run`) nor the bare SQL includes them
        run_dbt("seed", db.url, data_dir)
        full, bare = [], []
        for _ in range(REPEATS):
            drop_warehouse(owner, keep)
            full.append(dbt_child("full"))
            say(f"  full build (dbt run, every model)      {full[-1]:6.2f} s")
            drop_warehouse(owner, keep)
            bare.append(replay_sql(worker, target, order))
            say(f"  the same SQL without dbt (psycopg)    {bare[-1]:6.2f} s")
        drop_warehouse(owner, keep)
        dbt_child("full")  # leave the warehouse exactly as dbt builds it
        incremental = []
        for company_id, spec in list(zip(ids, specs))[:REPEATS]:
            n, first, last = append_month(owner, company_id, spec, end, append)
            scope = [{"company_id": company_id, "date_from": first.isoformat(),
                      "date_to": last.isoformat()}]
            incremental.append(dbt_child("incremental", json.dumps(scope)))
            say(f"  +{n:,} lines for company {company_id} ({first} .. {last}): "
                f"incremental run {incremental[-1]:5.2f} s")
        full_s, sql_s, inc_s = min(full), min(bare), min(incremental)
    return {
        "lines": loaded,
        "companies": len(ids),
        "demo_as_of": as_of.isoformat(),
        "full_build_s": round(full_s, 2),
        "sql_s": round(sql_s, 2),
        "incremental_s": round(inc_s, 2),
        "full_vs_sql": round(full_s / sql_s, 3),
        "incremental_vs_full": round(inc_s / full_s, 3),
        "appended_lines": append,
    }


def _count(conninfo: str) -> int:
    with psycopg.connect(conninfo) as conn:
        return conn.execute("SELECT count(*) FROM raw.transactions").fetchone()[0]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.dbt")
    sub = parser.add_subparsers(dest="cmd", required=True)
    whole = sub.add_parser("run")
    whole.add_argument("--lines", type=int, default=1_000_000)
    whole.add_argument("--as-of", type=day, default=None)
    args = parser.parse_args(argv)
    report("dbt", run(args.lines, as_of=args.as_of))


if __name__ == "__main__":
    main(sys.argv[1:])
