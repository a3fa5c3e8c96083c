"""`ayni bench NAME [--lines N] [--repeats R] [--as-of DAY]`: the speed and memory goals,
measured now, on demo lines of a fixed day (the same lines whatever day it runs)."""

from __future__ import annotations

import importlib
import inspect

import typer

from ayni.cli.dates import parse_day

BENCHES = {"ingest": "bench.ingest", "engine": "bench.engine", "dbt": "bench.dbt",
           "dashboard": "bench.dashboard", "xlsx": "bench.xlsx"}


def bench(
    name: str = typer.Argument(..., help=", ".join(BENCHES)),
    lines: int = typer.Option(1_000_000, "--lines", min=1000, help="Size of the generated data"),
    repeats: int | None = typer.Option(None, "--repeats", min=1,
                                       help="Runs per figure (benches that take it: dashboard)"),
    as_of: str | None = typer.Option(None, "--as-of", metavar="YYYY-MM-DD",
                                     help="The demo lines are the 13 months before this day "
                                          "(default: a fixed day, ayni.usecases.demo.REFERENCE_DATE)"),
) -> None:
    """Run a benchmark; its last output line is one JSON object with the figures."""
    if name not in BENCHES:
        raise typer.BadParameter(f"unknown bench {name!r}; choose one of {', '.join(BENCHES)}")
    day = parse_day(as_of, "--as-of")
    from bench.common import report

    module = importlib.import_module(BENCHES[name])
    options = {}
    if repeats is not None:
        if "repeats" not in inspect.signature(module.run).parameters:
            raise typer.BadParameter(f"bench {name!r} has no --repeats")
        options["repeats"] = repeats
    if day is not None:
        options["as_of"] = day
    report(name, module.run(lines, say=typer.echo, **options))
