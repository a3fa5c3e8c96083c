import time

import numpy as np
import pandas as pd
import pytest

from loaders.formats import (CHILEAN, DateFormat, NumberFormat, detect_date_format,
                             detect_file_number_style, detect_number_format, detect_number_formats,
                             is_blank, parse_dates, parse_numbers)
from tests.conftest import EXPECTED, SHARED_DATA

DOT = NumberFormat(".", ",")


def text(*values):
    return pd.Series(values, dtype="str")


def read_sample(name: str) -> pd.DataFrame:
    path = SHARED_DATA / name
    if name.endswith(".xlsx"):
        return pd.read_excel(path, header=2, dtype=str)
    options = {"planilla_latin1_semicolon.csv": dict(encoding="cp1252", sep=";"),
               "lineas_con_errores.csv": dict(sep=";")}.get(name, dict(encoding="utf-8-sig"))
    return pd.read_csv(path, dtype=str, keep_default_na=False, **options)


SAMPLES = {  # file: (line total, quantity, money columns)
    "pos_export_cl.csv": ("Total Línea", "Cantidad",
                          {"Precio Unitario", "Descuento", "Costo Unitario", "Total Línea"}),
    "planilla_latin1_semicolon.csv": ("Total", "Cant.", {"Precio Unit.", "Total", "Costo Total"}),
    "canonical_in_columns.csv": ("in_price_total", "in_quantity",
                                 {"in_price_total", "in_price_unit", "in_cost_unit", "in_cost_total"}),
    "ventas_con_titulo.xlsx": ("Total", "Cantidad", {"Total"}),
}
DECIMAL = {"pos_export_cl.csv": ",", "planilla_latin1_semicolon.csv": ",",
           "canonical_in_columns.csv": ".", "ventas_con_titulo.xlsx": "."}


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_formats_reproduce_expected_totals(name):
    frame = read_sample(name)
    total, quantity, money = SAMPLES[name]
    formats = detect_number_formats({c: frame[c] for c in frame.columns}, money)
    assert {fmt.decimal for fmt, _ in formats.values()} == {DECIMAL[name]}
    assert detect_file_number_style({c: frame[c] for c in frame.columns}, money).decimal == DECIMAL[name]
    net = parse_numbers(frame[total], formats[total][0])
    units = parse_numbers(frame[quantity], formats[quantity][0])
    assert net.notna().all() and units.notna().all()
    assert net.sum() == EXPECTED[name]["net_sales"]
    assert units.sum() == pytest.approx(EXPECTED[name]["units"], abs=1e-6)


def test_pos_columns_one_by_one():
    frame = read_sample("pos_export_cl.csv")
    # kg: `0,468`-style values decide on their own
    assert detect_number_format(frame["Cantidad"]) == (NumberFormat(",", "."), 1.0)
    # money only has `2.790`: whole pesos say "." groups thousands, with less confidence
    fmt, confidence = detect_number_format(frame["Total Línea"], money=True)
    assert fmt == CHILEAN and 0.5 < confidence < 0.9
    assert parse_numbers(text("2.790", "1,140", "-26.724"), CHILEAN).tolist() == [2790, 1.14, -26724]
    assert detect_number_format(frame["Producto"]) == (None, 0.0)
    assert detect_date_format(frame["Fecha"]) == (DateFormat("%d-%m-%Y %H:%M", True), 1.0)


def test_sample_dates():
    assert detect_date_format(read_sample("planilla_latin1_semicolon.csv")["Fecha"]) == (
        DateFormat("%d/%m/%Y", True), 1.0)
    for name, column in (("canonical_in_columns.csv", "in_dt"), ("ventas_con_titulo.xlsx", "Fecha")):
        values = read_sample(name)[column]
        fmt, confidence = detect_date_format(values)
        assert fmt == DateFormat("ISO8601", None) and confidence == 1.0
        days = parse_dates(values, fmt).dt.date
        assert (str(days.min()), str(days.max())) == (EXPECTED[name]["first_day"], EXPECTED[name]["last_day"])


