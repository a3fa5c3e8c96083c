"""`ayni db migrate`, `ayni ingest` and `ayni demo`: getting data in from the command line."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import typer

from ayni.cli.dates import parse_day
from ayni.core import formatting, uploads
from ayni.core.db import Role, app_tx, engine, worker_tx
from ayni.core.migrate import migrate
from ayni.core.settings import get_settings
from ayni.usecases import accounts, companies, ingest
from ayni.usecases import demo as demo_data
from loaders.errors import MappingError
from loaders.source import open_source
from workers import features
from workers.queue import connection

db_app = typer.Typer(no_args_is_help=True, help="Database schema.")


@db_app.command(name="migrate")
def migrate_cmd() -> None:
    """Create the roles and bring the schema to the newest migration."""
    settings = get_settings()
    revision = migrate(settings)
    features.ensure_tables(settings)
    with engine(Role.OWNER, settings).begin() as conn:
        created = accounts.ensure_admin(conn, settings)
    typer.echo(f"database at revision {revision}"
               + (f"; admin account {settings.admin_email} created" if created else ""))


def _company(rut: str) -> companies.Company:
    with app_tx() as conn:
        company = companies.get_by_rut(conn, rut)
    if company is None:
        raise companies.CompanyError(
            f"no company with RUT {rut}: create it with `ayni company create`")
    return company


def ingest_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                help="Sales export: CSV or XLSX"),
    company: str = typer.Option(..., "--company", help="RUT of the company"),
    mapping: str = typer.Option(None, "--mapping", help="Use this saved mapping"),
    accept_mapping: str = typer.Option(None, "--accept-mapping", metavar="NAME",
                                       help="Save the proposed mapping under NAME and use it"),
    mode: str = typer.Option("append", "--mode", help="append or replace"),
    max_error_pct: float = typer.Option(None, "--max-error-pct", min=0, max=100,
                                        help="Bad-line share above which nothing loads "
                                             "(default AYNI_MAX_ERROR_PCT)"),
    sheet: str = typer.Option(None, "--sheet", help="Sheet of an .xlsx file"),
    encoding: str = typer.Option(None, "--encoding", help="Override the detected encoding"),
    delimiter: str = typer.Option(None, "--delimiter", help="Override the detected delimiter"),
    header_line: int = typer.Option(None, "--header-line", min=1,
                                    help="Override the detected header line (1 = first)"),
    yes: bool = typer.Option(False, "--yes", help="Process a file uploaded before, again"),
    wait: bool = typer.Option(False, "--wait", help="Wait for processing and print a summary"),
) -> None:
    """Upload a sales file for a company and process it (load → features → aggregate)."""
    if mode not in ("append", "replace"):
        raise typer.BadParameter("--mode must be append or replace")
    settings = get_settings()
    target = _company(company)
    source = open_source(file, sheet=sheet, encoding=encoding, delimiter=delimiter,
                         header_line=header_line, max_bytes=settings.max_upload_mb * 1024 * 1024)
    prepared = ingest.prepare(target.id, source, mapping_name=mapping, settings=settings)
    resolution, earlier = prepared.resolution, prepared.earlier
    if resolution.needs_confirmation and accept_mapping:
        ingest.save_mapping(target.id, accept_mapping, resolution.mapping, source.columns,
                            settings=settings)
        resolution = ingest.prepare(target.id, source, mapping_name=accept_mapping,
                                    settings=settings).resolution
    if resolution.needs_confirmation:
        _show_proposal(source, resolution)
        raise typer.Exit(2)
    missing = resolution.mapping.missing_required()
    if missing:
        raise MappingError(f"el mapeo deja campos obligatorios sin columna: {', '.join(missing)}")
    if earlier and not yes:
        typer.secho(f"error: this file (same bytes) was uploaded before as upload {earlier.id} "
                    f"on {earlier.created_at:%Y-%m-%d %H:%M}; add --yes to process it again",
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    if resolution.origin in ("saved", "named"):
        typer.echo(f"using saved mapping «{resolution.name}»")
    upload_id = ingest.submit(target.id, file.name, file, mapping=resolution.mapping,
                              source_format=source.format, mapping_name=resolution.name,
                              mode=mode, max_error_pct=max_error_pct, origin="cli",
                              settings=settings)
    typer.echo(f"upload {upload_id} queued for {target.name} ({target.rut})")
    if not wait:
        return
    helper = _ensure_worker()
    try:
        final = _wait([upload_id])[0]
    finally:
        _stop(helper)
    _summary(final)
    if final.status != "done":
        raise typer.Exit(1)


def _show_proposal(source, resolution) -> None:
    """Print the proposed mapping and how to accept it."""
    fmt = source.format
    where = (f"sheet {fmt.sheet}, header on row {fmt.header_line}" if fmt.kind == "xlsx" else
             f"{fmt.encoding}, delimiter {fmt.delimiter!r}, header on line {fmt.header_line}")
    typer.echo(f"{source.path.name}: {where}. No saved mapping fits this header; proposal:")
    for p in resolution.proposals:
        column = p.column or "—"
        detail = _format_of(resolution.mapping, p.column)
        typer.echo(f"  {p.field:<20} ← {column:<24} {p.confidence:>4.0%}{detail}")
    missing = resolution.mapping.missing_required()
    if missing:
        typer.echo(f"required fields without a column: {', '.join(missing)}")
    typer.echo("check it, then run again with --accept-mapping NAME to save it under NAME "
               "and load the file (later files with this header use it by themselves)")


def _format_of(mapping, column: str | None) -> str:
    if column in mapping.numbers:
        n = mapping.numbers[column]
        return f"  (decimal {n.decimal!r}, thousands {n.thousands!r})"
    if column in mapping.dates:
        return f"  ({mapping.dates[column].pattern})"
    return ""


def demo(
    lines: int = typer.Option(0, "--lines", help="Approximate total lines (0 = default volume)"),
    wait: bool = typer.Option(False, "--wait", help="Wait until every demo upload is processed"),
    as_of: str = typer.Option(None, "--as-of", metavar="YYYY-MM-DD",
                              help="Sales of the 13 full months before this day (default today)"),
) -> None:
    """Create the demo companies and upload a year of synthetic sales for each."""
    upload_ids = demo_data.seed(lines, parse_day(as_of, "--as-of"))
    typer.echo(f"{len(upload_ids)} demo uploads queued")
    if not wait:
        return
    helper = _ensure_worker()
    try:
        finals = _wait(upload_ids)
    finally:
        _stop(helper)
    failed = [u for u in finals if u.status != "done"]
    typer.echo(f"demo ready: {_n(sum(u.lines_loaded for u in finals))} lines in "
               f"{len(finals) - len(failed)} companies")
    if failed:
        for u in failed:
            typer.echo(f"upload {u.id} failed: {u.error}", err=True)
        raise typer.Exit(1)


def _ensure_worker() -> subprocess.Popen | None:
    """Start a temporary worker when none listens, so --wait never waits forever."""
    from rq import Worker

    if Worker.all(connection=connection()):
        return None
    typer.echo("no worker is running: processing with a temporary one")
    return subprocess.Popen([sys.executable, "-m", "ayni.cli", "worker", "--burst"])


def _stop(helper: subprocess.Popen | None) -> None:
    if helper is not None:
        try:
            helper.wait(timeout=60)
        except subprocess.TimeoutExpired:
            helper.terminate()


def _wait(upload_ids: list[int]) -> list[uploads.Upload]:
    """Show progress until every upload is done or failed."""
    last = {}
    while True:
        with worker_tx() as conn:
            current = [uploads.get(conn, i) for i in upload_ids]
        for u in current:
            state = (u.stage, u.percent, u.status)
            if last.get(u.id) != state:
                last[u.id] = state
                typer.echo(f"upload {u.id}: {u.status:<7} {u.stage:<10} {u.percent:>3}%"
                           + (f"  {_n(u.lines_read)} lines read" if u.lines_read else ""))
        if all(u.finished for u in current):
            return current
        time.sleep(0.5)


def _n(value: float) -> str:
    """A count as the command line writes it (English, like its messages): 12,345."""
    return formatting.number(value, "en")


def _summary(u: uploads.Upload) -> None:
    if u.status != "done":
        typer.secho(f"upload {u.id} failed: {u.error}", fg=typer.colors.RED, err=True)
        if u.report_path:
            typer.echo(f"error report: {u.report_path}")
        return
    typer.echo(f"lines read: {_n(u.lines_read)}; loaded: {_n(u.lines_loaded)}; "
               f"rejected: {_n(u.lines_rejected)}; with warnings: {_n(u.lines_warned)}; "
               f"dates {u.date_from} .. {u.date_to}")
    with worker_tx() as conn:
        for m in uploads.data_updates(conn, u.id):
            typer.echo(f"  {m['month']:%Y-%m}: {_n(m['lines_before'])} → {_n(m['lines_after'])} "
                       f"lines (added {_n(m['added'])}, updated {_n(m['updated'])}, "
                       f"unchanged {_n(m['unchanged'])}, removed {_n(m['removed'])})")
    if u.report_path:
        typer.echo(f"error report: {u.report_path}")
