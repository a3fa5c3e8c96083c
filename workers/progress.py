"""Stage and percent of an upload, written to its row so any page or CLI can show them."""

from __future__ import annotations

from sqlalchemy import text

from ayni.core.db import worker_tx
from ayni.core.messages import Message, UserError, stored

# Each stage owns a slice of the progress bar.
STAGES: dict[str, tuple[int, int]] = {
    "queued": (0, 0),
    "load": (0, 60),
    "features": (60, 80),
    "aggregate": (80, 100),
    "done": (100, 100),
}


def percent(stage: str, fraction: float) -> int:
    low, high = STAGES[stage]
    return int(low + (high - low) * min(max(fraction, 0.0), 1.0))


def update(upload_id: int, stage: str, fraction: float = 0.0, **counts) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in counts)
    with worker_tx() as conn:
        conn.execute(
            text(
                "UPDATE app.uploads SET stage = :stage, percent = :percent, status = 'running', "
                "started_at = coalesce(started_at, now())"
                + (f", {sets}" if sets else "")
                + " WHERE id = :id"
            ),
            {"stage": stage, "percent": percent(stage, fraction), "id": upload_id, **counts},
        )


def done(upload_ids: list[int]) -> None:
    with worker_tx() as conn:
        conn.execute(
            text(
                "UPDATE app.uploads SET stage = 'done', status = 'done', percent = 100, "
                "error = NULL, finished_at = now() WHERE id = ANY(:ids)"
            ),
            {"ids": list(upload_ids)},
        )


def failed(upload_ids: list[int], error: Message | UserError, retryable: bool = True) -> None:
    """Mark the uploads failed with the reason a person reads; `retryable` is False when the
    file's own data caused it (a retry would fail the same way). The error is stored as its
    catalogue key and values (JSON in `error`), put into words by whoever reads it
    (ayni.core.messages.render), in their language."""
    with worker_tx() as conn:
        conn.execute(
            text(
                "UPDATE app.uploads SET status = 'failed', error = :error, finished_at = now(), "
                "retryable = :retryable WHERE id = ANY(:ids)"
            ),
            {"ids": list(upload_ids), "error": stored(error), "retryable": retryable},
        )
