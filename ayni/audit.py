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
