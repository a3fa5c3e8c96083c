"""The GabeDA step of an upload: company lines from PostgreSQL → engine → gabeda.* tables.

The engine is pure pandas; this module reads and writes around it. Each table is
replaced for the company in one transaction, so pages see the old features or
the new ones, never a mix. Tables follow the registry: a new feature becomes a
new column the next time it is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import psycopg
from psycopg import sql

import engine
from ayni.core import canonical
from ayni.core.db import Role, conninfo
from ayni.core.messages import UserError
from ayni.core.settings import Settings, SettingsError, get_settings

# model -> (table in gabeda, key column -> (name in the table, SQL type)). docs/PRODUCT.md fixes
# the names; every feature of the model becomes a column after the keys.
TABLES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "customers": ("customer_features", {"in_customer_id": ("customer_id", "text")}),
    "products": ("product_features", {"in_product_id": ("product_id", "text")}),
    "baskets": ("basket_pairs", {"product_a": ("product_a", "text"),
                                 "product_b": ("product_b", "text")}),
    "hours": ("hour_features", {"weekday": ("weekday", "smallint"),
                                "hour": ("hour", "smallint")}),
}
SQL_TYPES = {"int": "bigint", "float": "double precision", "text": "text", "date": "date",
             "timestamp": "timestamp", "bool": "boolean"}
# The tenant rule is one SQL function (migration 0004); every tenant table's policy calls it.
TENANT_POLICY = "company_id = app.current_company_id()"


class FeatureDataError(UserError, ValueError):
    """The company's lines cannot feed the engine; the message says why (Spanish)."""


def check_params(settings: Settings) -> None:
    """Refuse AYNI_GABEDA_PARAMS with a name the engine does not know (a typo) at start."""
    try:
        engine.default_registry().merge_params(settings.gabeda_params)
    except engine.EngineError as exc:
        raise SettingsError(f"AYNI_GABEDA_PARAMS: {exc}") from None


def read_lines(conn: psycopg.Connection, company_id: int) -> pd.DataFrame:
    """Every line of the company as canonical columns, streamed with COPY (no row-by-row fetch)."""
    buffer = io.BytesIO()
    query = sql.SQL("COPY (SELECT {} FROM raw.transactions WHERE company_id = {}) "
                    "TO STDOUT (FORMAT csv, HEADER)").format(
        sql.SQL(", ").join(map(sql.Identifier, canonical.NAMES)), sql.Literal(company_id))
    with conn.cursor().copy(query) as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    types = {c: "float64" for c in canonical.NUMERIC} | {c: "string" for c in canonical.TEXT}
    return pd.read_csv(buffer, dtype=types, parse_dates=["in_dt"], keep_default_na=False,
                       na_values={c: [""] for c in canonical.NUMERIC + canonical.TEXT})


def company_params(conn: psycopg.Connection, company_id: int) -> dict:
    """The engine params that are the company's own: whether its line totals and its costs
    include IVA (app.companies), so GabeDA's margins are without IVA like the warehouse's.
    A company row that is gone leaves the engine's defaults (the companies' defaults)."""
    row = conn.execute("SELECT prices_include_vat, costs_include_vat FROM app.companies "
                       "WHERE id = %s", (company_id,)).fetchone()
    if row is None:
        return {}
    return {"prices_include_vat": bool(row[0]), "costs_include_vat": bool(row[1])}


def _columns(model: str) -> list[tuple[str, str]]:
    """(column, SQL type) of a model's table after the keys, in registry order."""
    return [(f.name, SQL_TYPES[f.dtype]) for f in engine.default_registry().features_of(model)]


def _ensure_table(cur: psycopg.Cursor, model: str) -> None:
    table, keys = TABLES[model]
    ident = sql.Identifier("gabeda", table)
    key_defs = [sql.SQL("{} " + kind + " NOT NULL").format(sql.Identifier(name))
                for name, kind in keys.values()]
    cur.execute(sql.SQL(
        "CREATE TABLE IF NOT EXISTS {} (company_id bigint NOT NULL, {}, "
        "computed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (company_id, {}))"
    ).format(ident, sql.SQL(", ").join(key_defs),
             sql.SQL(", ").join(sql.Identifier(name) for name, _ in keys.values())))
    for name, sql_type in _columns(model):
        cur.execute(sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} " + sql_type).format(
            ident, sql.Identifier(name)))
    cur.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(ident))
    cur.execute(sql.SQL("DROP POLICY IF EXISTS tenant_read ON {}").format(ident))
    cur.execute(sql.SQL("CREATE POLICY tenant_read ON {} FOR SELECT TO ayni_app USING ("
                        + TENANT_POLICY + ")").format(ident))
    cur.execute(sql.SQL("GRANT SELECT ON {} TO ayni_app").format(ident))


def ensure_tables(settings: Settings | None = None) -> None:
    """Create the feature tables, their new columns and their tenant policy. Run when a
    worker starts and by `ayni db migrate` (the tables follow this worker's registry), not
    by each job: a job only writes rows."""
    with psycopg.connect(conninfo(Role.WORKER, settings)) as conn, conn.transaction(), \
            conn.cursor() as cur:
        # Two workers starting at once would race on the same DDL.
        cur.execute("SELECT pg_advisory_xact_lock(hashtext('ayni.gabeda.ddl'))")
        for model in TABLES:
            _ensure_table(cur, model)


def _write(cur: psycopg.Cursor, company_id: int, model: str, frame: pd.DataFrame) -> int:
    table, keys = TABLES[model]
    names = [n for n, _ in _columns(model)]
    renames = {key: name for key, (name, _) in keys.items()}
    out = frame.reset_index().rename(columns=renames).reindex(
        columns=list(renames.values()) + names)
    out.insert(0, "company_id", company_id)
    cur.execute(sql.SQL("DELETE FROM {} WHERE company_id = %s").format(
        sql.Identifier("gabeda", table)), (company_id,))
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, header=False, na_rep="", date_format="%Y-%m-%d %H:%M:%S")
    columns = sql.SQL(", ").join(map(sql.Identifier, out.columns))
    with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
            sql.Identifier("gabeda", table), columns)) as copy:
        copy.write(buffer.getvalue())
    return len(out)


def refresh(company_id: int, report: Callable[[float], None] = lambda _: None) -> dict:
    """Recompute the company's features as of its last sale and replace its tables."""
    with psycopg.connect(conninfo(Role.WORKER)) as conn:
        lines = read_lines(conn, company_id)
        report(0.3)
        if lines.empty:
            raise FeatureDataError("job.no_lines")
        # The installation's thresholds, then the company's IVA settings (the rate stays
        # the installation's: one for every company, like the warehouse's var vat_rate).
        params = {**get_settings().gabeda_params, **company_params(conn, company_id)}
        try:
            result = engine.run(lines, as_of=lines["in_dt"].max(), params=params)
        except engine.MissingColumnError as exc:
            raise FeatureDataError("job.missing_columns", feature=exc.feature,
                                   columns=", ".join(exc.columns) or "?") from exc
        report(0.7)
        written = {}
        with conn.transaction(), conn.cursor() as cur:
            # Writes of a company one at a time.
            cur.execute("SELECT pg_advisory_xact_lock(hashtext('ayni.features'), %s)",
                        (int(company_id),))
            for model in TABLES:
                frame = result.tables.get(model)
                if frame is not None:
                    written[TABLES[model][0]] = _write(cur, company_id, model, frame)
    return {"rows": written, "skipped": result.skipped}
