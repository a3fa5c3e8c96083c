"""`ayni dbt ...`: any dbt command, with AYNI's project and a profile from the settings."""

from __future__ import annotations

import os
import sys

import typer

from ayni.core import dbt as runner
from ayni.core.settings import get_settings


def dbt(ctx: typer.Context) -> None:
    """Run dbt (e.g. `ayni dbt build`, `ayni dbt docs generate`)."""
    settings = get_settings()
    args = runner.command_args(list(ctx.args), settings)
    env = {**os.environ, **runner.environment(settings)}
    # A process of its own: dbt's runner is one invocation per process.
    os.execvpe(sys.executable, [sys.executable, "-m", "dbt.cli.main", *args], env)
