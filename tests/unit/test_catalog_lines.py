"""Row features of the lines (calendar, documents, bands) and the weekday × hour model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine import run
from engine.catalog.helpers import first_seen_codes
from tests.unit.canonical_lines import frame

NAN = np.nan


def _row_features(data: pd.DataFrame, **params: object) -> pd.DataFrame:
    return run(data, models=["lines"], params=params or None).lines


def _at(*stamps: str) -> pd.DataFrame:
    rows = [(stamp, f"D{i}", "P1", 1, 100) for i, stamp in enumerate(stamps)]
    return frame("dt doc product qty total", *rows)


def test_day_segments_at_their_borders() -> None:
    data = _at("2025-01-06 04:59", "2025-01-06 05:00", "2025-01-06 11:59", "2025-01-06 12:00",
               "2025-01-06 16:59", "2025-01-06 17:00", "2025-01-06 21:59", "2025-01-06 22:00")
    out = _row_features(data)
    assert out["hour"].tolist() == [4, 5, 11, 12, 16, 17, 21, 22]
    assert out["day_segment"].tolist() == ["night", "morning", "morning", "afternoon", "afternoon",
                                           "evening", "evening", "night"]
    assert list(out["day_segment"].cat.categories) == ["morning", "afternoon", "evening", "night"]
    shifted = _row_features(data, morning_start_hour=6, night_start_hour=21)
    assert shifted["day_segment"].tolist()[:2] == ["night", "night"]
    assert shifted["day_segment"].tolist()[-2:] == ["night", "night"]


def test_weekday_and_the_wall_clock_of_aware_timestamps() -> None:
    data = _at("2025-01-06 10:00", "2025-01-12 10:00")  # a Monday and a Sunday
    assert _row_features(data)["weekday"].tolist() == [0, 6]
    # 23:30 of Wednesday 1 January in Santiago (UTC−3) is still that day and hour there.
    aware = data.assign(in_dt=pd.to_datetime(["2025-01-01 23:30", "2025-01-02 00:30"]).tz_localize("America/Santiago"))
    out = _row_features(aware)
    assert out["hour"].tolist() == [23, 0] and out["weekday"].tolist() == [2, 3]
    assert out["day_number"].tolist() == [20089, 20090]  # days since 1970-01-01


def test_chilean_holidays() -> None:
    data = _at("2025-09-17 10:00", "2025-09-18 10:00", "2025-09-19 10:00", "2025-01-01 10:00",
               "2025-06-07 10:00", "2024-12-25 10:00")
    assert _row_features(data)["is_holiday"].tolist() == [False, True, True, True, False, True]
    # 7 June (Battle of Arica) is a holiday in the Arica y Parinacota region only.
    regional = _row_features(data, holiday_subdivision="AP")
    assert regional["is_holiday"].tolist() == [False, True, True, True, True, True]


def test_missing_timestamps_give_missing_calendar_values() -> None:
    data = _at("2025-01-06 10:00", "2025-01-06 10:00")
    data.loc[1, "in_dt"] = pd.NaT
    out = _row_features(data)
    assert out["hour"].tolist() == [10, pd.NA] and out["weekday"].tolist() == [0, pd.NA]
    assert out["is_holiday"].tolist() == [False, False]
    assert out["day_segment"].tolist() == ["morning", NAN]


def test_documents_totals_and_ticket_bands() -> None:
    data = frame(
        "dt doc product qty total type",
        ("2025-01-06 10:00", "A", "P1", 1, 4000, "Boleta"),
        ("2025-01-06 10:00", "A", "P2", 1, 999, "Boleta"),  # A: 4,999 → 0-5K
        ("2025-01-06 11:00", "B", "P1", 1, 5000, "Boleta"),  # 5,000 → 5K-10K (lower edge included)
        ("2025-01-06 12:00", "C", "P1", 5, 100000, "Factura"),  # 100K+
        ("2025-01-06 12:00", "C", "P1", 1, 100, "Factura"),  # P1 again in C
        ("2025-01-07 12:00", "NC", "P1", 1, 5000, "NotaCredito"),  # a return: no band
    )
    out = _row_features(data)
    assert out["doc_code"].tolist() == [0, 0, 1, 2, 2, 3]
    assert out["sale_doc"].tolist() == [0, 0, 1, 2, 2, pd.NA]
    assert out["doc_first"].tolist() == [True, False, True, True, False, False]
    assert out["basket_item"].tolist() == [True, True, True, True, False, False]
    assert out["doc_total"].tolist() == [4999.0, 4999, 5000, 100100, 100100, -5000]
    assert out["ticket_band"].tolist() == ["0-5K", "0-5K", "5K-10K", "100K+", "100K+", NAN]
    custom = _row_features(data, ticket_band_edges=(1_000, 100_100))
    assert custom["ticket_band"].tolist() == ["1K-100.1K", "1K-100.1K", "1K-100.1K", "100.1K+", "100.1K+", NAN]


@pytest.mark.parametrize(
    ("folios", "codes"),
    [
        (["20001", "20001", "9", "20001", "15"], [0, 0, 1, 0, 2]),  # numbers: hashed as integers
        (["0123", "123", "123", "0123"], [0, 1, 1, 0]),  # a leading zero is another document
        (["B-1", "7", "B-1", "7"], [0, 1, 0, 1]),  # mixed text and numbers
        (["7", None, "7", "99999999999999999999"], [0, -1, 0, 1]),  # missing; beyond int64
    ],
)
def test_document_codes_of_folios(folios: list, codes: list) -> None:
    assert first_seen_codes(pd.Series(folios, dtype="str")).tolist() == codes
    rows = [("2025-01-06 10:00", folio, "P1", 1, 100) for folio in folios]
    out = _row_features(frame("dt doc product qty total", *rows))
    assert out["doc_code"].tolist() == codes


def test_signed_margin_of_returns_written_with_positive_amounts() -> None:
    data = frame(
        "dt doc product qty total cost type",
        ("2025-01-06", "A", "P1", 2, 1000, 600, "Boleta"),
        ("2025-01-07", "NC", "P1", 1, 500, 300, "NotaCredito"),  # positive credit note
        ("2025-01-08", "NC2", "P1", -1, -500, -300, "NotaCredito"),  # negative credit note
        ("2025-01-09", "B", "P1", 1, 500, None, "Boleta"),  # no cost
    )
    out = _row_features(data)
    np.testing.assert_allclose(out["signed_total"], [1000, -500, -500, 500])
    # Without IVA (the defaults: prices with IVA, costs without): 1000 → 840, 500 → 420.
    np.testing.assert_allclose(out["sales_ex_vat"], [840, -420, -420, 420])
    np.testing.assert_allclose(out["signed_margin"], [240, -120, -120, NAN])
    np.testing.assert_allclose(out["costed_total"], [840, -420, -420, NAN])
    # Totals without IVA: the margin is the amounts' own.
    out = _row_features(data, prices_include_vat=False)
    np.testing.assert_allclose(out["signed_margin"], [400, -200, -200, NAN])
    np.testing.assert_allclose(out["costed_total"], [1000, -500, -500, NAN])


def test_margin_is_without_vat_by_the_company_settings() -> None:
    """A minimarket sells at 1,190 with IVA what cost it 840 net: 1,000 without IVA, a margin
    of 160, 16 % (not 350 and 29.4 % on the amounts with IVA)."""
    data = frame(
        "dt doc product qty total cost type",
        ("2025-01-06", "A", "P1", 1, 1190, 840, "Boleta"),
        ("2025-01-07", "NC", "P1", -1, -1190, -840, "NotaCredito"),
        ("2025-01-08", "B", "P2", 3, 1000, 600, "Boleta"),  # 1000 / 1.19 = 840.34 → 840
        ("2025-01-08", "B", "P3", 1, 880, None, "Boleta"),  # 739.50 → 739; no cost
    )
    out = _row_features(data)  # the defaults: prices with IVA, costs without
    np.testing.assert_allclose(out["price_total_ex_vat"], [1000, -1000, 840, 739])
    np.testing.assert_allclose(out["sales_ex_vat"], [1000, -1000, 840, 739])
    np.testing.assert_allclose(out["cost_ex_vat"], [840, -840, 600, NAN])
    np.testing.assert_allclose(out["line_margin"], [160, -160, 240, NAN])
    np.testing.assert_allclose(out["margin_pct"], [16, 16, 240 / 840 * 100, NAN])

    # Costs with IVA: 840 → 705.88 → 706, 600 → 504.20 → 504 (whole pesos, returns alike).
    out = _row_features(data, costs_include_vat=True)
    np.testing.assert_allclose(out["cost_ex_vat"], [706, -706, 504, NAN])
    np.testing.assert_allclose(out["line_margin"], [294, -294, 336, NAN])

    # Totals without IVA: sales without IVA are the totals themselves.
    out = _row_features(data, prices_include_vat=False)
    np.testing.assert_allclose(out["sales_ex_vat"], [1190, -1190, 1000, 880])
    np.testing.assert_allclose(out["line_margin"], [350, -350, 400, NAN])

    # Another rate.
    out = _row_features(data, vat_rate=0.10)
    np.testing.assert_allclose(out["sales_ex_vat"], [1082, -1082, 909, 800])


def test_exempt_lines_carry_no_vat() -> None:
    """Lines that say they are exempt (a boolean in_vat_exempt, when the lines have one) keep
    their total and their cost, whatever the settings."""
    data = frame(
        "dt doc product qty total cost type",
        ("2025-01-06", "A", "P1", 1, 1190, 952, "Boleta"),
        ("2025-01-06", "A", "BOOK", 1, 1000, 700, "Boleta"),
        ("2025-01-07", "B", "BOOK", 1, 1000, 700, "Boleta"),
    )
    data["in_vat_exempt"] = pd.array([False, True, None], dtype="boolean")  # missing: taxed
    out = _row_features(data, costs_include_vat=True)
    np.testing.assert_allclose(out["sales_ex_vat"], [1000, 1000, 840])
    np.testing.assert_allclose(out["cost_ex_vat"], [800, 700, 588])
    np.testing.assert_allclose(out["line_margin"], [200, 300, 252])


def test_hours_model() -> None:
    data = frame(
        "dt doc product qty total type",
        ("2025-01-06 10:15", "A", "P1", 2, 1000, "Boleta"),  # Monday 10 h, 2 lines, 1 document
        ("2025-01-06 10:15", "A", "P2", 1, 500, "Boleta"),
        ("2025-01-13 10:50", "B", "P1", 1, 300, "Boleta"),  # the next Monday, 10 h
        ("2025-01-07 22:05", "C", "P1", 1, 200, "Boleta"),  # Tuesday 22 h
        ("2025-01-07 22:30", "NC", "P1", -1, -200, "NotaCredito"),  # a return, same hour
    )
    h = run(data, models=["hours"]).tables["hours"]
    assert h.index.names == ["weekday", "hour"] and h.index.tolist() == [(0, 10), (1, 22)]
    assert h["revenue"].tolist() == [1800.0, 0.0]
    assert h["documents"].tolist() == [2, 1]
    assert h["lines"].tolist() == [3, 2]
    assert h["units"].tolist() == [4.0, 0.0]
    assert h["avg_ticket"].tolist() == [900.0, 0.0]
    np.testing.assert_allclose(h["revenue_share"], [100, 0])


def test_the_vat_rate_is_the_warehouses() -> None:
    """GabeDA's margins agree with the marts only with the same rate as dbt's var vat_rate."""
    from pathlib import Path

    import yaml

    from engine.catalog import registry

    project_file = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"
    project = yaml.safe_load(project_file.read_text())
    assert registry.params["vat_rate"].default == project["vars"]["vat_rate"]
    assert registry.params["prices_include_vat"].default is True  # the companies' defaults
    assert registry.params["costs_include_vat"].default is False
