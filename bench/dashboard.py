"""`ayni bench dashboard`: every dashboard page, read and rendered for a company of `lines`
lines, against a bare SELECT of the same rows and against the 2 s budget.

Set-up on a scratch database (untimed):
- the demo's 12 minimarkets. The first, scaled to about `lines` lines over the demo's 13
  months, is the company measured; the other 11, at their demo sizes (together at most
  `lines`), are its peers: with 10 or more opted-in companies in its industry the benchmark
  cells are published, so its benchmarks page has something to show. Their lines are
  COPYed straight into raw.transactions (`ayni bench ingest` times loading);
- GabeDA's features of every company (the worker's step, workers.features.refresh) and one
  full `dbt run`, each in a child process, then ANALYZE (the state autovacuum reaches
  within a minute of a build);
- an owner account of the company measured.

Then, for each dashboard page and each grain its control offers (on the benchmarks page,
the period types of its cells; it reads the same frames whichever is chosen), REPEATS times
in turn (so the three see the same state of this shared machine):
- query: `streamlit_app.data.load_page`, the uncached read the page's cache wraps: as
  ayni_app, in a tenant transaction (row-level security), into DataFrames;
- bare: the same rows and columns, `SELECT … FROM <each table> WHERE company_id = …`
  through psycopg as the owner (no row-level security, no pandas), fetched as tuples;
- render: the whole app script for the logged-in owner on that page and grain, with
  Streamlit's AppTest, after clearing st.cache_data (cold: the first view after an upload).
  It is the server's time, from the top of app.py (login check, company picker,
  navigation) to the page's last element; the browser drawing the charts is not in it.

Figures per page and grain: p50 and p95 of each. Ratios: `query_p95_vs_bare_select` and
`render_p95_vs_budget` (render p95 / 2 s: at most 1 meets the goal), each the worst page
and grain at the top level, and per page and grain inside `pages`. The bench itself keeps
one of the machine's cores busy: `load_average_1m` (at the start and the end of the
measurements) includes it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from datetime import date
from pathlib import Path

import numpy as np
import psycopg
from psycopg import sql

from bench.common import (
    Stopwatch,
    copy_lines,
    create_companies,
    day,
    point_at,
    pointed_at,
    report,
    run_child,
    run_dbt,
    scratch_database,
    vacuum_analyze,
)

APP = Path(__file__).resolve().parents[1] / "streamlit_app" / "app.py"
DASHBOARDS = ("owner", "operations", "marketing", "finance", "benchmarks")
INDUSTRY = "minimarket"
PEERS = 11                 # with the company measured: 12, above the 10 a benchmark cell needs
REPEATS = 20
BUDGET_S = 2.0             # the goal: every dashboard page renders within 2 s
OWNER_EMAIL = "bench.owner@example.cl"
OWNER_PASSWORD = "Bench-Clave1"


# --- set-up ------------------------------------------------------------------------------------


def companies(lines: int, as_of: date | None = None):
    """(the company measured, scaled to about `lines` lines; its peers) and the date range:
    the 13 months before `as_of` (default demo.REFERENCE_DATE, whatever day it runs)."""
    from ayni.usecases import demo

    start, end = demo.default_range(as_of or demo.REFERENCE_DATE)
    shops = [c for c in demo.demo_companies() if c.industry == INDUSTRY][:PEERS + 1]
    measured = demo.scale_for_lines(shops[:1], start, end, lines)[0]
    natural = sum(demo.expected_lines(c, start, end) for c in shops[1:])
    peers = demo.scale_for_lines(shops[1:], start, end, min(natural, lines))
    return measured, peers, start, end


def load(conninfo: str, lines: int, say, as_of: date | None = None) -> tuple[list[int], int]:
    """Companies and their lines; returns the company ids (measured first) and its lines."""
    from ayni.usecases import demo

    measured, peers, start, end = companies(lines, as_of)
    ids = create_companies(conninfo, [measured, *peers])
    counts = [copy_lines(conninfo, company_id, demo.generate_lines(spec, start, end))
              for company_id, spec in zip(ids, [measured, *peers])]
    vacuum_analyze(conninfo)
    say(f"loaded {counts[0]:,} lines for {measured.name} and {sum(counts[1:]):,} for its "
        f"{len(peers)} peers, {start} .. {end}")
    return ids, counts[0]


def child_features(url: str, data_dir: str, ids: list[int]) -> dict:
    """GabeDA's tables of each company, as the worker's features step writes them."""
    point_at(url, data_dir)
    from workers import features

    features.ensure_tables()  # what a worker does when it starts
    with Stopwatch() as watch:
        for company_id in ids:
            features.refresh(company_id)
    return {"seconds": watch.seconds}


def create_owner(company_id: int) -> None:
    from ayni.core.db import Role, engine
    from ayni.usecases import accounts
    from ayni.usecases.companies import set_member

    with engine(Role.OWNER).begin() as conn:
        user = accounts.create_user(conn, OWNER_EMAIL, "Dueña Bench", OWNER_PASSWORD)
        set_member(conn, company_id, user.id, "owner")


# --- what is timed -----------------------------------------------------------------------------


def query_grain(page: str, grain: str) -> str:
    """The grain the page asks `data.page` for: the benchmarks page always loads the month
    (its selector only filters the period types of the position it loaded)."""
    return "month" if page == "benchmarks" else grain


def bare_select(conn: psycopg.Connection, company_id: int, tables) -> int:
    """The company's rows of `tables` ((schema, table, columns or None for all)), fetched as
    tuples by the owner; returns the rows."""
    rows = 0
    for schema, table, columns in tables:
        select = sql.SQL(", ").join(map(sql.Identifier, columns)) if columns else sql.SQL("*")
        rows += len(conn.execute(sql.SQL("SELECT {} FROM {} WHERE company_id = %s").format(
            select, sql.Identifier(schema, table)), (company_id,)).fetchall())
    return rows


class Browser:
    """The app as one logged-in owner sees it, driven by AppTest."""

    def __init__(self) -> None:
        from streamlit import logger
        from streamlit.testing.v1 import AppTest

        from streamlit_app.i18n import CATALOGUE

        logger.set_log_level("error")  # not "missing ScriptRunContext" at every cache clear
        self.grain_labels = set(CATALOGUE["dash.grain"])
        self.failure = set(CATALOGUE["error.generic"])
        self.at = AppTest.from_file(str(APP), default_timeout=300)
        with contextlib.redirect_stdout(io.StringIO()):  # the cookie manager prints, headless
            self.at.run()
            self.at.text_input[0].input(OWNER_EMAIL)
            self.at.text_input[1].input(OWNER_PASSWORD)
            self.at.button[0].click()
            self.run()

    def run(self) -> None:
        self.at.run()
        errors = [e.value for e in self.at.error if e.value in self.failure]
        if self.at.exception or errors:
            raise RuntimeError(f"the page failed: {self.at.exception or errors}")

    def open(self, page: str) -> None:
        self.at.switch_page(f"views/{page}.py")
        self.run()
        if not self.at.get("plotly_chart"):
            raise RuntimeError(f"the {page} page shows no chart: {self.texts()}")

    def grain_box(self):
        return next(b for b in self.at.main.selectbox if b.label in self.grain_labels)

    def grains(self) -> int:
        return len(self.grain_box().options)

    def choose(self, index: int) -> str:
        """Pick the grain control's option `index` (rendered once); returns its value."""
        self.grain_box().select_index(index)
        self.run()
        return str(self.grain_box().value)

    def cold_render(self) -> float:
        """Seconds of one run after emptying st.cache_data; checks that the page did read
        its data (once), so the cache really was cold."""
        import streamlit as st

        from streamlit_app import data

        read, reads = data.load_page, []
        data.load_page = lambda *args: reads.append(args) or read(*args)
        try:
            st.cache_data.clear()
            with Stopwatch() as watch:
                self.run()
        finally:
            data.load_page = read
        if len(reads) != 1:
            raise RuntimeError(f"a cold render read the page's data {len(reads)} times")
        return watch.seconds

    def texts(self) -> str:
        return " | ".join(str(e.value) for e in (*self.at.title, *self.at.info, *self.at.error))


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


