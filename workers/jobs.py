"""The RQ jobs of an upload's chain. Each writes its progress to the upload row.

A job that fails marks its upload failed with a message a user can read (the
traceback stays in the worker log and RQ's failed registry) and re-raises so
RQ records the failure and the retry button can run the stage again.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import text

from ayni.core import clock, uploads
from ayni.core.db import Role, conninfo, worker_tx
from ayni.core.messages import Message, UserError
from ayni.core.settings import get_settings
from loaders import storage
from loaders.errors import FileFormatError
from loaders.ingest import IngestResult, TooManyErrors, ingest, total_lines
from loaders.mapping import Mapping
from loaders.source import SourceFormat, open_source
from workers import features, pipeline, progress, queue, scope

log = logging.getLogger(__name__)

PENDING_AGGREGATION = "ayni:aggregate:pending"
# Companies whose last incremental dbt run did not finish: the next run rebuilds them whole.
UNFINISHED_COMPANIES = "ayni:aggregate:unfinished"
AGGREGATION_LOCK = "ayni.aggregate"
# How the aggregation scope reaches dbt (dbt_project/README.md, "Incremental builds").
SCOPE_ENV = "AYNI_DBT_SCOPE"
# Fingerprint of the dbt project files the staging views were last built from.
VIEWS_BUILT = "ayni:dbt:views_built"
# Errors whose message is written for the user (UserErrors: a catalogue key and values, stored
# as such and rendered in each reader's language). AggregationError is not one: dbt's summary
# is for the log, the user reads job.internal.
USER_ERRORS = (FileFormatError, TooManyErrors, storage.StorageError, features.FeatureDataError)
# Of those, the ones of the file's own data: a retry of the same file fails the same way.
DATA_ERRORS = (FileFormatError, TooManyErrors, features.FeatureDataError)


class AggregationError(UserError, RuntimeError):
    """dbt did not build the warehouse; the message carries dbt's summary."""


@contextmanager
def _stage(upload_ids: list[int], stage: str) -> Iterator[None]:
    try:
        yield
    except USER_ERRORS as exc:
        progress.failed(upload_ids, exc.message, retryable=not isinstance(exc, DATA_ERRORS))
        raise
    except Exception as exc:
        log.exception("stage %s failed for uploads %s", stage, upload_ids)
        # The user reads this: no paths or internals (the admin's queue page and the
        # worker log keep the whole error).
        progress.failed(upload_ids, Message("job.internal", {"stage": Message(f"stage.{stage}"),
                                                             "error": type(exc).__name__}))
        raise


def interrupted(job, connection, exc_type, exc_value, tb) -> None:
    """RQ's failure callback. A job that raised has marked its upload already; this one
    covers a work horse that died (killed, out of memory) and was found abandoned."""
    upload_id = job.args[0]
    with worker_tx() as conn:
        upload = uploads.get(conn, upload_id)
    if upload is not None and upload.status in ("queued", "running"):
        progress.failed([upload_id], Message("job.interrupted",
                                             {"stage": Message(f"stage.{upload.stage}")}))


def load_upload(upload_id: int) -> dict:
    """Read the stored file with its mapping, validate it and load its lines."""
    settings = get_settings()
    with worker_tx() as conn:
        upload = uploads.get(conn, upload_id)
    report_path = (settings.data_dir / "reports" / str(upload.company_id)
                   / f"{upload_id}_errores.csv")
    with _stage([upload_id], "load"):
        progress.update(upload_id, "load", 0.0)
        fmt = SourceFormat(**upload.source_format)
        suffix = Path(upload.filename).suffix.lower()
        with storage.plain_copy(settings, Path(upload.file_path), suffix) as plain:
            source = open_source(plain, kind=fmt.kind, encoding=fmt.encoding,
                                 delimiter=fmt.delimiter, header_line=fmt.header_line,
                                 sheet=fmt.sheet)
            total = max(total_lines(source), 1)

            def report(line: int) -> None:
                progress.update(upload_id, "load", line / total)

            try:
                with psycopg.connect(conninfo(Role.WORKER)) as conn:
                    result = ingest(conn, source, Mapping.from_json(upload.mapping),
                                    upload.company_id, upload_id, now=clock.end_of_today(),
                                    mode=upload.mode, max_error_pct=float(upload.max_error_pct),
                                    report_path=report_path, progress=report)
            except TooManyErrors as exc:
                if exc.result is not None:
                    _record_counts(upload_id, exc.result)
                raise
        _record_counts(upload_id, result)
    pipeline.enqueue(upload_id, "features")
    return {"lines_loaded": result.lines_loaded, "lines_rejected": result.lines_rejected}


