"""What the queues hold: waiting, running and failed jobs, for the admin's queue page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rq import Queue, Worker
from rq.job import Job
from rq.registry import FailedJobRegistry, StartedJobRegistry

from ayni.core import uploads
from ayni.core.db import worker_tx
from ayni.usecases import ingest
from ayni.usecases.roles import Actor, NotAllowed
from workers import pipeline, queue


@dataclass(frozen=True)
class JobState:
    id: str
    queue: str
    description: str
    state: str                 # queued, running, failed
    created_at: datetime | None
    ended_at: datetime | None
    error: str                 # the last line of the traceback, for a failed job
    upload_id: int | None


@dataclass(frozen=True)
class Health:
    workers: int
    counts: dict[str, dict[str, int]]   # queue -> state -> jobs
    jobs: list[JobState]


def _upload_of(job: Job) -> int | None:
    return job.args[0] if job.func_name in {f for _, f in pipeline.STAGE_JOBS.values()} \
        and job.args else None


def _state(job: Job, name: str, state: str) -> JobState:
    error = ""
    if state == "failed":
        result = job.latest_result()
        text = (result.exc_string if result and result.exc_string else "") or ""
        error = text.strip().splitlines()[-1] if text.strip() else ""
    return JobState(job.id, name, job.description or job.func_name, state, job.created_at,
                    job.ended_at, error, _upload_of(job))


def health(limit: int = 50) -> Health:
    conn = queue.connection()
    jobs: list[JobState] = []
    counts: dict[str, dict[str, int]] = {}
    for name in queue.ALL:
        q = Queue(name, connection=conn)
        started, failed = StartedJobRegistry(queue=q), FailedJobRegistry(queue=q)
        counts[name] = {"queued": q.count, "running": started.count, "failed": failed.count}
        for state, ids in (("queued", q.get_job_ids(0, limit - 1)),
                           ("running", started.get_job_ids(0, limit - 1)),
                           ("failed", failed.get_job_ids(0, limit - 1))):
            for job in Job.fetch_many(ids, connection=conn):
                if job is not None:
                    jobs.append(_state(job, name, state))
    return Health(len(Worker.all(connection=conn)), counts, jobs)


def retry(job: JobState, actor: Actor) -> None:
    """An upload goes through its own retry (its row is reset); any other job is requeued.
    The queue is the platform admin's."""
    if not actor.is_admin:
        raise NotAllowed("only the platform admin retries jobs from the queue")
    if job.upload_id is not None:
        with worker_tx() as conn:
            upload = uploads.get(conn, job.upload_id)
        if upload is not None:  # which also takes the failed job off the list
            ingest.retry(upload.company_id, job.upload_id, actor=actor)
    else:
        FailedJobRegistry(job.queue, connection=queue.connection()).requeue(job.id)
