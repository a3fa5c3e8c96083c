"""The `ayni` command: one entry point for people and scripts.

Each subcommand prints what it did in plain words and exits non-zero with a
one-line reason when it fails (no traceback for expected failures).
"""

from __future__ import annotations

import logging
import sys
import warnings

import typer

from ayni.cli import bench, company, data, dbt_passthrough, docs, services, stack

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="AYNI: analytics warehouse for Chilean SMEs.")
app.add_typer(services.app, name="services")
app.add_typer(data.db_app, name="db")
app.add_typer(company.app, name="company")
app.command(name="ingest")(data.ingest_command)
app.command(name="demo")(data.demo)
app.command(name="up")(stack.up)
app.command(name="worker")(stack.worker)
app.command(name="scheduler")(stack.scheduler)
app.command(name="bench")(bench.bench)
app.command(name="docs")(docs.docs)
app.command(name="dbt", context_settings={"allow_extra_args": True,
                                          "ignore_unknown_options": True})(dbt_passthrough.dbt)


def _expected_errors() -> tuple[type[BaseException], ...]:
    from ayni.core.services import ServiceError
    from ayni.core.settings import SettingsError
    from ayni.usecases.accounts import AccountError
    from ayni.usecases.companies import CompanyError
    from loaders.errors import FileFormatError, MappingError
    from loaders.storage import StorageError

    return (SettingsError, ServiceError, CompanyError, AccountError, FileFormatError,
            MappingError, StorageError)


def _error_line(exc: BaseException) -> str:
    """The one-line reason in AYNI_LANGUAGE (a UserError's key rendered; other errors as
    they are, e.g. a setting that does not validate, when there may be no language yet)."""
    from ayni.core import messages
    from ayni.core.settings import SettingsError, get_settings

    try:
        language = get_settings().language
    except (SettingsError, ValueError):
        language = "es"
    return messages.text("cli.error", language, error=messages.render(exc, language))


def main() -> None:
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    try:
        app()
    except _expected_errors() as exc:
        typer.secho(_error_line(exc), fg=typer.colors.RED, err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
