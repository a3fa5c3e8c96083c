"""Upload rows (app.uploads): create, read, list, and their per-month data updates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class Upload:
    id: int
    company_id: int
    filename: str
    file_path: str | None
    file_sha256: str | None
    mode: str
    mapping_name: str | None
    mapping: dict | None
    source_format: dict | None
    max_error_pct: float
    source: str
    status: str
    stage: str
    percent: int
    lines_read: int
    lines_loaded: int
    lines_rejected: int
    lines_warned: int
    date_from: date | None
    date_to: date | None
    error: str | None
    report_path: str | None
    created_at: datetime
    finished_at: datetime | None
    retryable: bool = True      # a failure a retry can help with (not one of the file's data)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


_COLUMNS = ", ".join(Upload.__dataclass_fields__)


def create(conn: Connection, company_id: int, filename: str, *, user_id: int | None,
           mode: str, source: str, mapping: dict, source_format: dict,
           mapping_name: str | None, max_error_pct: float) -> int:
    return conn.execute(
        text(
            "INSERT INTO app.uploads (company_id, user_id, filename, mode, source, mapping, "
            "source_format, mapping_name, max_error_pct) VALUES (:c, :u, :f, :m, :s, "
            "CAST(:map AS jsonb), CAST(:fmt AS jsonb), :name, :pct) RETURNING id"
        ),
        {"c": company_id, "u": user_id, "f": filename, "m": mode, "s": source,
         "map": json.dumps(mapping), "fmt": json.dumps(source_format), "name": mapping_name,
         "pct": max_error_pct},
    ).scalar_one()


def same_bytes(conn: Connection, company_id: int, sha256: str) -> Upload | None:
    """An earlier upload of this company with exactly these bytes (not a failed one)."""
    row = conn.execute(
        text(f"SELECT {_COLUMNS} FROM app.uploads WHERE company_id = :c AND file_sha256 = :h "
             "AND status <> 'failed' ORDER BY created_at DESC LIMIT 1"),
        {"c": company_id, "h": sha256},
    ).one_or_none()
    return Upload(*row) if row else None


def set_file(conn: Connection, upload_id: int, path: str, sha256: str, size: int) -> None:
    conn.execute(
        text("UPDATE app.uploads SET file_path = :p, file_sha256 = :h, file_bytes = :b "
             "WHERE id = :i"),
        {"p": path, "h": sha256, "b": size, "i": upload_id},
    )


def job_id(conn: Connection, upload_id: int) -> str | None:
    """The RQ job that last ran (or runs) this upload."""
    return conn.execute(text("SELECT job_id FROM app.uploads WHERE id = :i"),
                        {"i": upload_id}).scalar()


def set_job(conn: Connection, upload_id: int, job_id: str) -> None:
    conn.execute(text("UPDATE app.uploads SET job_id = :j WHERE id = :i"),
                 {"j": job_id, "i": upload_id})


def reset_for_retry(conn: Connection, upload_id: int) -> None:
    conn.execute(text("UPDATE app.uploads SET status = 'queued', error = NULL, finished_at = NULL, "
                      "retryable = true WHERE id = :i"), {"i": upload_id})


def get(conn: Connection, upload_id: int) -> Upload | None:
    row = conn.execute(
        text(f"SELECT {_COLUMNS} FROM app.uploads WHERE id = :i"), {"i": upload_id}
    ).one_or_none()
    return Upload(*row) if row else None


def for_company(conn: Connection, company_id: int, limit: int = 100) -> list[Upload]:
    rows = conn.execute(
        text(f"SELECT {_COLUMNS} FROM app.uploads WHERE company_id = :c "
             "ORDER BY created_at DESC, id DESC LIMIT :n"),
        {"c": company_id, "n": limit},
    ).all()
    return [Upload(*r) for r in rows]


def data_updates(conn: Connection, upload_id: int) -> list[dict]:
    rows = conn.execute(
        text("SELECT month, lines_before, lines_after, added, updated, unchanged, removed "
             "FROM app.data_updates WHERE upload_id = :i ORDER BY month"),
        {"i": upload_id},
    ).mappings().all()
    return [dict(r) for r in rows]
