"""Bulk load into raw.transactions: COPY to a staging table, then one set-based write.

Everything happens in one transaction under a per-company advisory lock, so a
killed load leaves either all of its lines or none, and two loads of the same
company never interleave. A line is identified by company, document, product and
its occurrence of that product within the document (`line_no`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import psycopg

from loaders import canonical
from loaders.validate import Rejection, validate

MODES = ("append", "replace")
# Columns compared to tell an updated line from an unchanged one.
CONTENT = tuple(c for c in canonical.NAMES if c not in ("in_trans_id", "in_product_id")) + ("extra",)
STAGE_COLUMNS = ("file_line",) + canonical.NAMES + ("extra",)


class TooManyErrors(ValueError):
    """More lines failed than the threshold allows; nothing was loaded."""


@dataclass(frozen=True)
class MonthUpdate:
    month: date
    lines_before: int
    lines_after: int
    added: int
    updated: int
    unchanged: int
    removed: int


@dataclass
class LoadResult:
    lines_read: int = 0
    lines_loaded: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    months: list[MonthUpdate] = field(default_factory=list)

    @property
    def lines_rejected(self) -> int:
        return len({r.line for r in self.rejections})


def _copy_chunk(cur: psycopg.Cursor, good: pd.DataFrame) -> None:
    frame = good.reindex(columns=STAGE_COLUMNS)
    frame["in_dt"] = frame["in_dt"].dt.strftime("%Y-%m-%d %H:%M:%S")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False, na_rep="")
    with cur.copy(f"COPY pg_temp.stage_lines ({', '.join(STAGE_COLUMNS)}) FROM STDIN (FORMAT csv)") as cp:
        cp.write(buffer.getvalue())


def load(conn: psycopg.Connection, company_id: int, upload_id: int | None,
         chunks: Iterable[pd.DataFrame], *, mode: str = "append", now: pd.Timestamp,
         max_error_pct: float = 5.0,
         progress: Callable[[int], None] | None = None) -> LoadResult:
    """Validate and load text chunks (canonical columns + `file_line`) for one company.

    Raises TooManyErrors (after rolling back) when the rejected share passes max_error_pct.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    result = LoadResult()
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext('ayni.load'), %s)", (int(company_id),))
        cur.execute(
            # CREATE AS copies no NOT NULL constraints: checks belong to validate().
            "CREATE TEMP TABLE stage_lines ON COMMIT DROP AS "
            "SELECT *, 0::bigint AS file_line FROM raw.transactions WITH NO DATA"
        )
        for chunk in chunks:
            good, rejected = validate(chunk, now)
            result.lines_read += len(chunk)
            result.rejections.extend(rejected)
            if len(good):
                _copy_chunk(cur, good)
            if progress:
                progress(result.lines_read)
        if result.lines_read and 100 * result.lines_rejected / result.lines_read > max_error_pct:
            raise TooManyErrors(
                f"{result.lines_rejected} de {result.lines_read} líneas tienen errores "
                f"({100 * result.lines_rejected / result.lines_read:.1f} %, máximo "
                f"{max_error_pct:g} %): no se cargó ninguna línea"
            )
        _write(cur, company_id, upload_id, mode, result)
    return result


