"""The benches run end to end on small sizes. Their timings are read by people, never asserted:
the tests check the figures' shape (every key, lines counted as asked, each ratio the
quotient of the figures it is made of, in plausible bounds).

Their demo lines are those of a fixed day (`--as-of`), so the line counts asserted here are
the same whatever day the tests run.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import ayni

pytestmark = pytest.mark.integration

AS_OF = "2026-11-30"  # the demo's 13 months: October 2025 to October 2026


def figures_of(result) -> dict:
    """The JSON line a bench ends with, after checking it ran."""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def quotient(ratio: float, numerator: float, denominator: float, digits: int) -> bool:
    """A ratio is the quotient of the two figures it is made of, within their rounding:
    each figure off by half its last digit, the ratio by half of its own."""
    exact = numerator / denominator
    error = exact * (0.5 * 10 ** -digits / abs(numerator) + 0.5 * 10 ** -digits / denominator)
    return abs(ratio - exact) <= error + 0.5 * 10 ** -3 + 1e-9


INGEST_KEYS = {"bench", "lines", "demo_as_of", "ayni_lines_per_s", "copy_lines_per_s",
               "to_sql_lines_per_s", "ratio_vs_copy", "ratio_vs_to_sql", "again_lines_per_s",
               "again_ratio_vs_copy", "peak_rss_mb", "rejected_on_purpose"}
DBT_KEYS = {"bench", "lines", "companies", "demo_as_of", "full_build_s", "sql_s",
            "incremental_s", "full_vs_sql", "incremental_vs_full", "appended_lines"}
DASHBOARD_KEYS = {"bench", "lines", "companies", "repeats", "demo_as_of", "budget_s",
                  "query_p95_max_s", "render_p95_max_s", "query_p95_vs_bare_select",
                  "query_p95_vs_bare_select_at", "render_p95_vs_budget",
                  "render_p95_vs_budget_at", "load_average_1m", "pages"}
CELL_KEYS = {"rows", "query_p50_s", "query_p95_s", "bare_p50_s", "bare_p95_s", "render_p50_s",
             "render_p95_s", "render_p95_vs_budget", "query_p95_vs_bare_select"}


def test_bench_ingest_prints_its_figures_as_json(ayni_db):
    from bench.ingest import BAD_SHARE

    figures = figures_of(ayni(ayni_db, "bench", "ingest", "--lines", "5000", "--as-of", AS_OF))
    assert set(figures) == INGEST_KEYS
    assert figures["bench"] == "ingest" and figures["demo_as_of"] == AS_OF
    # Every line of the messy file is counted once: loaded (good) or refused on purpose,
    # and together they are the lines asked for (the demo scales to within 2 %).
    written = figures["lines"] + figures["rejected_on_purpose"]
    assert 4900 <= written <= 5100, figures
    assert figures["rejected_on_purpose"] > 0  # the messy file's unreadable lines were refused
    assert figures["rejected_on_purpose"] <= 10 * BAD_SHARE * written + 5
    # Each ratio is the quotient of the two rates it compares (rates in whole lines/s).
    for ratio, rate, other in (("ratio_vs_copy", "ayni_lines_per_s", "copy_lines_per_s"),
                               ("ratio_vs_to_sql", "ayni_lines_per_s", "to_sql_lines_per_s"),
                               ("again_ratio_vs_copy", "again_lines_per_s", "copy_lines_per_s")):
        assert figures[rate] > 0 and figures[other] > 0, (rate, other)
        assert quotient(figures[ratio], figures[rate], figures[other], 0), (ratio, figures)
    # Plausible: AYNI reads, checks and loads a messy file, so it is no faster than a bare
    # COPY of the clean one (a little headroom for a shared machine), and never 1000× slower.
    assert 0.001 < figures["ratio_vs_copy"] <= 1.5, figures
    assert 0.001 < figures["again_ratio_vs_copy"] <= 1.5, figures
    assert 0.01 < figures["ratio_vs_to_sql"] < 1000, figures
    assert 10 < figures["peak_rss_mb"] < 16_000, figures


def test_bench_dbt_prints_its_figures_as_json(ayni_db):
    from bench.dbt import APPEND_SHARE, COMPANIES

    figures = figures_of(ayni(ayni_db, "bench", "dbt", "--lines", "5000", "--as-of", AS_OF))
    assert set(figures) == DBT_KEYS
    assert figures["bench"] == "dbt" and figures["demo_as_of"] == AS_OF
    assert figures["companies"] == COMPANIES == 20
    assert 4500 <= figures["lines"] <= 5500
    assert figures["appended_lines"] == max(1, round(5000 * APPEND_SHARE))
    for ratio, part, whole in (("full_vs_sql", "full_build_s", "sql_s"),
                               ("incremental_vs_full", "incremental_s", "full_build_s")):
        assert figures[part] > 0 and figures[whole] > 0, (part, whole)
        assert quotient(figures[ratio], figures[part], figures[whole], 2), (ratio, figures)
    # dbt runs the same SQL plus its own work; an incremental run of one company's month is
    # no slower than building everything (headroom for a shared machine).
    assert 0.5 <= figures["full_vs_sql"] < 1000, figures
    assert 0 < figures["incremental_vs_full"] <= 1.5, figures


def test_bench_dashboard_prints_its_figures_as_json(ayni_db):
    result = ayni(ayni_db, "bench", "dashboard", "--lines", "5000", "--repeats", "3",
                  "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = figures_of(result)
    assert set(figures) == DASHBOARD_KEYS
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
            assert set(f) == CELL_KEYS, (page, grain)
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
    assert figures["query_p95_max_s"] == max(f["query_p95_s"] for f in cells)
    # The "_at" keys name the page/grain of the worst cell, whose ratio is the one reported.
    for key in ("query_p95_vs_bare_select", "render_p95_vs_budget"):
        page, grain = figures[f"{key}_at"].split("/")
        assert pages[page][grain][key] == figures[key], key
    # Plausible: a dashboard query reads more than a bare SELECT of its rows, but not
    # 10,000 times more; the render budget is 2 s, and the test data is tiny.
    assert 0.1 <= figures["query_p95_vs_bare_select"] < 10_000, figures
    assert 0 < figures["render_p95_vs_budget"] < 50, figures
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
