"""`ayni db migrate`, `ayni ingest` and `ayni demo`: getting data in from the command line.

What they print is the catalogue's (ayni/core/messages.py) in AYNI_LANGUAGE (`say`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import typer

from ayni.cli.dates import parse_day
from ayni.cli.words import language, say
from ayni.core import formatting, messages, uploads
from ayni.core.db import app_tx, worker_tx
from ayni.core.settings import get_settings
from ayni.usecases import companies, ingest, schema
from ayni.usecases import demo as demo_data
from ayni.usecases.roles import Actor
from loaders import report
from loaders.errors import MappingError
from loaders.source import open_source
from workers.queue import connection

db_app = typer.Typer(no_args_is_help=True, help="Database schema.")


@db_app.command(name="migrate")
def migrate_cmd() -> None:
    """Create the roles and bring the schema to the newest migration."""
    typer.echo(schema.bring_up_to_date(get_settings()))


def _company(rut: str) -> companies.Company:
    with app_tx() as conn:
        company = companies.get_by_rut(conn, rut)
    if company is None:
        raise companies.CompanyError("company.not_found", rut=formatting.rut(rut))
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
        raise typer.BadParameter(say("cli.bad_mode"))
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
        raise MappingError("mapping.missing_required", fields=", ".join(missing))
    if earlier and not yes:
        typer.secho(say("cli.error", error=say("cli.same_bytes", id=earlier.id,
                                               when=formatting.moment(earlier.created_at, language()))),
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    if resolution.origin in ("saved", "named"):
        typer.echo(say("cli.using_mapping", name=resolution.name))
    upload_id = ingest.submit(target.id, file.name, file, actor=Actor.operator(),
                              mapping=resolution.mapping,
                              source_format=source.format, mapping_name=resolution.name,
                              mode=mode, max_error_pct=max_error_pct, origin="cli",
                              settings=settings)
    typer.echo(say("cli.queued", id=upload_id, company=target.name, rut=formatting.rut(target.rut)))
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
    where = (say("cli.where_xlsx", sheet=fmt.sheet, line=fmt.header_line) if fmt.kind == "xlsx"
             else say("cli.where_csv", encoding=fmt.encoding, delimiter=repr(fmt.delimiter),
                      line=fmt.header_line))
    typer.echo(say("cli.proposal", file=source.path.name, where=where))
    for p in resolution.proposals:
        column = p.column or "—"
        detail = _format_of(resolution.mapping, p.column)
        typer.echo(f"  {p.field:<20} ← {column:<24} {p.confidence:>4.0%}{detail}")
    missing = resolution.mapping.missing_required()
    if missing:
        typer.echo(say("cli.missing_fields", fields=", ".join(missing)))
    typer.echo(say("cli.accept_hint"))


def _format_of(mapping, column: str | None) -> str:
    if column in mapping.numbers:
        n = mapping.numbers[column]
        return say("cli.number_format", decimal=repr(n.decimal), thousands=repr(n.thousands))
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
    typer.echo(say("cli.demo_queued", count=_n(len(upload_ids))))
    if not wait:
        return
    helper = _ensure_worker()
    try:
        finals = _wait(upload_ids)
    finally:
        _stop(helper)
    failed = [u for u in finals if u.status != "done"]
    typer.echo(say("cli.demo_ready", lines=_n(sum(u.lines_loaded for u in finals)),
                   companies=_n(len(finals) - len(failed))))
    if failed:
        for u in failed:
            typer.echo(say("cli.upload_failed", id=u.id, error=messages.render(u.error, language())),
                       err=True)
        raise typer.Exit(1)


def _ensure_worker() -> subprocess.Popen | None:
    """Start a temporary worker when none listens, so --wait never waits forever."""
    from rq import Worker

    if Worker.all(connection=connection()):
        return None
    typer.echo(say("cli.temporary_worker"))
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
                typer.echo(say("cli.progress", id=u.id, stage=_stage(u), percent=u.percent)
                           + (say("cli.lines_read", lines=_n(u.lines_read)) if u.lines_read else ""))
        if all(u.finished for u in current):
            return current
        time.sleep(0.5)


def _stage(u: uploads.Upload) -> str:
    """An upload's stage in words, as the pages say it."""
    if u.status == "failed":
        return say("status.failed")
    return say("stage.queued" if u.status == "queued" else f"stage.{u.stage}")


def _n(value: float) -> str:
    """A count as the command line's language writes it: 12.345 (es), 12,345 (en)."""
    return formatting.number(value, language())


def _report(u: uploads.Upload) -> None:
    """Where the error report is, written in the command line's language."""
    if u.report_path and Path(u.report_path).exists():
        typer.echo(say("cli.report", path=report.rendered_copy(u.report_path, language())))


def _summary(u: uploads.Upload) -> None:
    if u.status != "done":
        typer.secho(say("cli.upload_failed", id=u.id, error=messages.render(u.error, language())),
                    fg=typer.colors.RED, err=True)
        _report(u)
        return
    typer.echo(say("cli.summary", read=_n(u.lines_read), loaded=_n(u.lines_loaded),
                   rejected=_n(u.lines_rejected), warned=_n(u.lines_warned),
                   date_from=formatting.day(u.date_from, language()),
                   date_to=formatting.day(u.date_to, language())))
    with worker_tx() as conn:
        for m in uploads.data_updates(conn, u.id):
            typer.echo(say("cli.month", month=f"{m['month']:%Y-%m}", before=_n(m["lines_before"]),
                           after=_n(m["lines_after"]), added=_n(m["added"]),
                           updated=_n(m["updated"]), unchanged=_n(m["unchanged"]),
                           removed=_n(m["removed"])))
    _report(u)
