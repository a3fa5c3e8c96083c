"""`ayni bench NAME [--lines N]`: the speed and memory goals, measured in this run."""

from __future__ import annotations

import importlib

import typer

BENCHES = {"ingest": "bench.ingest", "engine": "bench.engine", "dbt": "bench.dbt"}


def bench(
    name: str = typer.Argument(..., help=", ".join(BENCHES)),
    lines: int = typer.Option(1_000_000, "--lines", min=1000, help="Size of the generated data"),
) -> None:
    """Run a benchmark; its last output line is one JSON object with the figures."""
    if name not in BENCHES:
        raise typer.BadParameter(f"unknown bench {name!r}; choose one of {', '.join(BENCHES)}")
    from bench.common import report

    module = importlib.import_module(BENCHES[name])
    report(name, module.run(lines, say=typer.echo))