def test_errors_file_keeps_bad_values_unreadable():
    frame = read_sample("lineas_con_errores.csv")
    formats = detect_number_formats({c: frame[c] for c in frame.columns}, {"Total"})
    total = parse_numbers(frame["Total"], formats["Total"][0])
    assert formats["Total"][0] == CHILEAN
    assert total.tolist()[:2] == [2780, 1390] and np.isnan(total[7]) and total[9] == -1390
    assert np.isnan(parse_numbers(frame["Cantidad"], formats["Cantidad"][0])[6])  # "dos"
    fmt, confidence = detect_date_format(frame["Fecha"])
    assert fmt.pattern == "%d-%m-%Y %H:%M" and 0.85 < confidence < 1  # 31-02-2025 does not parse
    dates = parse_dates(frame["Fecha"], fmt)
    assert dates.isna().tolist()[:5] == [False, True, False, False, True]


@pytest.mark.parametrize("values, decimal", [
    (("1.234,56", "3"), ","), (("1,234.56", "3"), "."),
    (("1,5", "2"), ","), (("0,468",), ","), (("12,3456",), ","),
    (("2.79",), "."), (("0.468",), "."), (("1.234.567",), ","), (("1,234,567",), "."),
])
def test_decisive_values(values, decimal):
    fmt, confidence = detect_number_format(text(*values))
    assert fmt.decimal == decimal and confidence == 1.0


def test_ambiguous_only_columns_are_resolved_by_the_file():
    # another column decides
    cols = {"kg": text("1,140", "0,5"), "total": text("2.790", "1.590")}
    assert detect_number_formats(cols, set())["total"][0] == CHILEAN
    cols = {"kg": text("1.088", "0.5"), "total": text("4,454", "1,590")}
    assert detect_number_formats(cols, set())["total"][0] == DOT
    # nothing decides: CLP money is whole pesos
    chilean = {"kg": text("1,140", "2,160"), "total": text("16.740", "2.790")}
    assert detect_file_number_style(chilean, {"total"}) == CHILEAN
    english = {"kg": text("1.088", "2.160"), "total": text('4,454', "1,000")}
    assert detect_file_number_style(english, {"total"}) == DOT
    formats = detect_number_formats(english, {"total"})
    assert parse_numbers(english["kg"], formats["kg"][0]).tolist() == [1.088, 2.16]
    assert parse_numbers(english["total"], formats["total"][0]).tolist() == [4454, 1000]
    # and nothing at all: the Chilean convention, with low confidence
    fmt, confidence = detect_number_formats({"x": text("1.140")}, set())["x"]
    assert fmt == CHILEAN and confidence <= 0.5


def test_parse_numbers_signs_symbols_and_garbage():
    values = pd.Series(["1.234", "-2.790", "(1.590)", "1.590-", "$ 12.990", " 7 ", "", None, "dos",
                        "1.2.3,4,5", "--5", "(5", "+3,5", "1 234,5", "0,468"], index=range(10, 25))
    parsed = parse_numbers(values, CHILEAN)
    assert parsed.dtype == "float64" and list(parsed.index) == list(range(10, 25))
    expected = [1234, -2790, -1590, -1590, 12990, 7, np.nan, np.nan, np.nan, np.nan, np.nan,
                np.nan, 3.5, 1234.5, 0.468]
    np.testing.assert_array_equal(parsed.to_numpy(), expected)
    # a comma in a dot-decimal column that is not a thousands group is unreadable, not 2.79 or 279
    np.testing.assert_array_equal(parse_numbers(text("2,79", "2.79", "1,234.5"), DOT), [np.nan, 2.79, 1234.5])


def test_parse_numbers_takes_object_columns():
    values = pd.Series(["1.234", 5, np.nan, 2.5], dtype=object)
    np.testing.assert_array_equal(parse_numbers(values, DOT), [1.234, 5, np.nan, 2.5])


