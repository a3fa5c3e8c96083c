"""The one ingest flow of the pages and the command line: submit a file, retry an upload.

An upload is recorded, its file kept encrypted and its job chain started
(workers/pipeline.py); both callers go through here, as the company's tenant.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ayni.core import audit, uploads
from ayni.core.db import tenant, worker_tx
from ayni.core.settings import Settings, get_settings
from ayni.usecases.roles import Actor, require_upload
from loaders import mapping_store, storage
from loaders.errors import MappingError
from loaders.mapping import Mapping
from loaders.source import Source, SourceFormat, open_source
from workers import pipeline


def _safe_name(filename: str) -> str:
    name = Path(filename).name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:120] or "archivo"


@dataclass(frozen=True)
class Prepared:
    """What a file gets before it is sent: its mapping and an earlier upload of the same bytes."""
    resolution: mapping_store.Resolution
    earlier: uploads.Upload | None


def prepare(company_id: int, source: Source, *, mapping_name: str | None = None,
            settings: Settings | None = None) -> Prepared:
    """The mapping a file gets (asked for by name, saved for its header, or proposed) and
    whether the same bytes were uploaded before, as the company's tenant."""
    with tenant(company_id, settings) as conn:
        resolution = mapping_store.resolve(conn, company_id, source, mapping_name)
        earlier = uploads.same_bytes(conn, company_id, storage.sha256_of(source.path))
    return Prepared(resolution, earlier)


def save_mapping(company_id: int, name: str, mapping: Mapping, columns: list[str], *,
                 settings: Settings | None = None) -> None:
    """Keep a confirmed mapping under a name; later files with this header get it."""
    with tenant(company_id, settings) as conn:
        mapping_store.save(conn, company_id, name, mapping, columns)


def submit(company_id: int, filename: str, source: Path | bytes, *, actor: Actor,
           mapping: Mapping, source_format: SourceFormat, mapping_name: str | None = None,
           mode: str = "append", max_error_pct: float | None = None, origin: str = "upload",
           settings: Settings | None = None) -> int:
    """Record an upload, keep its file encrypted, and start its chain; returns the upload id."""
    require_upload(actor)
    user_id = actor.user_id
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
    pipeline.enqueue(upload_id, pipeline.FIRST_STAGE, settings)
    return upload_id


def submit_file(company_id: int, path: Path, *, mapping_name: str | None = None,
                actor: Actor | None = None, settings: Settings | None = None,
                **options) -> int:
    """Submit a file whose mapping needs no one: a saved mapping (by name or matching its
    header) or the canonical header. A proposal nobody confirmed is refused. Scripts (the
    demo, the command line) submit as the operator."""
    settings = settings or get_settings()
    source = open_source(path, max_bytes=settings.max_upload_mb * 1024 * 1024)
    with tenant(company_id, settings) as conn:
        resolution = mapping_store.resolve(conn, company_id, source, mapping_name)
    if resolution.needs_confirmation or resolution.mapping.missing_required():
        raise MappingError("mapping.unconfirmed", file=path.name)
    return submit(company_id, path.name, path, actor=actor or Actor.operator(),
                  mapping=resolution.mapping, source_format=source.format,
                  mapping_name=resolution.name, settings=settings, **options)


def status(company_id: int, upload_id: int, settings: Settings | None = None) -> uploads.Upload | None:
    """An upload's stage, progress and counts, read as the company's tenant (None when the
    upload is not the company's)."""
    with tenant(company_id, settings) as conn:
        return uploads.get(conn, upload_id)


def retry(company_id: int, upload_id: int, *, actor: Actor,
          settings: Settings | None = None) -> str:
    """Run a failed or interrupted upload again from the stage where it stopped. Each stage
    is one transaction, so a stage that died left nothing behind to undo."""
    require_upload(actor)
    settings = settings or get_settings()
    if status(company_id, upload_id, settings) is None:
        raise LookupError(f"no upload {upload_id} in company {company_id}")
    with worker_tx(settings) as conn:
        upload = uploads.get(conn, upload_id)
        stage = upload.stage if upload.stage in pipeline.STAGE_JOBS else pipeline.FIRST_STAGE
        failed_job = uploads.job_id(conn, upload_id)
        uploads.reset_for_retry(conn, upload_id)
    new_job = pipeline.enqueue(upload_id, stage, settings)
    if failed_job:
        pipeline.forget_failed(failed_job, settings)
    return new_job
