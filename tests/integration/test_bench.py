"""The benches run end to end on small sizes (their figures are read by people, not asserted)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ayni

pytestmark = pytest.mark.integration


def test_bench_ingest_prints_its_figures_as_json(ayni_db):
    result = ayni(ayni_db, "bench", "ingest", "--lines", "5000")
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["bench"] == "ingest"
    assert 4900 <= figures["lines"] <= 5100
    for key in ("ayni_lines_per_s", "copy_lines_per_s", "to_sql_lines_per_s", "ratio_vs_copy",
                "ratio_vs_to_sql", "peak_rss_mb", "again_ratio_vs_copy"):
        assert figures[key] > 0, key
    assert figures["rejected_on_purpose"] > 0  # the messy file's unreadable lines were refused


def test_bench_dbt_prints_its_figures_as_json(ayni_db):
    result = ayni(ayni_db, "bench", "dbt", "--lines", "5000")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["bench"] == "dbt"
    assert figures["companies"] == 20
    assert 4500 <= figures["lines"] <= 5500
    for key in ("full_build_s", "sql_s", "incremental_s", "full_vs_sql", "incremental_vs_full"):
        assert figures[key] > 0, key
