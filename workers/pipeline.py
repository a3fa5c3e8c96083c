"""One upload is one chain of jobs: load → features → aggregate.

Each job enqueues the next when it succeeds, so a failed stage stops the chain
where it failed and a retry starts again from that stage.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

from rq import Callback
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry

from ayni import audit
from ayni.db import tenant, worker_tx
from ayni.settings import Settings, get_settings
from loaders import mapping_store, storage
from loaders.errors import MappingError
from loaders.mapping import Mapping
from loaders.source import SourceFormat, open_source
from workers import queue, uploads

# stage -> (queue, job function)
STAGE_JOBS: dict[str, tuple[str, str]] = {
    "load": (queue.INGEST, "workers.jobs.load_upload"),
    "features": (queue.INGEST, "workers.jobs.compute_features"),
    "aggregate": (queue.AGGREGATE, "workers.jobs.aggregate"),
}
FIRST_STAGE = "load"


def _safe_name(filename: str) -> str:
    name = Path(filename).name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:120] or "archivo"


def submit(company_id: int, filename: str, source: Path | bytes, *, mapping: Mapping,
           source_format: SourceFormat, mapping_name: str | None = None,
           user_id: int | None = None, mode: str = "append", max_error_pct: float | None = None,
           origin: str = "upload", settings: Settings | None = None) -> int:
    """Record an upload, keep its file encrypted, and start its chain; returns the upload id."""
    settings = settings or get_settings()
    pct = settings.max_error_pct if max_error_pct is None else max_error_pct
    with tenant(company_id, settings) as conn:
        upload_id = uploads.create(
            conn, company_id, filename, user_id=user_id, mode=mode, source=origin,
            mapping=mapping.to_json(), source_format=asdict(source_format),
            mapping_name=mapping_name, max_error_pct=pct)
        folder = settings.data_dir / "uploads" / str(company_id)
        target = folder / f"{upload_id}_{_safe_name(filename)}.enc"
        sha, size = storage.store(settings, source, target)
        uploads.set_file(conn, upload_id, str(target), sha, size)
        audit.record(conn, "upload.submitted", user_id=user_id, company_id=company_id,
                     upload_id=upload_id, filename=filename, mode=mode, bytes=size)
    enqueue(upload_id, FIRST_STAGE, settings)
    return upload_id


def submit_file(company_id: int, path: Path, *, mapping_name: str | None = None,
                settings: Settings | None = None, **options) -> int:
    """Submit a file whose mapping needs no one: a saved mapping (by name or matching its
    header) or the canonical header. A proposal nobody confirmed is refused."""
    settings = settings or get_settings()
    source = open_source(path, max_bytes=settings.max_upload_mb * 1024 * 1024)
    with tenant(company_id, settings) as conn:
        resolution = mapping_store.resolve(conn, company_id, source, mapping_name)
    if resolution.needs_confirmation or resolution.mapping.missing_required():
        raise MappingError(f"{path.name}: no hay un mapeo guardado para este encabezado; "
                           "confírmelo primero (página Subir ventas o --accept-mapping)")
    return submit(company_id, path.name, path, mapping=resolution.mapping,
                  source_format=source.format, mapping_name=resolution.name,
                  settings=settings, **options)


def retry(upload_id: int, settings: Settings | None = None) -> str:
    """Run a failed or interrupted upload again from the stage where it stopped. Each stage
    is one transaction, so a stage that died left nothing behind to undo."""
    settings = settings or get_settings()
    with worker_tx(settings) as conn:
        upload = uploads.get(conn, upload_id)
        if upload is None:
            raise LookupError(f"no upload {upload_id}")
        stage = upload.stage if upload.stage in STAGE_JOBS else FIRST_STAGE
        failed_job = uploads.job_id(conn, upload_id)
        uploads.reset_for_retry(conn, upload_id)
    new_job = enqueue(upload_id, stage, settings)
    if failed_job:
        _forget_failed(failed_job, settings)
    return new_job


def _forget_failed(job_id: str, settings: Settings) -> None:
    """The failed job a retry replaces leaves the failed list (the queue page would still
    offer to retry it)."""
    conn = queue.connection(settings)
    try:
        job = Job.fetch(job_id, connection=conn)
    except NoSuchJobError:
        return
    if job.get_status() == JobStatus.FAILED:
        FailedJobRegistry(job.origin, connection=conn).remove(job, delete_job=True)


def enqueue(upload_id: int, stage: str, settings: Settings | None = None) -> str:
    """Queue the job of one stage for an upload; returns the RQ job id."""
    settings = settings or get_settings()
    queue_name, func = STAGE_JOBS[stage]
    job = queue.queue(queue_name, settings).enqueue(
        func, upload_id, description=f"{stage} upload {upload_id}",
        result_ttl=7 * 24 * 3600, failure_ttl=30 * 24 * 3600,
        on_failure=Callback("workers.jobs.interrupted"),
    )
    with worker_tx(settings) as conn:
        uploads.set_job(conn, upload_id, job.id)
    return job.id
