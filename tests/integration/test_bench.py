"""The benches run end to end on small sizes (their figures are read by people, not asserted).

Their demo lines are those of a fixed day (`--as-of`), so the line counts asserted here are
the same whatever day the tests run.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import ayni

pytestmark = pytest.mark.integration

AS_OF = "2026-11-30"  # the demo's 13 months: October 2025 to October 2026


def test_bench_ingest_prints_its_figures_as_json(ayni_db):
    result = ayni(ayni_db, "bench", "ingest", "--lines", "5000", "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["bench"] == "ingest" and figures["demo_as_of"] == AS_OF
    assert 4900 <= figures["lines"] <= 5100
    for key in ("ayni_lines_per_s", "copy_lines_per_s", "to_sql_lines_per_s", "ratio_vs_copy",
                "ratio_vs_to_sql", "peak_rss_mb", "again_ratio_vs_copy"):
        assert figures[key] > 0, key
    assert figures["rejected_on_purpose"] > 0  # the messy file's unreadable lines were refused


def test_bench_dbt_prints_its_figures_as_json(ayni_db):
    result = ayni(ayni_db, "bench", "dbt", "--lines", "5000", "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["bench"] == "dbt" and figures["demo_as_of"] == AS_OF
    assert figures["companies"] == 20
    assert 4500 <= figures["lines"] <= 5500
    for key in ("full_build_s", "sql_s", "incremental_s", "full_vs_sql", "incremental_vs_full"):
        assert figures[key] > 0, key


def test_bench_dashboard_prints_its_figures_as_json(ayni_db):
    result = ayni(ayni_db, "bench", "dashboard", "--lines", "5000", "--repeats", "3",
                  "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["bench"] == "dashboard" and figures["demo_as_of"] == AS_OF
    assert figures["companies"] == 12  # the company measured and its 11 peers
    assert 4500 <= figures["lines"] <= 5500
    assert figures["repeats"] == 3 and figures["budget_s"] == 2.0
    pages = figures["pages"]
    assert list(pages) == ["owner", "operations", "marketing", "finance", "benchmarks"]
    for page, grains in pages.items():
        # Every grain of the dashboards' control; the peers publish at least monthly cells.
        expected = {"month"} if page == "benchmarks" else {"day", "week", "month", "quarter",
                                                            "year"}
        assert expected <= set(grains), page
        for grain, f in grains.items():
            assert f["rows"] > 0, (page, grain)
            for what in ("query", "bare", "render"):
                assert 0 < f[f"{what}_p50_s"] <= f[f"{what}_p95_s"], (page, grain, what)
            assert f["render_p95_vs_budget"] == pytest.approx(f["render_p95_s"] / 2.0, abs=1e-3)
            assert f["query_p95_vs_bare_select"] == pytest.approx(
                f["query_p95_s"] / f["bare_p95_s"], rel=0.05)
    cells = [f for grains in pages.values() for f in grains.values()]
    assert figures["render_p95_max_s"] == max(f["render_p95_s"] for f in cells)
    assert figures["render_p95_vs_budget"] == max(f["render_p95_vs_budget"] for f in cells)
    assert figures["query_p95_vs_bare_select"] == max(f["query_p95_vs_bare_select"] for f in cells)
    assert len(figures["load_average_1m"]) == 2


def test_bench_lines_are_those_of_a_fixed_day_by_default(ayni_db):
    """Without --as-of the benches use ayni.usecases.demo.REFERENCE_DATE, never the machine's date;
    a day that is not one is refused in one line."""
    from ayni.usecases import demo

    assert demo.REFERENCE_DATE.isoformat() == AS_OF
    result = ayni(ayni_db, "bench", "engine", "--lines", "2000")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["demo_as_of"] == AS_OF
    bad = ayni(ayni_db, "bench", "engine", "--lines", "2000", "--as-of", "30-11-2026")
    assert bad.returncode == 2 and "--as-of must be a YYYY-MM-DD date" in bad.stderr
