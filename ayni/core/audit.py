"""The audit log: who did what, to which company, when."""

from __future__ import annotations

import json

from sqlalchemy import Connection, text


def record(conn: Connection, action: str, *, user_id: int | None = None,
           company_id: int | None = None, **detail) -> None:
    conn.execute(
        text(
            "INSERT INTO app.audit_log (user_id, company_id, action, detail) "
            "VALUES (:u, :c, :a, CAST(:d AS jsonb))"
        ),
        {"u": user_id, "c": company_id, "a": action, "d": json.dumps(detail, default=str)},
    )


def recent(conn: Connection, limit: int = 500) -> list[dict]:
    """The newest entries, with the user's email and the company's name."""
    rows = conn.execute(
        text("SELECT a.at, a.action, u.email, c.name AS company, a.detail FROM app.audit_log a "
             "LEFT JOIN app.users u ON u.id = a.user_id "
             "LEFT JOIN app.companies c ON c.id = a.company_id "
             "ORDER BY a.at DESC, a.id DESC LIMIT :n"),
        {"n": limit},
    ).mappings().all()
    return [dict(r) for r in rows]
