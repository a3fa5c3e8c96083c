"""Redis connection and the two queues: ingest (load, features) and aggregate (dbt)."""

from __future__ import annotations

from redis import Redis
from rq import Queue

from ayni.core import services
from ayni.core.settings import Settings, get_settings

INGEST = "ayni-ingest"
AGGREGATE = "ayni-aggregate"
ALL = (INGEST, AGGREGATE)


def connection(settings: Settings | None = None) -> Redis:
    return Redis.from_url(services.redis_url(settings or get_settings()))


def queue(name: str, settings: Settings | None = None, conn: Redis | None = None) -> Queue:
    settings = settings or get_settings()
    return Queue(name, connection=conn or connection(settings),
                 default_timeout=settings.job_timeout_s)