def _record_counts(upload_id: int, result: IngestResult) -> None:
    progress.update(upload_id, "load", 1.0, lines_read=result.lines_read,
                    lines_loaded=result.lines_loaded, lines_rejected=result.lines_rejected,
                    lines_warned=result.lines_warned, date_from=result.date_from,
                    date_to=result.date_to,
                    report_path=str(result.report_path) if result.report_path else None)


def compute_features(upload_id: int) -> dict:
    """Run GabeDA over the company's lines and replace its feature tables."""
    with worker_tx() as conn:
        upload = uploads.get(conn, upload_id)
    with _stage([upload_id], "features"):
        progress.update(upload_id, "features", 0.0)
        written = features.refresh(
            upload.company_id,
            report=lambda fraction: progress.update(upload_id, "features", fraction),
        )
        progress.update(upload_id, "features", 1.0)
    queue.connection().sadd(PENDING_AGGREGATION, upload_id)
    pipeline.enqueue(upload_id, "aggregate")
    return written


def aggregate(upload_id: int) -> dict:
    """Bring the warehouse up to date with dbt for every upload waiting, in one run.

    Uploads that finish their features while a dbt run is going wait in a Redis set;
    the next aggregate job takes them all, so a burst of uploads costs few dbt runs.
    The run is incremental: only what the uploads' companies and date ranges change is
    rebuilt (workers/scope.py; dbt_project/README.md, "Incremental builds").
    """
    settings = get_settings()
    redis = queue.connection()
    with worker_tx() as conn:
        upload = uploads.get(conn, upload_id)
    if upload and upload.status != "done":
        redis.sadd(PENDING_AGGREGATION, upload_id)  # a retried job puts its upload back
    with _aggregation_lock():
        pending = sorted(int(x) for x in redis.spop(PENDING_AGGREGATION, 10_000) or [])
        if not pending:
            return {"coalesced_into_earlier_run": True}
        with _stage(pending, "aggregate"):
            for uid in pending:
                progress.update(uid, "aggregate", 0.1)
            # Companies of a run that did not finish (dbt failed, the worker died) are
            # rebuilt whole: the models it did commit no longer show what changed.
            unfinished = [int(x) for x in redis.smembers(UNFINISHED_COMPANIES)]
            with worker_tx() as conn:
                run_scope = scope.for_uploads(conn, pending, whole_companies=unfinished)
            companies = scope.companies(run_scope)
            if run_scope:
                redis.sadd(UNFINISHED_COMPANIES, *companies)
                stale_views = _stale_views(redis)
                _build(settings, run_scope, views=stale_views is not None)
                if stale_views is not None:
                    redis.set(VIEWS_BUILT, stale_views)
                redis.srem(UNFINISHED_COMPANIES, *companies)
            progress.done(pending)
    return {"uploads": pending, "companies": companies}


def scheduled_build() -> dict:
    """The nightly refresh (`ayni scheduler`, AYNI_DBT_SCHEDULE): `dbt build --full-refresh`
    of the whole warehouse with its tests, so the benchmarks (tag `benchmark`, not built by
    uploads) are refreshed and opt-in changes applied, and any drift is rebuilt away."""
    with _aggregation_lock():
        fingerprint = _project_fingerprint()
        _build(get_settings(), None)
        redis = queue.connection()
        redis.set(VIEWS_BUILT, fingerprint)
        redis.delete(UNFINISHED_COMPANIES)
    return {"built": True}