def measure_page(browser: Browser, owner: psycopg.Connection, company_id: int, page: str,
                 repeats: int, say) -> dict:
    from streamlit_app import data

    figures = {}
    browser.open(page)
    for index in range(browser.grains()):
        grain = browser.choose(index)
        asked = query_grain(page, grain)
        tables = data.page_tables(page, asked).values()
        query, bare, render = [], [], []
        for _ in range(repeats):
            with Stopwatch() as watch:
                frames = data.load_page(company_id, page, asked)
            query.append(watch.seconds)
            with Stopwatch() as watch:
                rows = bare_select(owner, company_id, tables)
            bare.append(watch.seconds)
            render.append(browser.cold_render())
        if sum(len(f) for f in frames.values()) != rows:  # both read the same rows
            raise RuntimeError(f"{page}/{grain}: load_page and the bare select disagree")
        (q50, q95), (b50, b95), (r50, r95) = map(percentiles, (query, bare, render))
        figures[grain] = {
            "rows": rows,
            "query_p50_s": round(q50, 4), "query_p95_s": round(q95, 4),
            "bare_p50_s": round(b50, 4), "bare_p95_s": round(b95, 4),
            "render_p50_s": round(r50, 3), "render_p95_s": round(r95, 3),
            "query_p95_vs_bare_select": round(q95 / b95, 2),
            "render_p95_vs_budget": round(r95 / BUDGET_S, 3),
        }
        say(f"  {page:<10} {grain:<7} {rows:>8,} rows   query {q50:6.3f} / {q95:6.3f} s   "
            f"bare {b50:6.3f} / {b95:6.3f} s   render {r50:6.3f} / {r95:6.3f} s  (p50 / p95)")
    return figures


