"""`ayni db migrate`: the two login roles, then the Alembic migrations of the app schema."""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import text

from ayni.core.db import APP_ROLE, WORKER_ROLE, Role, conninfo, engine
from ayni.core.settings import Settings, get_settings

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x41594E49  # "AYNI": one migrator at a time per database


def ensure_roles(settings: Settings) -> None:
    """Create or update the app and worker logins (cluster-wide, so shared by every database)."""
    passwords = {
        APP_ROLE: settings.app_db_password.get_secret_value(),
        WORKER_ROLE: settings.worker_db_password.get_secret_value(),
    }
    with psycopg.connect(conninfo(Role.OWNER, settings), autocommit=True) as conn:
        for role, password in passwords.items():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if not exists:
                try:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
                except (psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
                    pass  # another migrator made it a moment ago
            conn.execute(
                sql.SQL("ALTER ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
            )
        # The owner hands schemas to ayni_worker, which needs membership unless superuser.
        is_super = conn.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        if not is_super:
            conn.execute(sql.SQL("GRANT {} TO current_user").format(sql.Identifier(WORKER_ROLE)))


def migrate(settings: Settings | None = None) -> str:
    """Bring the database to the newest schema; returns the revision now applied."""
    from alembic import command
    from alembic.config import Config

    settings = settings or get_settings()
    ensure_roles(settings)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine(Role.OWNER, settings).connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            revision = conn.execute(text("SELECT version_num FROM app.alembic_version")).scalar()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
            conn.commit()
    return revision
