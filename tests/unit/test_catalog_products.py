"""Product features on hand-checked lines (as of 2025-03-31)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine import run
from engine.catalog import registry
from engine.catalog.products import margin_health
from tests.unit.canonical_lines import frame

AS_OF = pd.Timestamp("2025-03-31 23:00")
NAN = np.nan
IDS = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    """P1 sells on two days with 30 % margin and one return; P2 costs 0; P3 has one line
    without cost; P4 last sold on Feb 1; P5 was only returned; P6 is big with 10 % margin;
    P7 small with 100 %; P8 has no cost at all."""
    return frame(
        "dt doc product qty total cost type",
        ("2025-03-01 10:00", "A", "P1", 2, 1000, 700, "Boleta"),
        ("2025-03-01 11:00", "B", "P1", 1, 500, 350, "Boleta"),
        ("2025-03-20 12:00", "C", "P1", 1, 500, 350, "Boleta"),
        ("2025-03-21 12:00", "R", "P1", -1, -500, -350, "Nota de crédito"),
        ("2025-03-01 10:00", "A", "P2", 1, 300, 0, "Boleta"),
        ("2025-03-02 10:00", "D", "P3", 1, 200, 170, "Boleta"),
        ("2025-03-02 10:30", "E", "P3", 2, 100, None, "Boleta"),
        ("2025-02-01 10:00", "F", "P4", 1, 100, 95, "Boleta"),
        ("2025-03-05 10:00", "G", "P5", -1, -50, -20, "Nota de crédito"),
        ("2025-03-25 10:00", "H", "P6", 4, 2000, 1800, "Boleta"),
        ("2025-03-31 10:00", "I", "P7", 1, 50, 0, "Boleta"),
        ("2025-03-31 10:00", "I", "P8", 1, 400, None, "Boleta"),
    )


# The hand-checked amounts are without IVA (a company that sends its totals so), so margins
# are the plain differences; test_margin_is_on_sales_without_vat checks the IVA basis.
NO_VAT = {"prices_include_vat": False}


@pytest.fixture(scope="module")
def products(lines: pd.DataFrame) -> pd.DataFrame:
    return run(lines, models=["products"], as_of=AS_OF, params=NO_VAT).tables["products"]


def test_sums(products: pd.DataFrame) -> None:
    p = products
    assert p.index.tolist() == IDS and p.index.name == "in_product_id"
    assert p["revenue"].tolist() == [1500.0, 300, 300, 100, -50, 2000, 50, 400]
    assert p["units"].tolist() == [3.0, 1, 3, 1, -1, 4, 1, 1]
    assert p["documents"].tolist() == [3, 1, 2, 1, 0, 1, 1, 1]


def test_margin_with_zero_and_missing_costs(products: pd.DataFrame) -> None:
    p = products
    # P1: 300 + 150 + 150 − 150 (the return gives its margin back) = 450 of 1500 → 30 %.
    # P3: only the costed line counts: 30 of 200 → 15 %. P5: its costed revenue is negative.
    np.testing.assert_allclose(p["margin"], [450, 300, 30, 5, -30, 200, 50, NAN])
    np.testing.assert_allclose(p["margin_pct"], [30, 100, 15, 5, NAN, 10, 100, NAN])
    assert p["margin_health"].tolist() == [
        "healthy", "excellent", "low", "critical", NAN, "critical", "excellent", NAN,
    ]


def test_margin_is_on_sales_without_vat() -> None:
    """With the defaults (totals with IVA, costs without) a minimarket that sells at 1,190 what
    cost it 840 has 16 % (low), not 29.4 % (healthy); costs that include IVA are taken without
    it too. Medians, health and quadrants follow the margin without IVA."""
    lines = frame(
        "dt doc product qty total cost type",
        ("2025-03-01 10:00", "A", "MILK", 1, 1190, 840, "Boleta"),
        ("2025-03-02 10:00", "B", "MILK", 2, 2380, 1680, "Boleta"),
        ("2025-03-03 10:00", "R", "MILK", -1, -1190, -840, "NotaCredito"),
        ("2025-03-01 10:00", "A", "WINE", 1, 5950, 3000, "Boleta"),  # 5000 without IVA: 40 %
        ("2025-03-01 10:00", "A", "GUM", 1, 595, None, "Boleta"),  # no cost
    )
    p = run(lines, models=["products"], as_of=AS_OF).tables["products"]
    assert p.index.tolist() == ["GUM", "MILK", "WINE"]
    assert p["revenue"].tolist() == [595.0, 2380, 5950]  # revenue stays as sent
    np.testing.assert_allclose(p["margin"], [NAN, 320, 2000])  # (1000 + 2000 − 1000) − 1680
    np.testing.assert_allclose(p["margin_pct"], [NAN, 16, 40])
    assert p["margin_health"].tolist() == [NAN, "low", "excellent"]
    assert p["quadrant"].tolist() == [NAN, "Dog", "Star"]

    costs_with_vat = run(lines, models=["products"], as_of=AS_OF,
                         params={"costs_include_vat": True}).tables["products"]
    # 840 → 706, 1680 → 1412, 3000 → 2521: MILK 2000 − 1412 = 588, WINE 5000 − 2521 = 2479.
    np.testing.assert_allclose(costs_with_vat["margin"], [NAN, 588, 2479])
    np.testing.assert_allclose(costs_with_vat["margin_pct"], [NAN, 29.4, 49.58])


def test_margin_health_borders() -> None:
    pct = pd.Series([14.99, 15, 24.99, 25, 34.99, 35, NAN])
    health = pd.Series(margin_health(pct, registry.merge_params()))
    assert health.tolist() == ["critical", "low", "low", "healthy", "healthy", "excellent", NAN]


def test_revenue_share_cumulative_and_abc(products: pd.DataFrame) -> None:
    p = products
    # Positive revenue: 1500 + 300 + 300 + 100 + 2000 + 50 + 400 = 4650. Ranked: P6, P1, P8,
    # P2 and P3 (a tie: the lower id first), P4, P7; P5 has none.
    share = np.array([1500, 300, 300, 100, -50, 2000, 50, 400]) / 4650 * 100
    np.testing.assert_allclose(p["revenue_share"], share)
    cumulative = {"P6": 2000, "P1": 3500, "P8": 3900, "P2": 4200, "P3": 4500, "P4": 4600, "P7": 4650}
    np.testing.assert_allclose(
        p["cumulative_share"], [cumulative.get(i, NAN) / 4650 * 100 if i in cumulative else NAN for i in IDS]
    )
    # Share ranked above: P6 0, P1 43.0, P8 75.3 (still under 80: A although it crosses it),
    # P2 83.9 → B, P3 90.3 → B, P4 96.8 → C, P7 98.9 → C; P5 (no positive revenue) → C.
    assert p["abc_class"].tolist() == ["A", "B", "B", "C", "C", "A", "C", "A"]


def test_abc_border_is_exact_and_params_apply() -> None:
    lines = frame(
        "dt doc product qty total",
        ("2025-01-01", "A", "P1", 1, 80),
        ("2025-01-01", "A", "P2", 1, 15),
        ("2025-01-01", "A", "P3", 1, 5),
    )
    p = run(lines, models=["products"]).tables["products"]
    # 80 % ranked above P2: not below 80 → B; 95 % above P3: not below 95 → C.
    assert p["abc_class"].tolist() == ["A", "B", "C"]
    np.testing.assert_allclose(p["cumulative_share"], [80, 95, 100])
    p = run(lines, models=["products"], params={"abc_a_pct": 90, "abc_b_pct": 99}).tables["products"]
    assert p["abc_class"].tolist() == ["A", "A", "B"]


def test_single_product_is_a() -> None:
    lines = frame("dt doc product qty total", ("2025-01-01", "A", "P1", 1, 80))
    assert run(lines, models=["products"]).tables["products"]["abc_class"].tolist() == ["A"]


def test_movement_and_dead_stock(lines: pd.DataFrame, products: pd.DataFrame) -> None:
    p = products
    assert p["selling_days"].tolist() == [2, 1, 1, 1, 0, 1, 1, 1]
    np.testing.assert_allclose(p["velocity"], [1.5, 1, 3, 1, NAN, 4, 1, 1])
    assert p.loc["P1", "last_sale"] == pd.Timestamp("2025-03-20") and pd.isna(p.loc["P5", "last_sale"])
    assert p["days_since_last_sale"].tolist()[:4] == [11, 30, 29, 58]
    # No sale in the last 30 days while it sold before: P2 (30 days) and P4 (58); not P3
    # (29 days) nor P5, which never sold.
    assert p["dead_stock"].tolist() == [False, True, False, True, False, False, False, False]
    # With a 60-day threshold, 58 days without a sale is not dead stock yet.
    p60 = run(lines, models=["products"], as_of=AS_OF, params={"dead_stock_days": 60}).tables["products"]
    assert p60.loc["P4", "dead_stock"] == False  # noqa: E712  (a numpy bool)


def test_quadrant(products: pd.DataFrame) -> None:
    # With margin %: revenue median of 50, 100, 300, 300, 1500, 2000 = 300; margin % median
    # of 5, 10, 15, 30, 100, 100 = 22.5. Revenue and margin % at or above the median are high.
    assert products["quadrant"].tolist() == [
        "Star", "Star", "Workhorse", "Dog", NAN, "Workhorse", "Cash cow", NAN,
    ]


def test_missing_cost_columns_skip_margin_features(lines: pd.DataFrame) -> None:
    out = run(lines.drop(columns="in_cost_total"), models=["products"], as_of=AS_OF, params=NO_VAT)
    p = out.tables["products"]
    skipped = {"margin", "margin_pct", "margin_health", "quadrant"}
    assert {f"products.{name}" for name in skipped} <= set(out.skipped)
    assert not skipped & set(p.columns)
    assert p["abc_class"].tolist() == ["A", "B", "B", "C", "C", "A", "C", "A"]  # the rest runs