@pytest.mark.parametrize("values, pattern, day_first, confidence", [
    (("03/04/2025", "13/04/2025"), "%d/%m/%Y", True, 1.0),
    (("03/04/2025", "04/13/2025"), "%m/%d/%Y", False, 1.0),
    (("03/04/2025", "04/05/2025"), "%d/%m/%Y", True, 0.85),           # ambiguous: Chilean order
    (("15.09.2025 10:00:01", "16.09.2025 11:00:00"), "%d.%m.%Y %H:%M:%S", True, 1.0),
    (("15-09-25", "16-09-25"), "%d-%m-%y", True, 1.0),
    (("2025-09-15", "2025-09-15T10:00", "2025-09-15 10:00:00.5"), "ISO8601", None, 1.0),
])
def test_detect_date_order_and_pattern(values, pattern, day_first, confidence):
    fmt, got = detect_date_format(text(*values))
    assert fmt == DateFormat(pattern, day_first)
    assert got == pytest.approx(confidence)


def test_detect_date_picks_the_pattern_that_parses_most():
    fmt, confidence = detect_date_format(text("15/09/2025 10:00", "16/09/2025 11:00", "17/09/2025", "x"))
    assert fmt.pattern == "%d/%m/%Y %H:%M" and confidence == pytest.approx(2 / 4)
    assert detect_date_format(text("abc", "12", "1,5")) == (None, 0.0)
    assert detect_date_format(text("", None)) == (None, 0.0)


def test_parse_dates_rejects_impossible_dates():
    values = text("31-02-2025 10:07", "29-02-2024 00:00", "29-02-2025 00:00", "05-10-2025 24:00",
                  "5-1-2025 1:02", "", None, "05-10-2025", "05-13-2025 10:00")
    parsed = parse_dates(values, DateFormat("%d-%m-%Y %H:%M", True))
    assert parsed.dtype == "datetime64[ns]"
    expected = [None, "2024-02-29", None, None, "2025-01-05 01:02", None, None, None, None]
    assert parsed.tolist() == [pd.NaT if e is None else pd.Timestamp(e) for e in expected]


def test_parse_dates_iso_variants_and_offsets():
    values = text("2025-07-01 09:23:00", "2025-07-01T09:23", "2025-07-01", "2025-07-01 09:23:00.25",
                  "2025-07-01T13:23:00Z", "2025-02-30", "2025-7-1")
    parsed = parse_dates(values, DateFormat("ISO8601", None)).tolist()
    assert parsed[:4] == [pd.Timestamp("2025-07-01 09:23"), pd.Timestamp("2025-07-01 09:23"),
                          pd.Timestamp("2025-07-01"), pd.Timestamp("2025-07-01 09:23:00.25")]
    assert parsed[4] == pd.Timestamp("2025-07-01 09:23")  # UTC -> Chilean winter time (UTC-4)
    assert parsed[5] is pd.NaT and parsed[6] is pd.NaT


def test_parse_dates_other_directives_go_through_pandas():
    parsed = parse_dates(text("01 Sep 2025", "x"), DateFormat("%d %b %Y", True))
    assert parsed.tolist() == [pd.Timestamp("2025-09-01"), pd.NaT]


def test_is_blank():
    assert is_blank(pd.Series(["", "  ", None, np.nan, "x", " 0 "])).tolist() == [True] * 4 + [False] * 2


def test_formats_json_round_trip():
    for fmt in (CHILEAN, NumberFormat(",", " "), NumberFormat(".", None)):
        assert NumberFormat.from_json(fmt.to_json()) == fmt
    for fmt in (DateFormat("%d-%m-%Y %H:%M", True), DateFormat("ISO8601", None)):
        assert DateFormat.from_json(fmt.to_json()) == fmt
    with pytest.raises(ValueError):
        NumberFormat(",", ",")


def test_parsing_is_vectorised():
    # a guard against a per-value Python loop, not a benchmark: 200k values in well under a second
    n = 200_000
    rng = np.random.default_rng(0)
    money = pd.Series([f"{v:,}".replace(",", ".") for v in rng.integers(-20_000, 2_000_000, n)], dtype="str")
    stamps = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 525_600, n), unit="min")
    dates = pd.Series(stamps.strftime("%d-%m-%Y %H:%M"), dtype="str")
    start = time.perf_counter()
    numbers = parse_numbers(money, CHILEAN)
    parsed = parse_dates(dates, DateFormat("%d-%m-%Y %H:%M", True))
    assert time.perf_counter() - start < 1.0
    assert numbers.notna().all() and (parsed == stamps).all()
