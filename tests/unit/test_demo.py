"""The demo generator yields realistic, self-consistent canonical lines.

Every range here is a fixed day's (never the machine's date): the same lines whatever
day the tests run.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import numpy as np
import pandas as pd
import pytest
from stdnum.cl import rut as cl_rut

from ayni.core.canonical import NAMES
from ayni.usecases import demo
from ayni.usecases.demo import (
    INDUSTRIES,
    REFERENCE_DATE,
    DemoCompany,
    default_range,
    demo_companies,
    generate_lines,
    scale_for_lines,
)

START, END = date(2025, 1, 1), date(2025, 12, 31)
RUT_FORM = r"^\d{7,8}-[0-9K]$"


@pytest.fixture(scope="module")
def companies() -> list[DemoCompany]:
    return demo_companies()


@pytest.fixture(scope="module")
def lines(companies: list[DemoCompany]) -> pd.DataFrame:
    """One calendar year of every default company, with its name and industry."""
    frames = [
        generate_lines(c, START, END).assign(company=c.name, industry=c.industry) for c in companies
    ]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def docs(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per document."""
    return lines.drop_duplicates(["company", "in_trans_id"])


def test_columns_and_dtypes(companies: list[DemoCompany]) -> None:
    df = generate_lines(companies[0], date(2025, 3, 1), date(2025, 3, 31))
    assert list(df.columns) == list(NAMES)
    assert pd.api.types.is_datetime64_dtype(df["in_dt"]) and df["in_dt"].dt.tz is None
    assert (df["in_dt"].dt.second == 0).all()
    for col in ("in_trans_id", "in_product_id", "in_trans_type", "in_description",
                "in_category", "in_unit_type"):
        assert pd.api.types.is_string_dtype(df[col]), col
        assert df[col].notna().all(), col
    for col in ("in_quantity", "in_price_total", "in_stock", "in_price_unit", "in_cost_unit",
                "in_cost_total", "in_discount_total", "in_commission_total", "in_margin"):
        assert pd.api.types.is_float_dtype(df[col]), col
    assert set(df["in_trans_type"]) <= {"BoletaElectronica", "FacturaElectronica", "NotaCredito"}
    assert set(df["in_unit_type"]) <= {"Unidad", "Kilogramos"}
    assert df["in_dt"].min() >= pd.Timestamp("2025-03-01")
    assert df["in_dt"].max() < pd.Timestamp("2025-04-01")


def test_deterministic(companies: list[DemoCompany]) -> None:
    c = companies[3]
    a = generate_lines(c, date(2025, 5, 1), date(2025, 6, 30))
    b = generate_lines(c, date(2025, 5, 1), date(2025, 6, 30))
    pd.testing.assert_frame_equal(a, b)
    other = generate_lines(replace(c, seed=c.seed + 1), date(2025, 5, 1), date(2025, 6, 30))
    assert not a["in_dt"].equals(other["in_dt"])
    assert demo_companies() == demo_companies()


def test_ruts_are_valid(companies: list[DemoCompany], lines: pd.DataFrame) -> None:
    assert all(cl_rut.is_valid(c.rut) for c in companies)
    assert all(pd.Series([c.rut for c in companies]).str.match(RUT_FORM))
    assert len({c.rut for c in companies}) == len(companies)
    ids = lines["in_customer_id"].dropna().unique()
    assert len(ids) > 1000
    assert all(cl_rut.is_valid(i) for i in ids)
    assert pd.Series(ids).str.match(RUT_FORM).all()


def test_companies_and_industries(companies: list[DemoCompany]) -> None:
    per = pd.Series([c.industry for c in companies]).value_counts()
    assert per.max() >= 10 and per.idxmax() == "minimarket"
    assert (per >= 3).sum() >= 4
    assert set(per.index) <= set(INDUSTRIES)
    assert len({c.name for c in companies}) == len(companies)
    assert {c.size for c in companies} == {"micro", "small", "medium", "large"}
    assert demo_companies({"farmacia": 2}, seed=1)[0].industry == "farmacia"
    with pytest.raises(ValueError):
        demo_companies({"panaderia_espacial": 1})


def test_multi_line_documents(lines: pd.DataFrame) -> None:
    per_doc = lines.groupby(["company", "in_trans_id"]).size()
    assert 1.5 <= per_doc.mean() <= 3.0
    assert (per_doc > 1).mean() > 0.3 and per_doc.max() >= 6
    assert not lines.duplicated(["company", "in_trans_id", "in_product_id"]).any()


def test_document_numbers_increase_over_time(lines: pd.DataFrame) -> None:
    for _, g in lines.groupby("company"):
        d = g.groupby("in_trans_id").agg(
            dt=("in_dt", "nunique"), t=("in_trans_type", "nunique"), first=("in_dt", "first")
        )
        assert (d["dt"] == 1).all() and (d["t"] == 1).all()  # a document is one sale
        folio = d.index.astype(int)
        assert folio.is_unique
        by_number = d.set_index(folio).sort_index()["first"]
        assert by_number.is_monotonic_increasing


