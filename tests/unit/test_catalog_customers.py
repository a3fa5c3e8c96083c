"""Customer features on hand-checked lines (every number below is worked out in the comments)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine import run
from engine.catalog.customers import SEGMENT_GRID, SEGMENTS
from engine.catalog.helpers import quintile_score
from tests.unit.canonical_lines import frame

AS_OF = pd.Timestamp("2025-03-31 23:00")


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    """C1 buys on 3 days (4 documents, doc D has 5 lines) and returns once; C2 buys once,
    yesterday; C3 bought twice in December; C4 only returns (a credit note written with a
    positive amount); C5 bought once in February; one line has no customer."""
    lines = frame(
        "dt doc product qty total customer type",
        ("2025-01-01 10:00", "A", "P1", 2, 1000, "C1", "Boleta"),  # Wednesday, morning
        ("2025-01-01 10:00", "A", "P2", 1, 500, "C1", "Boleta"),
        ("2025-01-01 18:00", "B", "P1", 1, 200, "C1", "Boleta"),  # same day, evening
        ("2025-01-01 18:00", "B", "P2", 1, 100, "C1", "Boleta"),
        ("2025-01-11 18:30", "C", "P3", 1, 300, "C1", "Boleta"),  # Saturday, evening
        ("2025-01-11 18:30", "C", "P4", 1, 300, "C1", "Boleta"),
        *[("2025-01-31 09:00", "D", "P1", 1, 200, "C1", "Boleta")] * 5,  # Friday, morning, 5 lines
        ("2025-02-05 12:00", "R1", "P1", -1, -200, "C1", "Nota de crédito"),
        ("2025-03-30 20:00", "E", "P2", 1, 500, "C2", "Boleta"),
        ("2024-12-01 11:00", "F", "P3", 1, 100, "C3", "Boleta"),
        ("2024-12-03 11:00", "G", "P3", 1, 100, "C3", "Boleta"),
        ("2025-03-01 12:00", "R2", "P2", 1, 500, "C4", "NotaCredito"),
        ("2025-02-01 13:00", "H", "P1", 5, 5000, "C5", "Boleta"),
        ("2025-03-31 08:00", "I", "P9", 1, 999, None, "Boleta"),
    )
    return run(lines, models=["customers"], as_of=AS_OF).tables["customers"]


def test_index_and_basic_sums(customers: pd.DataFrame) -> None:
    c = customers
    assert c.index.tolist() == ["C1", "C2", "C3", "C4", "C5"] and c.index.name == "in_customer_id"
    # C1: 1000 + 500 + 200 + 100 + 300 + 300 + 5 × 200 − 200 (return) = 3200.
    assert c["revenue"].tolist() == [3200.0, 500.0, 200.0, -500.0, 5000.0]
    assert c["units"].tolist() == [11.0, 1.0, 2.0, -1.0, 5.0]
    assert c["documents"].tolist() == [4, 1, 2, 0, 1]  # credit notes are not purchases
    assert c["avg_ticket"].tolist()[:3] == [800.0, 500.0, 100.0] and np.isnan(c.loc["C4", "avg_ticket"])


def test_purchase_dates_and_recency(customers: pd.DataFrame) -> None:
    c = customers
    assert c.loc["C1", "first_purchase"] == pd.Timestamp("2025-01-01")
    assert c.loc["C1", "last_purchase"] == pd.Timestamp("2025-01-31")
    assert pd.isna(c.loc["C4", "first_purchase"]) and pd.isna(c.loc["C4", "last_purchase"])
    # Days to 2025-03-31: Jan 31 → 59, Mar 30 → 1, Dec 3 → 118, Feb 1 → 58.
    assert c["recency_days"].tolist()[:3] == [59, 1, 118] and c.loc["C5", "recency_days"] == 58
    assert pd.isna(c.loc["C4", "recency_days"])


def test_purchase_rhythm_in_the_lifetimes_sense(customers: pd.DataFrame) -> None:
    c = customers
    # C1 bought on Jan 1 (2 documents), Jan 11 and Jan 31: 3 days, 2 repeats, 30 days apart.
    assert c["purchase_days"].tolist() == [3, 1, 2, 0, 1]
    assert c.loc["C1", "repeat_frequency"] == 2 and c.loc["C2", "repeat_frequency"] == 0
    assert pd.isna(c.loc["C4", "repeat_frequency"])
    assert c.loc["C1", "repeat_recency_days"] == 30 and c.loc["C3", "repeat_recency_days"] == 2
    assert c.loc["C2", "repeat_recency_days"] == 0
    assert c.loc["C1", "age_days"] == 89 and c.loc["C2", "age_days"] == 1  # Jan 1 → Mar 31
    # Repeat days of C1: Jan 11 (300 + 300) and Jan 31 (5 × 200): (600 + 1000) / 2.
    assert c.loc["C1", "mean_repeat_value"] == 800.0
    assert c.loc["C3", "mean_repeat_value"] == 100.0
    assert c.loc["C2", "mean_repeat_value"] == 0.0  # one purchase day: 0, as lifetimes says
    assert c.loc["C1", "mean_days_between"] == 15.0 and c.loc["C3", "mean_days_between"] == 2.0
    assert pd.isna(c.loc["C2", "mean_days_between"])


def test_rfm_scores_with_ties_at_quintile_borders(customers: pd.DataFrame) -> None:
    c = customers
    # Recency of C1, C2, C3, C5 = 59, 1, 118, 58; cut points 35.2, 58.2, 58.8, 82.6:
    # cut points below: C2 0 → R5, C5 1 → R4, C1 3 → R2, C3 4 → R1.
    assert c["r_score"].tolist() == [2, 5, 1, pd.NA, 4]
    # Documents 4, 1, 2, 1; cut points 1, 1.2, 1.8, 2.8. C2 and C5 tie on 1, which is a cut
    # point: neither is above it, so both get F1; C3 is above 3 cut points → F4; C1 → F5.
    assert c["f_score"].tolist() == [5, 1, 4, pd.NA, 1]
    # Revenue 3200, 500, 200, 5000; cut points 380, 1040, 2660, 3920.
    assert c["m_score"].tolist() == [4, 2, 1, pd.NA, 5]
    assert str(c["r_score"].dtype) == "Int64"


def test_rfm_segments_follow_the_grid(customers: pd.DataFrame) -> None:
    # C1 R2F5, C2 R5F1, C3 R1F4, C5 R4F1.
    assert customers["rfm_segment"].tolist() == ["Cannot lose", "New", "At risk", np.nan, "Promising"]


def test_status(customers: pd.DataFrame) -> None:
    # C1: 59 days ≤ 90 but > 2 × 15 → at risk. C2: 1 day → active. C3: 118 > 90 → churned.
    # C5 bought once: measured against the median gap of the others, (15 + 2) / 2 = 8.5: 58 > 17.
    assert customers["status"].tolist() == ["at risk", "active", "churned", np.nan, "at risk"]


def test_status_params_and_customers_who_never_repeat() -> None:
    lines = frame(
        "dt doc product qty total customer",
        ("2025-01-01", "A", "P1", 1, 100, "C1"),
        ("2025-03-30", "B", "P1", 1, 100, "C2"),
    )
    c = run(lines, models=["customers"], as_of="2025-03-31").tables["customers"]
    # Nobody bought twice, so there is no usual gap: active until churned.
    assert c["status"].tolist() == ["active", "active"]
    c = run(lines, models=["customers"], as_of="2025-04-29", params={"churn_days": 30}).tables["customers"]
    assert c["status"].tolist() == ["churned", "active"]  # C2: 30 days is not more than 30
    c = run(lines, models=["customers"], as_of="2025-04-30", params={"churn_days": 30}).tables["customers"]
    assert c["status"].tolist() == ["churned", "churned"]


def test_habits(customers: pd.DataFrame) -> None:
    c = customers
    # By documents C1 buys on Wednesday twice (A, B), Saturday and Friday once — although
    # Friday's document has the most lines.
    assert c.loc["C1", "preferred_weekday"] == 2
    # Documents: A morning, B evening, C evening, D morning: a tie goes to the morning.
    assert c.loc["C1", "preferred_day_segment"] == "morning"
    assert c.loc["C2", "preferred_day_segment"] == "evening" and c.loc["C2", "preferred_weekday"] == 6
    assert pd.isna(c.loc["C4", "preferred_weekday"]) and pd.isna(c.loc["C4", "preferred_day_segment"])


def test_top_products(customers: pd.DataFrame) -> None:
    c = customers
    # C1 net: P1 1000 + 200 + 1000 − 200 = 2000, P2 600, P3 300, P4 300 (tie: P3 first).
    assert c["top_products"].drop("C4").tolist() == ["P1, P2, P3", "P2", "P3", "P1"]
    assert pd.isna(c.loc["C4", "top_products"])  # only a return: nothing bought


def test_top_products_param() -> None:
    lines = frame(
        "dt doc product qty total customer",
        ("2025-01-01", "A", "P2", 1, 100, "C1"),
        ("2025-01-01", "A", "P1", 1, 300, "C1"),
        ("2025-01-01", "A", "P3", 1, 200, "C1"),
    )
    c = run(lines, models=["customers"], params={"customer_top_products": 2}).tables["customers"]
    assert c.loc["C1", "top_products"] == "P1, P3"


def test_customers_skipped_without_customer_column() -> None:
    lines = frame("dt doc product qty total", ("2025-01-01", "A", "P1", 1, 100))
    out = run(lines, models=["customers"])
    assert "customers" not in out.tables
    assert out.skipped["customers.rfm_segment"].endswith("(column in_customer_id is absent)")


def test_quintile_score_tie_rule() -> None:
    values = pd.Series([1, 1, 1, 1, 1, 1, 2, 2, 3, 5.0])
    # Cut points 1, 1, 1.4, 2.2: 1 is above none, 2 above three, 3 and 5 above four.
    assert quintile_score(values).tolist() == [1] * 6 + [4, 4, 5, 5]
    assert quintile_score(values, lower_is_better=True).tolist() == [5] * 6 + [2, 2, 1, 1]
    # Ten distinct values: two per quintile.
    assert quintile_score(pd.Series(range(1, 11))).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # Everybody equal (e.g. a first upload of a single day): most recent, lowest F and M.
    assert quintile_score(pd.Series([0, 0, 0]), lower_is_better=True).tolist() == [5, 5, 5]
    assert quintile_score(pd.Series([3, 3, 3])).tolist() == [1, 1, 1]
    assert quintile_score(pd.Series([np.nan, 1.0])).tolist() == [pd.NA, 1]


def test_segment_grid_covers_the_eleven_segments() -> None:
    assert sorted({s for row in SEGMENT_GRID for s in row}) == sorted(SEGMENTS) and len(SEGMENTS) == 11
    assert SEGMENT_GRID[4][3] == SEGMENT_GRID[4][4] == "Champions"  # R5 F4-5
    assert SEGMENT_GRID[0][0] == "Lost" and SEGMENT_GRID[1][0] == "Hibernating"
