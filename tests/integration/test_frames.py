"""streamlit_app.frames.read_table gives the frame pd.read_sql gives, for every column type
the marts and feature tables use, NULLs and look-alike text included."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest
from sqlalchemy import text

from ayni.core.db import Role, engine
from streamlit_app.frames import read_table

pytestmark = pytest.mark.integration

COLUMNS = """
    amount numeric, ratio double precision, small smallint, count bigint NOT NULL,
    maybe_count bigint, code text, flag boolean NOT NULL, maybe_flag boolean,
    day date, maybe_day date, at timestamp, stamped timestamptz
"""
ROWS = """
    (1234.5, 0.1, 1, 10, NULL, '007', true, NULL, '2025-10-01', NULL,
     '2025-10-01 18:57:00', '2025-10-01 18:57:00.123456+00'),
    (-4454, NULL, 2, 20, 5, '', false, true, '2025-11-30', '2025-11-01',
     NULL, NULL),
    (NULL, 2.5, NULL, 30, 6, NULL, true, false, '2026-01-31', '2026-01-01',
     '2026-01-31 00:00:00', '2026-01-31 23:00:00-03'),
    (0.001, 1e-9, 3, 40, 7, '=1+1', false, NULL, '2026-02-28', NULL,
     '2026-02-28 08:00:00', '2026-02-28 08:00:00+00'),
    (7, 3, 4, 50, 8, 'Almacén "Don Lucho", \\N; línea', true, true, '2026-03-01', '2026-03-01',
     '2026-03-01 12:00:00', '2026-03-01 12:00:00+00')
"""


@pytest.fixture(scope="module")
def typed_table(ayni_db):
    with engine(Role.OWNER).begin() as conn:
        conn.execute(text(f"CREATE TABLE public.typed ({COLUMNS})"))
        conn.execute(text(f"INSERT INTO public.typed VALUES {ROWS}"))
    yield "public", "typed"
    with engine(Role.OWNER).begin() as conn:
        conn.execute(text("DROP TABLE public.typed"))


def both(schema: str, name: str, where: str = "", **options) -> tuple[pd.DataFrame, pd.DataFrame]:
    with engine(Role.OWNER).connect() as conn:
        columns = options.get("columns")
        select = ", ".join(columns) if columns else "*"
        expected = pd.read_sql(text(f"SELECT {select} FROM {schema}.{name} {where}"), conn)
        got = read_table(conn, schema, name, **options)
    return expected, got


def test_every_type_and_null_reads_as_read_sql_reads_it(typed_table):
    expected, got = both(*typed_table)
    pd.testing.assert_frame_equal(got, expected)
    assert got["code"].tolist()[:2] == ["007", ""]  # text stays text; '' is not NULL
    assert got["code"].isna().tolist() == [False, False, True, False, False]
    assert got["flag"].dtype == bool and got["maybe_flag"].tolist()[:3] == [None, True, False]


def test_some_columns_and_dates_as_datetimes(typed_table):
    expected, got = both(*typed_table, columns=("day", "code", "maybe_day"),
                         datetimes=("day", "maybe_day"))
    for column in ("day", "maybe_day"):
        expected[column] = pd.to_datetime(expected[column])
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.columns) == ["day", "code", "maybe_day"]


def test_row_level_security_applies(typed_table):
    """COPY of a SELECT sees what the SELECT sees: here a policy that hides all but one row."""
    reader = f"typed_reader_{uuid.uuid4().hex[:8]}"  # roles are server-wide
    with engine(Role.OWNER).begin() as conn:
        conn.execute(text(f"CREATE ROLE {reader}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {reader}"))
        conn.execute(text(f"GRANT SELECT ON public.typed TO {reader}"))
        conn.execute(text("ALTER TABLE public.typed ENABLE ROW LEVEL SECURITY"))
        conn.execute(text(f"CREATE POLICY only_ten ON public.typed TO {reader} "
                          "USING (count = 10)"))
    try:
        with engine(Role.OWNER).begin() as conn:
            conn.execute(text(f"SET LOCAL ROLE {reader}"))
            assert read_table(conn, *typed_table)["count"].tolist() == [10]
    finally:
        with engine(Role.OWNER).begin() as conn:
            conn.execute(text("DROP POLICY only_ten ON public.typed"))
            conn.execute(text("ALTER TABLE public.typed DISABLE ROW LEVEL SECURITY"))
            conn.execute(text(f"REVOKE ALL ON public.typed FROM {reader}"))
            conn.execute(text(f"REVOKE USAGE ON SCHEMA public FROM {reader}"))
            conn.execute(text(f"DROP ROLE {reader}"))
