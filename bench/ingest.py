"""`ayni bench ingest`: AYNI's full load path against PostgreSQL COPY and pandas.to_sql.

A messy Chilean export (Windows-1252, `;`, `dd/mm/yyyy HH:MM`, `1.234,56`, RUTs with
dots, quoted descriptions, a few unreadable lines) and its clean canonical twin are
generated from the demo data. Each contender runs in a process of its own, so peak
memory is its own:
- AYNI: detect the format, propose the mapping, parse, validate, COPY, write raw.transactions;
- COPY: PostgreSQL COPY of the clean file into an unindexed table;
- to_sql: pandas.read_csv of the clean file, then DataFrame.to_sql.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg

from ayni.core import canonical
from bench.common import Stopwatch, day, peak_rss_mb, point_at, report, run_child, scratch_database

MESSY_HEADER = {
    "in_dt": "Fecha", "in_trans_type": "Tipo Doc", "in_trans_id": "N° Boleta",
    "in_customer_id": "RUT Cliente", "in_product_id": "Código", "in_description": "Descripción",
    "in_category": "Categoría", "in_unit_type": "Unidad", "in_quantity": "Cant.",
    "in_price_unit": "Precio Unit.", "in_discount_total": "Descuento",
    "in_cost_unit": "Costo Unit.", "in_price_total": "Total", "in_stock": "Stock",
}
BAD_SHARE = 0.001
REPEATS = 3  # lines made unreadable on purpose: the path must reject them, not crash


def _chilean(values: pd.Series, decimals: int) -> pd.Series:
    """1234567.5 → '1.234.567,5' (dot thousands, comma decimals, trailing zeros dropped)."""
    def fmt(x: float) -> str:
        text = f"{x:,.{decimals}f}"
        if decimals:
            text = text.rstrip("0").rstrip(".")
        return text.translate(str.maketrans({",": ".", ".": ","}))
    return values.map(fmt, na_action="ignore").fillna("")


def make_files(folder: Path, lines: int, as_of: date | None = None) -> tuple[Path, Path, int]:
    """Write (messy, clean) files of about `lines` lines of the demo's 13 months before
    `as_of` (default demo.REFERENCE_DATE: the same files whatever day it runs); returns
    their paths and the good lines."""
    from ayni.usecases import demo

    as_of = as_of or demo.REFERENCE_DATE
    folder.mkdir(parents=True, exist_ok=True)
    tag = f"{lines}_{as_of:%Y%m%d}"
    messy, clean = folder / f"ventas_{tag}.csv", folder / f"canonical_{tag}.csv"
    meta = folder / f"files_{tag}.json"
    if messy.exists() and clean.exists() and meta.exists():
        return messy, clean, json.loads(meta.read_text())["good"]
    start, end = demo.default_range(as_of)
    company = demo.scale_for_lines(demo.demo_companies()[:1], start, end, lines)[0]
    frame = demo.generate_lines(company, start, end)
    rng = np.random.default_rng(7)
    bad = rng.random(len(frame)) < BAD_SHARE

    out = pd.DataFrame({
        "Fecha": frame["in_dt"].dt.strftime("%d/%m/%Y %H:%M"),
        "Tipo Doc": frame["in_trans_type"],
        "N° Boleta": frame["in_trans_id"],
        "RUT Cliente": frame["in_customer_id"].map(_dotted_rut, na_action="ignore").fillna(""),
        "Código": frame["in_product_id"],
        "Descripción": frame["in_description"],
        "Categoría": frame["in_category"],
        "Unidad": frame["in_unit_type"],
        "Cant.": _chilean(frame["in_quantity"], 3),
        "Precio Unit.": _chilean(frame["in_price_unit"], 0),
        "Descuento": _chilean(frame["in_discount_total"], 0),
        "Costo Unit.": _chilean(frame["in_cost_unit"], 2),
        "Total": _chilean(frame["in_price_total"], 0),
        "Stock": _chilean(frame["in_stock"], 0),
    })
    out.loc[bad, "Cant."] = "s/i"  # "sin información": unreadable on purpose
    out.to_csv(messy, sep=";", index=False, encoding="cp1252", errors="replace")

    good = frame.loc[~bad, list(canonical.NAMES)]
    good.to_csv(clean, index=False, date_format="%Y-%m-%d %H:%M:%S")
    meta.write_text(json.dumps({"good": int((~bad).sum())}))
    return messy, clean, int((~bad).sum())


def _dotted_rut(value: str) -> str:
    from stdnum.cl import rut

    return rut.format(value)


# --- the contenders, each in its own process ---------------------------------------------


def child_ayni(url: str, path: Path, again: bool = False) -> dict:
    """AYNI's path for a new company (its first load), or `again` for the company loaded
    last (the same lines once more: staged, classified, all unchanged)."""
    from stdnum.cl import rut

    from ayni.core.db import Role, conninfo, engine
    from ayni.usecases import companies
    from loaders.ingest import ingest
    from loaders.mapping import propose
    from loaders.source import open_source

    point_at(url)
    with engine(Role.OWNER).begin() as conn:
        known = companies.list_companies(conn)
        if again:
            company = max(known, key=lambda c: c.id)
        else:
            body = str(76_000_000 + len(known) + 1)
            company = companies.create_company(conn, f"Bench {len(known) + 1}",
                                               body + rut.calc_check_digit(body), "minimarket",
                                               "small")
    with Stopwatch() as watch, psycopg.connect(conninfo(Role.WORKER)) as conn:
        source = open_source(path)
        mapping, _ = propose(source.preview(2000).frame)
        result = ingest(conn, source, mapping, company.id, None, mode="append",
                        now=pd.Timestamp("2100-01-01"), max_error_pct=5.0)
    return {"seconds": watch.seconds, "loaded": result.lines_loaded,
            "rejected": result.lines_rejected, "peak_rss_mb": peak_rss_mb()}


def _plain_table(conn: psycopg.Connection, name: str) -> None:
    types = {"timestamp": "timestamp", "text": "text", "numeric": "numeric"}
    columns = ", ".join(f"{c.name} {types[c.kind]}" for c in canonical.COLUMNS)
    conn.execute(f"DROP TABLE IF EXISTS {name}")
    conn.execute(f"CREATE TABLE {name} ({columns})")


def child_copy(url: str, path: Path) -> dict:
    from sqlalchemy.engine import make_url

    info = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(info) as conn:
        _plain_table(conn, "copy_lines")
        conn.commit()
        with Stopwatch() as watch:
            with conn.cursor().copy("COPY copy_lines FROM STDIN (FORMAT csv, HEADER)") as copy, \
                    path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    copy.write(block)
            conn.commit()
        loaded = conn.execute("SELECT count(*) FROM copy_lines").fetchone()[0]
    return {"seconds": watch.seconds, "loaded": loaded, "peak_rss_mb": peak_rss_mb()}


def child_to_sql(url: str, path: Path) -> dict:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with Stopwatch() as watch:
        frame = pd.read_csv(path, parse_dates=["in_dt"])
        frame.to_sql("to_sql_lines", engine, index=False, chunksize=10_000)
    with engine.begin() as conn:
        loaded = conn.exec_driver_sql("SELECT count(*) FROM to_sql_lines").scalar()
        conn.exec_driver_sql("DROP TABLE to_sql_lines")
    return {"seconds": watch.seconds, "loaded": loaded, "peak_rss_mb": peak_rss_mb()}


CHILDREN = {"ayni": child_ayni, "ayni_again": lambda url, path: child_ayni(url, path, True),
            "copy": child_copy, "to_sql": child_to_sql}


def run(lines: int, say=print, as_of: date | None = None) -> dict:
    from ayni.core.settings import get_settings
    from ayni.usecases.demo import REFERENCE_DATE

    as_of = as_of or REFERENCE_DATE
    folder = get_settings().data_dir / "bench"
    say(f"generating a messy export of {lines:,} lines (as of {as_of}) and its clean twin "
        f"in {folder} …")
    messy, clean, good = make_files(folder, lines, as_of)
    say("contenders: copy (clean file, unindexed table), ayni (messy file, new company), "
        "ayni_again (same file, same company), to_sql (pandas)")
    say(f"messy: {messy.stat().st_size / 1e6:.0f} MB, clean: {clean.stat().st_size / 1e6:.0f} MB, "
        f"{good:,} good lines")
    runs: dict[str, list[dict]] = {"copy": [], "ayni": [], "ayni_again": [], "to_sql": []}
    # COPY and AYNI alternate three times (the median counts: this machine is shared);
    # the same file again and to_sql are slow enough that once tells.
    plan = [("copy", clean), ("ayni", messy)] * REPEATS + [("ayni_again", messy), ("to_sql", clean)]
    with scratch_database() as db:
        for name, path in plan:
            fig = run_child("bench.ingest", "child", name, db.url, str(path))
            if fig["loaded"] != good:
                raise RuntimeError(f"{name} loaded {fig['loaded']} lines, expected {good}")
            runs[name].append(fig)
            say(f"  {name:<6} {fig['seconds']:6.2f} s  {good / fig['seconds']:>10,.0f} lines/s  "
                f"peak {fig['peak_rss_mb']:.0f} MB")
    figures = {name: sorted(r, key=lambda f: f["seconds"])[len(r) // 2] for name, r in runs.items()}
    rate = {name: good / fig["seconds"] for name, fig in figures.items()}
    return {
        "lines": good,
        "demo_as_of": as_of.isoformat(),
        "ayni_lines_per_s": round(rate["ayni"]),
        "copy_lines_per_s": round(rate["copy"]),
        "to_sql_lines_per_s": round(rate["to_sql"]),
        "ratio_vs_copy": round(rate["ayni"] / rate["copy"], 3),
        "ratio_vs_to_sql": round(rate["ayni"] / rate["to_sql"], 3),
        "again_lines_per_s": round(rate["ayni_again"]),
        "again_ratio_vs_copy": round(rate["ayni_again"] / rate["copy"], 3),
        "peak_rss_mb": round(max(f["peak_rss_mb"] for f in runs["ayni"]), 1),
        "rejected_on_purpose": figures["ayni"]["rejected"],
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.ingest")
    sub = parser.add_subparsers(dest="cmd", required=True)
    child = sub.add_parser("child")
    child.add_argument("name", choices=CHILDREN)
    child.add_argument("url")
    child.add_argument("path", type=Path)
    whole = sub.add_parser("run")
    whole.add_argument("--lines", type=int, default=1_000_000)
    whole.add_argument("--as-of", type=day, default=None)
    args = parser.parse_args(argv)
    if args.cmd == "child":
        print(json.dumps(CHILDREN[args.name](args.url, args.path)))
    else:
        report("ingest", run(args.lines, as_of=args.as_of))


if __name__ == "__main__":
    main(sys.argv[1:])
