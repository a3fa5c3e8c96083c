"""Database access: one engine per role, tenant transactions, libpq conninfo.

Three logins (docs/ARCHITECTURE.md, Tenancy):
- owner: the account of AYNI_DATABASE_URL; runs migrations and creates roles;
- worker (`ayni_worker`): owns raw, gabeda and marts; loads, runs GabeDA and dbt;
- app (`ayni_app`): what pages and the assistant use; owns nothing, row-level
  security limits it to the company set with `tenant()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from ayni.core import services
from ayni.core.settings import Settings, get_settings

APP_ROLE = "ayni_app"
WORKER_ROLE = "ayni_worker"
COMPANY_GUC = "ayni.company_id"


class Role(str, Enum):
    OWNER = "owner"
    WORKER = "worker"
    APP = "app"


def role_url(role: Role, settings: Settings | None = None) -> URL:
    """SQLAlchemy URL (psycopg 3 driver) for logging in as `role`."""
    settings = settings or get_settings()
    url = make_url(services.database_url(settings)).set(drivername="postgresql+psycopg")
    if role is Role.WORKER:
        url = url.set(username=WORKER_ROLE, password=settings.worker_db_password.get_secret_value())
    elif role is Role.APP:
        url = url.set(username=APP_ROLE, password=settings.app_db_password.get_secret_value())
    return url


def conninfo(role: Role, settings: Settings | None = None) -> str:
    """libpq connection string for psycopg.connect (COPY and other direct work)."""
    return role_url(role, settings).set(drivername="postgresql").render_as_string(
        hide_password=False
    )


def connection_params(role: Role, settings: Settings | None = None) -> dict:
    """host/port/user/password/dbname, as dbt's profile wants them."""
    url = role_url(role, settings)
    host = url.query.get("host") or url.host or "localhost"
    port = url.query.get("port") or url.port or 5432
    return {
        "host": host if isinstance(host, str) else host[0],
        "port": int(port if not isinstance(port, tuple) else port[0]),
        "user": url.username,
        "password": url.password or "",
        "dbname": url.database,
    }


_engines: dict[str, Engine] = {}


def engine(role: Role = Role.APP, settings: Settings | None = None) -> Engine:
    """The pooled engine of this process for `role` (one per URL)."""
    url = role_url(role, settings).render_as_string(hide_password=False)
    if url not in _engines:
        _engines[url] = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    return _engines[url]


def dispose_engines() -> None:
    """Close pooled connections (after a fork, or before dropping a database)."""
    for eng in _engines.values():
        eng.dispose()
    _engines.clear()


@contextmanager
def tenant(company_id: int, settings: Settings | None = None) -> Iterator[Connection]:
    """A transaction as `ayni_app` in which the database shows only this company's rows."""
    with engine(Role.APP, settings).begin() as conn:
        conn.execute(
            text("SELECT set_config(:guc, :company, true)"),
            {"guc": COMPANY_GUC, "company": str(int(company_id))},
        )
        yield conn


@contextmanager
def app_tx(settings: Settings | None = None) -> Iterator[Connection]:
    """A transaction as `ayni_app` with no company set (accounts, companies, uploads)."""
    with engine(Role.APP, settings).begin() as conn:
        yield conn


@contextmanager
def admin_tx(settings: Settings | None = None) -> Iterator[Connection]:
    """A transaction as `ayni_app` for the platform admin's pages: per-company app rows of
    every company (uploads, mappings). Callers check that the user is the admin."""
    with engine(Role.APP, settings).begin() as conn:
        conn.execute(text("SELECT set_config('ayni.platform_admin', 'on', true)"))
        yield conn


@contextmanager
def worker_tx(settings: Settings | None = None) -> Iterator[Connection]:
    """A transaction as `ayni_worker` (loads, features, progress)."""
    with engine(Role.WORKER, settings).begin() as conn:
        yield conn
