"""One upload is one chain of jobs: load → features → aggregate.

Each job enqueues the next when it succeeds, so a failed stage stops the chain
where it failed and a retry starts again from that stage. Submitting and retrying an
upload are use cases (ayni/usecases/ingest.py); this module only queues stages.
"""

from __future__ import annotations

from rq import Callback
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry

from ayni.core import uploads
from ayni.core.db import worker_tx
from ayni.core.settings import Settings, get_settings
from workers import queue

# stage -> (queue, job function)
STAGE_JOBS: dict[str, tuple[str, str]] = {
    "load": (queue.INGEST, "workers.jobs.load_upload"),
    "features": (queue.INGEST, "workers.jobs.compute_features"),
    "aggregate": (queue.AGGREGATE, "workers.jobs.aggregate"),
}
FIRST_STAGE = "load"


def forget_failed(job_id: str, settings: Settings) -> None:
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
