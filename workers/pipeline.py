"""One upload is one chain of jobs: load → features → aggregate.

Each job enqueues the next when it succeeds, so a failed stage stops the chain
where it failed and a retry starts again from that stage.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from ayni.db import tenant, worker_tx
from ayni.settings import Settings, get_settings
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


def store_file(settings: Settings, company_id: int, upload_id: int, filename: str,
               source: Path | bytes) -> tuple[Path, str, int]:
    """Copy the original file under the data dir; returns (path, sha256, bytes)."""
    folder = settings.data_dir / "uploads" / str(company_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{upload_id}_{_safe_name(filename)}"
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        shutil.copyfile(source, target)
    digest = hashlib.sha256()
    with target.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return target, digest.hexdigest(), target.stat().st_size


def submit(company_id: int, filename: str, source: Path | bytes, *, user_id: int | None = None,
           mode: str = "append", origin: str = "upload",
           settings: Settings | None = None) -> int:
    """Record an upload, keep its file, and start its chain; returns the upload id."""
    settings = settings or get_settings()
    with tenant(company_id, settings) as conn:
        upload_id = uploads.create(conn, company_id, filename, user_id=user_id, mode=mode,
                                   source=origin)
        path, sha, size = store_file(settings, company_id, upload_id, filename, source)
        uploads.set_file(conn, upload_id, str(path), sha, size)
    enqueue(upload_id, FIRST_STAGE, settings)
    return upload_id


def enqueue(upload_id: int, stage: str, settings: Settings | None = None) -> str:
    """Queue the job of one stage for an upload; returns the RQ job id."""
    settings = settings or get_settings()
    queue_name, func = STAGE_JOBS[stage]
    job = queue.queue(queue_name, settings).enqueue(
        func, upload_id, description=f"{stage} upload {upload_id}",
        result_ttl=7 * 24 * 3600, failure_ttl=30 * 24 * 3600,
    )
    with worker_tx(settings) as conn:
        uploads.set_job(conn, upload_id, job.id)
    return job.id
