"""From a chunk of a user's file to typed canonical lines: reasons, warnings, inference."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from loaders.formats import DateFormat, NumberFormat
from loaders.mapping import Mapping, propose
from loaders.source import Chunk, open_source
from loaders.transform import prepare
from tests.conftest import SHARED_DATA

NOW = pd.Timestamp("2026-01-01 23:59:59")
CHILEAN = NumberFormat(",", ".")
HEADER = ["Fecha", "Folio", "SKU", "Cantidad", "Total", "Precio", "Tipo", "Cliente", "Sucursal"]


def chunk(rows: list[list[str]], bad_rows=()) -> Chunk:
    frame = pd.DataFrame(rows, columns=HEADER, dtype=str)
    return Chunk(frame, np.arange(2, len(rows) + 2, dtype="int64"), list(bad_rows))


MAPPING = Mapping(
    columns={"in_dt": "Fecha", "in_trans_id": "Folio", "in_product_id": "SKU",
             "in_quantity": "Cantidad", "in_price_total": "Total", "in_price_unit": "Precio",
             "in_trans_type": "Tipo", "in_customer_id": "Cliente"},
    numbers={"Cantidad": CHILEAN, "Total": CHILEAN, "Precio": CHILEAN},
    dates={"Fecha": DateFormat("%d-%m-%Y %H:%M", True)},
    defaults={},
)
GOOD = ["05-10-2025 10:00", "501", "ABA-1001", "2", "2.780", "1.390", "Boleta", "12.345.678-5", "Centro"]


def problems(result) -> list[tuple[int, str, str]]:
    frame = result.problems.frame()
    return list(zip(frame["line"], frame["column"], frame["code"]))


def test_a_good_line_is_typed_with_chilean_formats_and_its_extra_kept():
    result = prepare(chunk([GOOD]), MAPPING, NOW)
    line = result.lines.iloc[0]
    assert problems(result) == []
    assert line["in_dt"] == pd.Timestamp("2025-10-05 10:00")
    assert (line["in_quantity"], line["in_price_total"], line["in_price_unit"]) == (2, 2780, 1390)
    assert line["in_customer_id"] == "12345678-5"
    assert json.loads(line["extra"]) == {"Sucursal": "Centro"}
    assert line["in_discount_total"] == 0 and line["in_commission_total"] == 0


def test_a_number_of_more_than_15_whole_digits_is_rejected_on_its_line():
    huge = "9.999.999.999.999.999.999.999.999.999.999.999.999"  # 49 digits: no real amount
    rows = [GOOD, [*GOOD[:4], huge, "", *GOOD[6:]], [*GOOD[:4], "999.999.999.999.999", "", *GOOD[6:]]]
    result = prepare(chunk(rows), MAPPING, NOW)
    assert problems(result) == [(3, "Total", "number_out_of_range")]
    assert list(result.lines["file_line"]) == [2, 4]  # 15 digits are still a number


def test_each_kind_of_bad_line_is_rejected_with_line_column_and_reason():
    rows = [
        GOOD,                                                                  # 2 ok
        ["", "502", "A", "1", "1.390", "", "Boleta", "", ""],                  # 3 no date
        ["05-10-2025 10:05", "", "A", "1", "1.390", "", "Boleta", "", ""],     # 4 no document
        ["31-02-2025 10:07", "504", "A", "1", "1.390", "", "Boleta", "", ""],  # 5 impossible date
        ["05-10-2099 10:08", "505", "A", "1", "1.390", "", "Boleta", "", ""],  # 6 future
        ["05-10-2025 10:09", "506", "A", "dos", "2.780", "", "Boleta", "", ""],  # 7 not a number
        ["05-10-2025 10:11", "508", "A", "0", "0", "", "Boleta", "", ""],      # 8 zero quantity
        ["05-10-2025 10:12", "509", "A", "1", "-1.390", "", "Boleta", "", ""],  # 9 negative sale
        ["05-10-2025 10:13", "510", "A", "-1", "-1.390", "", "NotaCredito", "", ""],  # 10 a return
    ]
    result = prepare(chunk(rows, bad_rows=[(11, "a;b;c;d;e;f;g;h;i;j;k")]), MAPPING, NOW)
    assert problems(result) == [
        (3, "Fecha", "missing_required"),
        (4, "Folio", "missing_required"),
        (5, "Fecha", "bad_date"),
        (6, "Fecha", "future_date"),
        (7, "Cantidad", "bad_number"),
        (8, "Cantidad", "zero_quantity"),
        (9, "Total", "negative_price"),
        (11, "*", "bad_row"),
    ]
    assert list(result.lines["file_line"]) == [2, 10]
    assert result.read == 10
    assert result.problems.frame().set_index("line").loc[7, "value"] == "dos"


def test_warnings_keep_the_line():
    rows = [
        ["05-10-2025 10:00", "501", "A", "2", "2.000", "1.390", "Boleta", "", ""],   # 2: 2×1390≠2000
        ["05-10-2025 10:00", "502", "A", "1", "1.390", "1.390", "Vale", "", ""],     # 3: unknown type
        ["05-10-2025 10:00", "503", "A", "1", "1.390", "1.390", "Boleta", "12.345.678-9", ""],  # 4
    ]
    result = prepare(chunk(rows), MAPPING, NOW)
    assert problems(result) == [(2, "Total", "price_mismatch"), (3, "Tipo", "unknown_doc_type"),
                                (4, "Cliente", "invalid_rut")]
    assert list(result.lines["file_line"]) == [2, 3, 4]
    assert result.lines.iloc[2]["in_customer_id"] == "12.345.678-9"  # kept as written


@pytest.mark.parametrize("written", ["12.345.678-5", "12345678-5", "123456785"])
def test_ruts_written_three_ways_become_one(written):
    row = GOOD[:7] + [written, ""]
    assert prepare(chunk([row]), MAPPING, NOW).lines.iloc[0]["in_customer_id"] == "12345678-5"


def test_a_client_code_is_not_taken_for_a_rut():
    row = GOOD[:7] + ["CLI-0042", ""]
    result = prepare(chunk([row]), MAPPING, NOW)
    assert problems(result) == []
    assert result.lines.iloc[0]["in_customer_id"] == "CLI-0042"


def test_inferable_columns_are_completed():
    columns = {**MAPPING.columns}
    del columns["in_price_unit"]
    mapping = Mapping(columns={**columns, "in_cost_unit": "Precio"}, numbers=MAPPING.numbers,
                      dates=MAPPING.dates, defaults={})
    row = ["05-10-2025 10:00", "501", "A", "1,5", "3.000", "1.200", "Boleta", "", ""]
    line = prepare(chunk([row]), mapping, NOW).lines.iloc[0]
    assert line["in_price_unit"] == 2000            # (3000 + 0) / 1.5
    assert line["in_cost_total"] == 1800            # 1200 × 1.5
    assert line["in_margin"] == 1200                # 3000 − 1800 − 0


def test_a_default_fills_a_field_without_column():
    columns = {k: v for k, v in MAPPING.columns.items() if k != "in_trans_type"}
    mapping = Mapping(columns=columns, numbers=MAPPING.numbers, dates=MAPPING.dates,
                      defaults={"in_trans_type": "BoletaElectronica"})
    line = prepare(chunk([GOOD]), mapping, NOW).lines.iloc[0]
    assert line["in_trans_type"] == "BoletaElectronica"
    assert json.loads(line["extra"]) == {"Tipo": "Boleta", "Sucursal": "Centro"}


def test_the_bad_lines_sample_gives_exactly_the_expected_reasons():
    expected = json.loads((SHARED_DATA / "lineas_con_errores.expected.json").read_text())
    source = open_source(SHARED_DATA / "lineas_con_errores.csv")
    mapping, _ = propose(source.preview().frame)
    results = [prepare(c, mapping, NOW) for c in source.chunks()]
    found = pd.concat([r.problems.frame() for r in results])
    assert sorted(zip(found["line"], found["code"])) == sorted(
        (r["line"], r["reason_code"]) for r in expected["rejected"])
    assert sum(len(r.lines) for r in results) == expected["loaded_lines"]
