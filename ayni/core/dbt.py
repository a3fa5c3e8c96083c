"""Running dbt with a profile generated from the settings.

dbt's Python runner is not safe for two invocations in one process, so callers
run one invocation per process: the CLI, or one RQ job (the worker forks per job).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import yaml

from ayni.core.db import Role, connection_params
from ayni.core.settings import Settings, get_settings

def _project_dir() -> Path:
    """The dbt project: package data of an installed AYNI, or the folder of a checkout."""
    spec = importlib.util.find_spec("dbt_project")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the dbt project (package dbt_project) is not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


PROJECT_DIR = _project_dir()
PROFILE = "ayni"


def dbt_dir(settings: Settings) -> Path:
    return settings.data_dir / "dbt"


def write_profile(settings: Settings) -> Path:
    """Write profiles.yml for the worker login; returns the folder holding it."""
    params = connection_params(Role.WORKER, settings)
    profile = {
        PROFILE: {
            "target": "ayni",
            "outputs": {
                "ayni": {
                    "type": "postgres",
                    "host": params["host"],
                    "port": params["port"],
                    "user": params["user"],
                    "password": params["password"],
                    "dbname": params["dbname"],
                    "schema": "marts",
                    "threads": settings.dbt_threads,
                    "connect_timeout": 10,
                }
            },
        }
    }
    folder = dbt_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "profiles.yml"
    path.write_text(yaml.safe_dump(profile, sort_keys=False))
    path.chmod(0o600)  # holds a password
    return folder


def command_args(args: list[str], settings: Settings) -> list[str]:
    """dbt arguments with the project and generated profile added unless given."""
    folder = write_profile(settings)
    args = list(args)
    if args and "--project-dir" not in args:
        args += ["--project-dir", str(PROJECT_DIR)]
    if args and "--profiles-dir" not in args:
        args += ["--profiles-dir", str(folder)]
    return args


def environment(settings: Settings) -> dict[str, str]:
    """Target and log folders under the data dir, so each installation parses on its own."""
    folder = dbt_dir(settings)
    return {
        "DBT_TARGET_PATH": str(folder / "target"),
        "DBT_LOG_PATH": str(folder / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_PARTIAL_PARSE": "true",
    }


def invoke(args: list[str], settings: Settings | None = None):
    """Run one dbt command in this process; returns dbt's result object."""
    from dbt.cli.main import dbtRunner

    settings = settings or get_settings()
    os.environ.update(environment(settings))
    return dbtRunner().invoke(command_args(args, settings))
