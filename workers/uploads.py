"""Upload rows (app.uploads): create, read, list, and their per-month data updates."""

from __future__ import annotations

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
    source: str
    status: str
    stage: str
    percent: int
    lines_read: int
    lines_loaded: int
    lines_rejected: int
    date_from: date | None
    date_to: date | None
    error: str | None
    report_path: str | None
    created_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


_COLUMNS = ", ".join(Upload.__dataclass_fields__)


def create(conn: Connection, company_id: int, filename: str, *, user_id: int | None,
           mode: str, source: str) -> int:
    return conn.execute(
        text(
            "INSERT INTO app.uploads (company_id, user_id, filename, mode, source) "
            "VALUES (:c, :u, :f, :m, :s) RETURNING id"
        ),
        {"c": company_id, "u": user_id, "f": filename, "m": mode, "s": source},
    ).scalar_one()


def set_file(conn: Connection, upload_id: int, path: str, sha256: str, size: int) -> None:
    conn.execute(
        text("UPDATE app.uploads SET file_path = :p, file_sha256 = :h, file_bytes = :b "
             "WHERE id = :i"),
        {"p": path, "h": sha256, "b": size, "i": upload_id},
    )


def set_job(conn: Connection, upload_id: int, job_id: str) -> None:
    conn.execute(text("UPDATE app.uploads SET job_id = :j WHERE id = :i"),
                 {"j": job_id, "i": upload_id})


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
