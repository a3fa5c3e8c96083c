"""`ayni bench engine`: the whole GabeDA catalogue against the minimal pandas for RFM and ABC.

One demo company is scaled to the requested number of lines (the engine runs per company).
In the same process, after one warm-up run of each (page faults, first-call caches), alternating
five times (the medians count: this machine is shared):
- engine: `engine.run` of every model and feature of the catalogue, as the worker runs it (its
  models side by side, one thread per core: `threads` in the figures);
- minimal: the shortest plain pandas that gives the customers' recency/frequency/monetary
  scores and the products' revenue, share, cumulative share and ABC class.
The minimal code's columns are checked against the engine's, so both compute the same thing.
Goal: `ratio_vs_minimal` (engine / minimal wall seconds) <= 3. `cpu_ratio_vs_minimal` is the
same ratio of CPU seconds: what the engine would take on one core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date

import numpy as np
import pandas as pd

REPEATS = 5
QUINTILES = [0.2, 0.4, 0.6, 0.8]


def make_lines(lines: int, as_of: date | None = None) -> pd.DataFrame:
    """About ``lines`` canonical lines of the first demo company over the 13 months before
    `as_of` (default demo.REFERENCE_DATE: the same lines whatever day it runs)."""
    from ayni.usecases import demo

    start, end = demo.default_range(as_of or demo.REFERENCE_DATE)
    company = demo.scale_for_lines(demo.demo_companies()[:1], start, end, lines)[0]
    return demo.generate_lines(company, start, end)


def _score(values: pd.Series, lower_is_better: bool = False) -> np.ndarray:
    above = np.searchsorted(np.quantile(values, QUINTILES), values, side="left")
    return 5 - above if lower_is_better else 1 + above


def minimal(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Customer RFM scores and product ABC in plain pandas (demo returns carry negative amounts)."""
    as_of = lines["in_dt"].max().normalize()
    known = lines[lines["in_customer_id"].notna()]
    sales = known[known["in_quantity"] > 0]
    customers = sales.groupby("in_customer_id").agg(
        last=("in_dt", "max"), frequency=("in_trans_id", "nunique")
    )
    customers["monetary"] = known.groupby("in_customer_id")["in_price_total"].sum()
    customers["recency"] = (as_of - customers["last"].dt.normalize()).dt.days
    customers["r_score"] = _score(customers["recency"], lower_is_better=True)
    customers["f_score"] = _score(customers["frequency"])
    customers["m_score"] = _score(customers["monetary"])

    products = lines.groupby("in_product_id")["in_price_total"].sum().to_frame("revenue")
    products = products.sort_values("revenue", ascending=False, kind="stable")
    products["share"] = products["revenue"] / products["revenue"].clip(lower=0).sum() * 100
    products["cumulative"] = products["share"].cumsum()
    before = products["cumulative"].shift(fill_value=0.0)
    products["abc"] = np.where(before < 80, "A", np.where(before < 95, "B", "C"))
    return customers, products


def check_same(result, customers: pd.DataFrame, products: pd.DataFrame) -> None:
    """The minimal code and the engine agree on every customer score and product class."""
    c = result.tables["customers"].loc[customers.index]
    for col in ("r_score", "f_score", "m_score"):
        if not np.array_equal(c[col].to_numpy(dtype=np.int64), customers[col].to_numpy(dtype=np.int64)):
            raise RuntimeError(f"engine and minimal code disagree on {col}")
    p = result.tables["products"].loc[products.index]
    if not (p["abc_class"].astype(str).to_numpy() == products["abc"].to_numpy()).all():
        raise RuntimeError("engine and minimal code disagree on abc_class")


def _timed(fn) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result): on a shared machine the CPU time
    shows what the wall time loses to other processes."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def run(lines: int, say=print, as_of: date | None = None) -> dict:
    import engine
    from ayni.usecases.demo import REFERENCE_DATE

    as_of = as_of or REFERENCE_DATE
    say(f"generating {lines:,} demo lines of one company (as of {as_of}) …")
    data = make_lines(lines, as_of)
    say(f"{len(data):,} lines, {data['in_customer_id'].nunique():,} customers, "
        f"{data['in_product_id'].nunique():,} products, {data['in_trans_id'].nunique():,} documents")
    wall: dict[str, list[float]] = {"engine": [], "minimal": []}
    cpu: dict[str, list[float]] = {"engine": [], "minimal": []}
    engine.run(data), minimal(data)  # warm-up: the first call of either pays one-off costs
    result = customers = products = None
    for _ in range(REPEATS):  # alternating, so both see the same state of the machine
        for name, fn in (("engine", lambda: engine.run(data)), ("minimal", lambda: minimal(data))):
            seconds, cpu_seconds, out = _timed(fn)
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
            if name == "engine":
                result = out
            else:
                customers, products = out
        say(f"  engine {wall['engine'][-1]:6.3f} s   minimal {wall['minimal'][-1]:6.3f} s")
    check_same(result, customers, products)
    median = {name: float(np.median(values)) for name, values in wall.items()}
    median_cpu = {name: float(np.median(values)) for name, values in cpu.items()}
    registry = engine.default_registry()
    return {
        "lines": len(data),
        "demo_as_of": as_of.isoformat(),
        "engine_s": round(median["engine"], 3),
        "minimal_s": round(median["minimal"], 3),
        "ratio_vs_minimal": round(median["engine"] / median["minimal"], 2),
        "engine_cpu_s": round(median_cpu["engine"], 3),
        "minimal_cpu_s": round(median_cpu["minimal"], 3),
        "cpu_ratio_vs_minimal": round(median_cpu["engine"] / median_cpu["minimal"], 2),
        "threads": os.cpu_count(),
        "features": len(registry.features),
        "models": {name: len(table) for name, table in result.tables.items()},
        "skipped": len(result.skipped),
    }


def main(argv: list[str]) -> None:
    from bench.common import day, report

    parser = argparse.ArgumentParser(prog="bench.engine")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--as-of", type=day, default=None)
    args = parser.parse_args(argv)
    report("engine", run(args.lines, as_of=args.as_of))


if __name__ == "__main__":
    main(sys.argv[1:])
