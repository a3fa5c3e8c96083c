"""`ayni up`, `ayni worker`, `ayni scheduler`: the running product."""

from __future__ import annotations

import logging
import sys

import typer

from ayni.cli.dates import parse_day
from ayni.cli.words import say
from ayni.core.settings import get_settings


def up(
    demo: bool = typer.Option(False, "--demo", help="Load the demo companies (synthetic sales)"),
    demo_lines: int = typer.Option(0, "--demo-lines",
                                   help="Approximate demo volume in lines (0 = default)"),
    demo_as_of: str = typer.Option(None, "--demo-as-of", metavar="YYYY-MM-DD",
                                   help="Demo sales of the 13 full months before this day "
                                        "(default today)"),
    port: int = typer.Option(None, "--port", help="Web port (default AYNI_STREAMLIT_PORT)"),
) -> None:
    """Start everything: services, migrations, admin account, worker, scheduler, web app.
    With --demo, a line says when the demo is processed (or that it failed)."""
    from ayni import supervisor

    as_of = parse_day(demo_as_of, "--demo-as-of")
    settings = get_settings()
    if port:
        settings = settings.model_copy(update={"streamlit_port": port})
    code = supervisor.up(settings, demo_lines if demo else None,
                         lambda line: typer.echo(line, err=False), demo_as_of=as_of)
    raise typer.Exit(code)


def worker(
    burst: bool = typer.Option(False, "--burst", help="Exit when the queues are empty"),
    queues: str = typer.Option(",".join(("ayni-ingest", "ayni-aggregate")), "--queues",
                               help="Comma-separated queues to serve, in priority order"),
) -> None:
    """Run an RQ worker for uploads (load, features) and aggregation (dbt)."""
    # Imported once here so each forked job starts with them loaded.
    import dbt.cli.main  # noqa: F401
    import pandas  # noqa: F401
    from rq import Worker

    import workers.jobs  # noqa: F401
    from workers import features
    from workers.queue import connection

    settings = get_settings()
    features.check_params(settings)
    features.ensure_tables(settings)
    logging.getLogger("rq.worker").setLevel(logging.INFO)
    names = [q.strip() for q in queues.split(",") if q.strip()]
    w = Worker(names, connection=connection(settings))
    typer.echo(say("cli.worker_serving", name=w.name, queues=", ".join(names)))
    w.work(burst=burst, logging_level="INFO")
    sys.exit(0)


def scheduler() -> None:
    """Run RQ's cron scheduler: the scheduled full dbt build (AYNI_DBT_SCHEDULE, UTC)."""
    from rq.cron import CronScheduler

    from workers import jobs
    from workers.queue import AGGREGATE, connection

    settings = get_settings()
    cron = CronScheduler(connection=connection(), logging_level="INFO")
    cron.register(jobs.scheduled_build, AGGREGATE, cron=settings.dbt_schedule,
                  job_timeout=settings.job_timeout_s, name="scheduled dbt build")
    typer.echo(say("cli.scheduler", cron=settings.dbt_schedule))
    cron.start()