@contextmanager
def _aggregation_lock() -> Iterator[None]:
    """One dbt run at a time. A session advisory lock, not a Redis one: it dies with a
    killed worker's connection instead of blocking the next run until it expires."""
    with psycopg.connect(conninfo(Role.WORKER), autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(hashtext(%s))", (AGGREGATION_LOCK,))
        yield


def _build(settings, run_scope: list[dict] | None, *, views: bool = True) -> None:
    """One dbt invocation in this process (the work horse RQ forked for this job).

    With a scope (an upload): the models tagged `per_upload` (dbt_project.yml: the
    aggregation marts and what they read), incremental over the scope. A `table` mart
    an analyst adds is not rebuilt per upload unless it carries the tag; the nightly
    build rebuilds everything. Left out: the benchmarks (the nightly build keeps them
    fresh; built here only while they do not exist yet), tests (they read whole tables:
    the suite, the nightly build and analysts run them) and, unless `views`, the views
    and the seed they read (document types): they hold code and rules, not data, so the
    caller asks for them only when they are missing or the project's files changed
    since they were last built (VIEWS_BUILT); `dbt run` loads no seed, so such a run is
    a `dbt build` of models and seeds. The scope goes in the environment, not in
    --vars: a changed --vars makes dbt re-parse the whole project (~2.5 s), the
    environment variable is read only while models run (dbt_project/macros/scope.sql).
    Without a scope (the nightly job): `dbt build --full-refresh`, models and tests.
    """
    from ayni.core import dbt

    if run_scope is None:
        args = ["build", "--full-refresh"]
    else:
        select = ["tag:per_upload"]
        if not _relation_exists("marts.benchmarks"):
            select.append("tag:benchmark")
        if views:
            select += ["config.materialized:view", "resource_type:seed"]
            command = ["build", "--exclude-resource-type", "test",
                       "--exclude-resource-type", "unit_test"]
        else:
            command = ["run"]
        # No JSON artifacts: nothing reads them after a worker run, and writing the
        # manifest costs ~0.3 s. Partial parsing has its own file and is kept.
        args = [*command, "--no-write-json", "--select", *select]
    previous = os.environ.get(SCOPE_ENV)
    os.environ[SCOPE_ENV] = scope.to_json(run_scope) if run_scope is not None else ""
    try:
        result = dbt.invoke(args, settings)
    finally:
        if previous is None:
            os.environ.pop(SCOPE_ENV, None)
        else:
            os.environ[SCOPE_ENV] = previous
    if not result.success:
        raise AggregationError("job.dbt_failed", detail=_dbt_failure(result))


def _relation_exists(name: str) -> bool:
    with worker_tx() as conn:
        return conn.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": name}).scalar()


def _stale_views(redis) -> str | None:
    """The project's fingerprint when the views (staging's and marts.sales_lines) must be
    (re)built: they are missing, or the project's files changed since they were last
    built; else None."""
    fingerprint = _project_fingerprint()
    with worker_tx() as conn:
        exist = conn.execute(text(
            "SELECT count(DISTINCT schemaname) = 2 FROM pg_views "
            "WHERE schemaname IN ('staging', 'marts')")).scalar()
    return None if exist and redis.get(VIEWS_BUILT) == fingerprint.encode() else fingerprint


def _project_fingerprint() -> str:
    """A hash of the dbt project's own files (models, macros, tests, dbt_project.yml) and
    of the seed it reads from the ground (document types): an edited rule reloads it."""
    from ayni.core.documents import DATA_FILE
    from ayni.core.dbt import PROJECT_DIR as project

    digest = hashlib.sha256()
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project)
        if (path.is_file() and path.suffix in (".sql", ".yml", ".yaml", ".md")
                and relative.parts[0] not in ("target", "logs", "dbt_packages")):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes())
    digest.update(b"seeds/" + DATA_FILE.name.encode() + b"\0" + DATA_FILE.read_bytes())
    return digest.hexdigest()


def _dbt_failure(result) -> str:
    if result.exception is not None:
        return str(result.exception)
    failed = [
        f"{r.node.name}: {r.message}" for r in (result.result or []) if str(r.status) in ("error", "fail")
    ]
    return "; ".join(failed[:5])