def worst(pages: dict, key: str) -> tuple[float, str]:
    return max((f[key], f"{page}/{grain}") for page, grains in pages.items()
               for grain, f in grains.items())


# --- the bench ---------------------------------------------------------------------------------


def run(lines: int, say=print, repeats: int = REPEATS, as_of: date | None = None) -> dict:
    from ayni.core.settings import get_settings
    from ayni.usecases.demo import REFERENCE_DATE

    as_of = as_of or REFERENCE_DATE
    settings = get_settings()
    data_dir = settings.data_dir / "bench" / "dashboard"
    data_dir.mkdir(parents=True, exist_ok=True)
    with scratch_database() as db:
        say(f"generating and loading about {lines:,} lines for one {INDUSTRY} and its peers …")
        ids, loaded = load(db.conninfo, lines, say, as_of)
        features = run_child("bench.dashboard", "features", db.url, str(data_dir),
                             *map(str, ids))["seconds"]
        say(f"features of {len(ids)} companies: {features:.1f} s")
        run_dbt("seed", db.url, data_dir)  # the document types the views read (untimed)
        say(f"dbt run (every model): {run_dbt('full', db.url, data_dir):.1f} s")
        vacuum_analyze(db.conninfo, None)  # the marts and features just written
        with pointed_at(db.url, data_dir):  # from here on this process reads as the app does
            create_owner(ids[0])
            load_start = os.getloadavg()[0]
            say(f"page, grain, rows read; p50 / p95 of {repeats} runs each "
                f"(load average {load_start:.2f})")
            browser = Browser()
            with psycopg.connect(db.conninfo) as owner:
                pages = {page: measure_page(browser, owner, ids[0], page, repeats, say)
                         for page in DASHBOARDS}
            load_end = os.getloadavg()[0]
    query_ratio, query_at = worst(pages, "query_p95_vs_bare_select")
    render_ratio, render_at = worst(pages, "render_p95_vs_budget")
    return {
        "lines": loaded,
        "companies": len(ids),
        "repeats": repeats,
        "demo_as_of": as_of.isoformat(),
        "budget_s": BUDGET_S,
        "query_p95_max_s": worst(pages, "query_p95_s")[0],
        "render_p95_max_s": worst(pages, "render_p95_s")[0],
        "query_p95_vs_bare_select": query_ratio,
        "query_p95_vs_bare_select_at": query_at,
        "render_p95_vs_budget": render_ratio,
        "render_p95_vs_budget_at": render_at,
        "load_average_1m": [round(load_start, 2), round(load_end, 2)],
        "pages": pages,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.dashboard")
    sub = parser.add_subparsers(dest="cmd", required=True)
    child = sub.add_parser("features")
    child.add_argument("url")
    child.add_argument("data_dir")
    child.add_argument("ids", type=int, nargs="+")
    whole = sub.add_parser("run")
    whole.add_argument("--lines", type=int, default=1_000_000)
    whole.add_argument("--repeats", type=int, default=REPEATS)
    whole.add_argument("--as-of", type=day, default=None)
    args = parser.parse_args(argv)
    if args.cmd == "features":
        print(json.dumps(child_features(args.url, args.data_dir, args.ids)))
    else:
        report("dashboard", run(args.lines, repeats=args.repeats, as_of=args.as_of))


if __name__ == "__main__":
    main(sys.argv[1:])