def test_returns(lines: pd.DataFrame, docs: pd.DataFrame) -> None:
    share = (docs["in_trans_type"] == "NotaCredito").mean()
    assert 0.005 < share < 0.03
    ret = lines[lines["in_trans_type"] == "NotaCredito"]
    assert (ret["in_quantity"] < 0).all() and (ret["in_price_total"] < 0).all()
    sale = lines[lines["in_trans_type"] != "NotaCredito"]
    assert (sale["in_quantity"] > 0).all() and (sale["in_price_total"] >= 0).all()
    # Every return undoes a product the same customer bought earlier.
    first = sale.groupby(["company", "in_product_id"])["in_dt"].min().rename("first_sale")
    r = ret.join(first, on=["company", "in_product_id"])
    assert (r["first_sale"] < r["in_dt"]).all()
    named = ret.dropna(subset=["in_customer_id"])
    bought = sale.groupby(["company", "in_customer_id", "in_product_id"])["in_dt"].min().rename("b")
    n = named.join(bought, on=["company", "in_customer_id", "in_product_id"])
    assert len(n) > 20 and (n["b"] < n["in_dt"]).all()


def test_customers_repeat_and_churn(docs: pd.DataFrame) -> None:
    sales = docs[docs["in_trans_type"] != "NotaCredito"]
    assert sales.loc[sales["in_trans_type"] == "FacturaElectronica", "in_customer_id"].notna().all()
    boletas = sales[sales["in_trans_type"] == "BoletaElectronica"]
    assert 0.05 < boletas["in_customer_id"].notna().mean() < 0.7  # many boletas are anonymous
    per = sales.dropna(subset=["in_customer_id"]).groupby(["company", "in_customer_id"]).agg(
        n=("in_trans_id", "size"), last=("in_dt", "max")
    )
    counts = per["n"].sort_values(ascending=False)
    top = counts.head(len(counts) // 5).sum() / counts.sum()
    assert top > 0.5  # heavy tail: a fifth of the customers make most purchases
    assert (counts == 1).mean() > 0.1 and counts.max() >= 30
    regulars = per[per["n"] >= 3]
    churned = regulars["last"] < pd.Timestamp(END) - pd.Timedelta(days=90)
    assert 0.1 < churned.mean() < 0.7


def test_seasonality_and_opening_hours(docs: pd.DataFrame) -> None:
    mini = docs[docs["industry"] == "minimarket"]
    month = mini.groupby(mini["in_dt"].dt.month).size()
    assert month[12] > 1.15 * month[2]
    wd = mini.groupby(mini["in_dt"].dt.day_of_week).size()
    assert wd[5] > 1.15 * wd[0]  # Saturday beats Monday
    libreria = docs[docs["industry"] == "libreria"]
    assert (libreria["in_dt"].dt.day_of_week == 6).mean() < 0.01  # closed on Sunday
    lib_month = libreria.groupby(libreria["in_dt"].dt.month).size()
    assert lib_month[3] > 1.5 * lib_month[1]  # back to school
    for industry, g in docs.groupby("industry"):
        opens, closes = INDUSTRIES[industry].hours
        h = g["in_dt"].dt.hour
        assert h.min() >= opens and h.max() < closes, industry


def test_holidays_reduce_volume(docs: pd.DataFrame) -> None:
    mini = docs[docs["industry"] == "minimarket"]
    per_day = mini.groupby(mini["in_dt"].dt.normalize()).size()
    per_day = per_day.reindex(pd.date_range(START, END), fill_value=0)
    weekday = per_day[per_day.index.day_of_week < 5]
    mean_weekday = weekday.mean()
    for holiday in ("2025-09-18", "2025-09-19", "2025-12-25", "2025-01-01", "2025-05-01"):
        assert per_day[holiday] < 0.6 * mean_weekday, holiday
    minor = ["2025-05-21", "2025-06-20", "2025-08-15", "2025-12-08"]
    assert per_day[minor].mean() < 0.9 * mean_weekday
    assert per_day["2025-12-24"] > 1.2 * mean_weekday  # Christmas Eve shopping


def test_weight_sold_products(lines: pd.DataFrame) -> None:
    kg = lines.loc[lines["in_unit_type"] == "Kilogramos", "in_quantity"].abs()
    assert len(kg) > 1000
    assert (kg != kg.round(0)).mean() > 0.9  # fractional
    assert np.allclose(kg, kg.round(3))  # at most 3 decimals
    assert kg.between(0.05, 20).all()
    units = lines.loc[lines["in_unit_type"] == "Unidad", "in_quantity"]
    assert (units == units.round(0)).all()


def test_prices_costs_and_discounts(lines: pd.DataFrame) -> None:
    for col in ("in_price_unit", "in_price_total", "in_discount_total", "in_cost_total",
                "in_commission_total", "in_margin"):
        assert (lines[col] == lines[col].round(0)).all(), col
    assert (lines["in_price_unit"] > 0).all() and (lines["in_cost_unit"] > 0).all()
    products = lines.groupby(["company", "in_product_id"])[["in_price_unit", "in_cost_unit"]].mean()
    below = (products["in_cost_unit"] < products["in_price_unit"]).mean()
    assert below > 0.97
    markup = 1 - products["in_cost_unit"] / products["in_price_unit"]
    assert (markup < 0.15).sum() > 5  # some low-margin items (cigarettes, cement, diapers)
    disc = lines["in_discount_total"]
    assert (disc >= 0).all() and 0.01 < (disc > 0).mean() < 0.15
    assert (lines["in_commission_total"] == 0).mean() > 0.9


def test_totals_are_consistent(lines: pd.DataFrame) -> None:
    q, pu = lines["in_quantity"], lines["in_price_unit"]
    assert (lines["in_price_total"] == np.round(pu * q) - lines["in_discount_total"]).all()
    assert (lines["in_cost_total"] == np.round(lines["in_cost_unit"] * q)).all()
    margin = lines["in_price_total"] - lines["in_cost_total"] - lines["in_commission_total"]
    assert (lines["in_margin"] == margin).all()


def test_stock_is_plausible(lines: pd.DataFrame) -> None:
    stock = lines["in_stock"]
    assert stock.notna().mean() > 0.5
    assert (stock.dropna() >= 0).all()


def test_default_volume(companies: list[DemoCompany]) -> None:
    start, end = default_range(REFERENCE_DATE)
    total = sum(len(generate_lines(c, start, end)) for c in companies)
    assert 150_000 <= total <= 300_000


def test_scale_for_lines(companies: list[DemoCompany]) -> None:
    start, end = date(2025, 7, 1), date(2025, 9, 30)
    few = companies[::5]
    for target in (8_000, 40_000):
        scaled = scale_for_lines(few, start, end, target)
        assert [c.seed for c in scaled] == [c.seed for c in few]
        total = sum(len(generate_lines(c, start, end)) for c in scaled)
        assert abs(total - target) <= 0.1 * target, (target, total)


def test_default_range() -> None:
    assert default_range(date(2026, 11, 25)) == (date(2025, 10, 1), date(2026, 10, 31))
    assert default_range(date(2026, 1, 1)) == (date(2024, 12, 1), date(2025, 12, 31))
    assert default_range(date(2028, 3, 1)) == (date(2027, 2, 1), date(2028, 2, 29))
    assert default_range(REFERENCE_DATE) == (date(2025, 10, 1), date(2026, 10, 31))


def _clock_at(monkeypatch, instant: datetime | None) -> None:
    """The business clock fixed at an instant (None: reading it fails)."""
    from ayni.core import clock

    def now(settings=None):
        if instant is None:
            raise AssertionError("the demo read the clock")
        return pd.Timestamp(instant).tz_convert("America/Santiago").tz_localize(None)

    monkeypatch.setattr(clock, "now", now)


def test_the_default_range_ends_last_month_in_chile(monkeypatch) -> None:
    """Without a day, the demo of a real user ends with the last complete month, Chilean
    time: at 02:30 UTC on 1 December it is still 30 November in Santiago (UTC-3)."""
    _clock_at(monkeypatch, datetime(2026, 12, 1, 2, 30, tzinfo=timezone.utc))
    assert default_range() == (date(2025, 10, 1), date(2026, 10, 31))
    _clock_at(monkeypatch, datetime(2026, 12, 1, 3, 30, tzinfo=timezone.utc))  # 1 December 00:30
    assert default_range() == (date(2025, 11, 1), date(2026, 11, 30))


def test_lines_of_a_given_range_never_read_the_clock(monkeypatch, companies) -> None:
    _clock_at(monkeypatch, None)  # reading the clock fails
    start, end = default_range(REFERENCE_DATE)
    scaled = scale_for_lines(companies[:2], start, end, 3_000)
    frames = [generate_lines(c, start, end) for c in scaled]
    assert all(f["in_dt"].min() >= pd.Timestamp(start) for f in frames)
    assert all(f["in_dt"].max() < pd.Timestamp(end) + pd.Timedelta(days=1) for f in frames)
    with pytest.raises(AssertionError, match="read the clock"):
        default_range()


def test_empty_range(companies: list[DemoCompany]) -> None:
    df = generate_lines(companies[0], date(2025, 2, 1), date(2025, 1, 31))
    assert df.empty and list(df.columns) == list(NAMES)
