"""The dashboards' periods and comparisons, and the exact split of a change in sales."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
import pytest

from streamlit_app import drivers, periods
from streamlit_app.periods import Span


def test_the_last_complete_month_comes_from_the_data_and_the_calendar():
    # Sales up to the last day of November: November is complete, even on 30 November.
    assert periods.last_complete_month(date(2025, 11, 30), date(2025, 11, 30)) == Span(
        date(2025, 11, 1), date(2025, 11, 30))
    # Sales up to the 28th, but the calendar is in December: November is over.
    assert periods.last_complete_month(date(2025, 11, 28), date(2025, 12, 3)).end == date(
        2025, 11, 30)
    # Sales up to 2 December, on 3 December: November is the last complete month.
    assert periods.last_complete_month(date(2025, 12, 2), date(2025, 12, 3)) == Span(
        date(2025, 11, 1), date(2025, 11, 30))


def test_presets_and_their_comparisons_have_equal_lengths():
    first, as_of, today = date(2024, 1, 3), date(2025, 12, 10), date(2025, 12, 11)
    month = periods.period("last_month", periods.preset_span("last_month", as_of, today),
                           first, as_of)
    assert month.span == Span(date(2025, 11, 1), date(2025, 11, 30))
    assert month.previous == Span(date(2025, 10, 1), date(2025, 10, 31))
    assert month.year_ago == Span(date(2024, 11, 1), date(2024, 11, 30))
    mtd = periods.period("month_to_date", periods.preset_span("month_to_date", as_of, today),
                         first, as_of)
    assert (mtd.span, mtd.previous, mtd.year_ago) == (
        Span(date(2025, 12, 1), date(2025, 12, 10)), Span(date(2025, 11, 1), date(2025, 11, 10)),
        Span(date(2024, 12, 1), date(2024, 12, 10)))
    quarter = periods.period("last_3_months", periods.preset_span("last_3_months", as_of, today),
                             first, as_of)
    assert quarter.span == Span(date(2025, 9, 1), date(2025, 11, 30))
    assert quarter.previous == Span(date(2025, 6, 1), date(2025, 8, 31))
    custom = periods.period("custom", Span(date(2025, 3, 5), date(2025, 3, 14)), first, as_of)
    assert custom.previous == Span(date(2025, 2, 23), date(2025, 3, 4))
    assert custom.previous.days == custom.span.days == 10


def test_no_comparison_with_a_period_the_data_does_not_cover():
    # Thirteen months of history: the whole range has no year before, the last month has.
    first, as_of = date(2024, 11, 1), date(2025, 11, 30)
    whole = periods.period("custom", Span(first, as_of), first, as_of)
    assert whole.year_ago is None and whole.previous is None
    last = periods.period("last_month", Span(date(2025, 11, 1), as_of), first, as_of)
    assert last.year_ago == Span(date(2024, 11, 1), date(2024, 11, 30))
    # History from the 5th of the month before still covers it (a week's tolerance).
    assert periods.period("last_month", Span(date(2025, 11, 1), as_of), date(2025, 10, 5),
                          as_of).previous is not None
    assert periods.period("last_month", Span(date(2025, 11, 1), as_of), date(2025, 10, 20),
                          as_of).previous is None


def test_a_split_by_product_adds_up_to_the_change_to_the_peso():
    rng = random.Random(7)
    keys = [f"P{i}" for i in range(40)]
    before = pd.Series({k: rng.uniform(0, 90_000) for k in keys[:35]})
    now = pd.Series({k: rng.uniform(0, 90_000) for k in keys[5:]})
    split = drivers.by_key(before, now, top=5)
    assert sum(p.amount for p in split.parts) == split.change == round(now.sum()) - round(
        before.sum())
    assert len(split.parts) == 6 and split.parts[-1].key == drivers.OTHERS
    named = [p.key for p in split.parts[:5]]
    delta = (now.reindex(keys, fill_value=0) - before.reindex(keys, fill_value=0)).abs()
    assert set(named) == set(delta.nlargest(5).index)


def test_documents_against_ticket_is_exact():
    split = drivers.documents_and_ticket(1_000_000, 400, 1_210_000, 440)
    documents, ticket = (p.amount for p in split.parts)
    assert documents + ticket == 210_000
    # 40 more documents at the midpoint ticket (2.500 and 2.750 → 2.625) = 105.000.
    assert documents == 105_000 and ticket == 105_000


def test_new_returning_and_unidentified_buyers():
    frame = pd.DataFrame({
        "customer_id": ["a", "b", "(sin cliente)", "c"],
        "is_identified": [True, True, False, True],
        "net_sales": [1000.0, 2000.0, 500.0, 300.0],
        "first_purchase_date": pd.to_datetime(["2025-11-04", "2024-01-01", None, "2025-10-31"]),
    })
    groups = drivers.customer_groups(frame, pd.Timestamp("2025-11-01"))
    assert groups == {drivers.NEW: 1000.0, drivers.RETURNING: 2300.0, drivers.UNIDENTIFIED: 500.0}
    split = drivers.new_and_returning({drivers.NEW: 400.0, drivers.RETURNING: 2000.0}, groups)
    assert [(p.key, p.amount) for p in split.parts] == [
        (drivers.NEW, 600), (drivers.RETURNING, 300), (drivers.UNIDENTIFIED, 500)]
    assert split.change == 1400


@pytest.mark.parametrize("seed", range(5))
def test_rounding_never_breaks_the_sum(seed):
    rng = random.Random(seed)
    before = pd.Series({f"k{i}": rng.uniform(0, 10) + 0.5 for i in range(9)})
    now = pd.Series({f"k{i}": rng.uniform(0, 10) + 0.49 for i in range(9)})
    split = drivers.by_key(before, now, top=3)
    assert sum(p.amount for p in split.parts) == split.change