def _write(cur: psycopg.Cursor, company_id: int, upload_id: int | None, mode: str,
           result: LoadResult) -> None:
    params = {"company": company_id, "upload": upload_id}
    key = ("t.in_trans_id = i.in_trans_id AND t.in_product_id = i.in_product_id "
           "AND t.line_no = i.line_no AND t.company_id = %(company)s")
    cur.execute(
        """
        CREATE TEMP TABLE incoming ON COMMIT DROP AS
        SELECT s.*, row_number() OVER (
                   PARTITION BY s.in_trans_id, s.in_product_id ORDER BY s.file_line
               )::integer AS new_line_no
        FROM pg_temp.stage_lines s;
        ALTER TABLE incoming DROP COLUMN line_no;
        ALTER TABLE incoming RENAME COLUMN new_line_no TO line_no;
        """
    )
    cur.execute("SELECT min(in_dt)::date, max(in_dt)::date, count(*) FROM incoming")
    result.date_from, result.date_to, result.lines_loaded = cur.fetchone()
    if not result.lines_loaded:
        return
    params.update(date_from=result.date_from, date_to=result.date_to)

    same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM i.{c}" for c in CONTENT)
    cur.execute(
        f"""
        CREATE TEMP TABLE changes ON COMMIT DROP AS
        SELECT date_trunc('month', i.in_dt)::date AS month,
               CASE WHEN t.company_id IS NULL THEN 'added'
                    WHEN {same} THEN 'unchanged' ELSE 'updated' END AS change
        FROM incoming i LEFT JOIN raw.transactions t ON {key}
        """,
        params,
    )
    # Replace mode owns every day from the file's first to its last.
    in_range = ("t.company_id = %(company)s AND t.in_dt >= %(date_from)s "
                "AND t.in_dt < %(date_to)s::date + 1")
    if mode == "replace":
        cur.execute(
            f"""
            INSERT INTO changes (month, change)
            SELECT date_trunc('month', t.in_dt)::date, 'removed'
            FROM raw.transactions t
            WHERE {in_range} AND NOT EXISTS (SELECT 1 FROM incoming i WHERE {key})
            """,
            params,
        )
    cur.execute(
        """
        CREATE TEMP TABLE months_before ON COMMIT DROP AS
        SELECT date_trunc('month', in_dt)::date AS month, count(*) AS lines
        FROM raw.transactions
        WHERE company_id = %(company)s
          AND date_trunc('month', in_dt)::date IN (SELECT DISTINCT month FROM changes)
        GROUP BY 1
        """,
        params,
    )

    columns = ("company_id", "upload_id", "line_no") + canonical.NAMES + ("extra",)
    select = ", ".join(["%(company)s", "%(upload)s", "line_no", *canonical.NAMES, "extra"])
    if mode == "replace":
        cur.execute(f"DELETE FROM raw.transactions t WHERE {in_range}", params)
    updates = ", ".join(f"{c} = excluded.{c}" for c in ("upload_id",) + CONTENT)
    differs = " OR ".join(f"t.{c} IS DISTINCT FROM excluded.{c}" for c in CONTENT)
    cur.execute(
        f"""
        INSERT INTO raw.transactions AS t ({', '.join(columns)})
        SELECT {select} FROM incoming
        ON CONFLICT (company_id, in_trans_id, in_product_id, line_no)
        DO UPDATE SET {updates}, loaded_at = now() WHERE {differs}
        """,
        params,
    )

    cur.execute(
        """
        SELECT c.month,
               coalesce(b.lines, 0) AS before,
               (SELECT count(*) FROM raw.transactions
                 WHERE company_id = %(company)s
                   AND in_dt >= c.month AND in_dt < c.month + interval '1 month') AS after,
               count(*) FILTER (WHERE change = 'added'),
               count(*) FILTER (WHERE change = 'updated'),
               count(*) FILTER (WHERE change = 'unchanged'),
               count(*) FILTER (WHERE change = 'removed')
        FROM changes c LEFT JOIN months_before b USING (month)
        GROUP BY c.month, b.lines ORDER BY c.month
        """,
        params,
    )
    result.months = [MonthUpdate(*row) for row in cur.fetchall()]
    if upload_id is not None:
        cur.executemany(
            """
            INSERT INTO app.data_updates (upload_id, company_id, month, lines_before,
                lines_after, added, updated, unchanged, removed)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (upload_id, month) DO UPDATE SET lines_before = excluded.lines_before,
                lines_after = excluded.lines_after, added = excluded.added,
                updated = excluded.updated, unchanged = excluded.unchanged,
                removed = excluded.removed
            """,
            [(upload_id, company_id, m.month, m.lines_before, m.lines_after, m.added,
              m.updated, m.unchanged, m.removed) for m in result.months],
        )
