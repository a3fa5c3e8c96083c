"""`ayni services start|stop|status`: the embedded PostgreSQL and Valkey."""

from __future__ import annotations

import typer

from ayni.cli.words import language, say
from ayni.core import services
from ayni.core.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Embedded PostgreSQL and Valkey.")


@app.command()
def start() -> None:
    """Start the embedded services (or reuse the running ones)."""
    for status, started in services.start_all(get_settings()):
        typer.echo(say("cli.service.started" if started else "cli.service.reused",
                       service=status.describe(language())))


@app.command()
def stop() -> None:
    """Stop the embedded services."""
    stopped = services.stop_all(get_settings())
    typer.echo(say("cli.services_stopped", services=", ".join(stopped)) if stopped
               else say("cli.nothing_running"))


@app.command()
def status() -> None:
    """Show where each service is and whether it answers."""
    settings = get_settings()
    states = [services.postgres_status(settings), services.valkey_status(settings)]
    for state in states:
        typer.echo(state.describe(language()))
    if not all(s.running for s in states):
        raise typer.Exit(3)
