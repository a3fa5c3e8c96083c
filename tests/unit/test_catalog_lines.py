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
    np.testing.assert_allclose(out["signed_margin"], [400, -200, -200, NAN])
    np.testing.assert_allclose(out["costed_total"], [1000, -500, -500, NAN])


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
