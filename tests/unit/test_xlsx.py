"""The one Excel writer (ayni.core.xlsx), read back with openpyxl: header, cell types,
formula-like text that stays text, and the dashboard tables' export that uses it."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd

from ayni.core import xlsx
from streamlit_app import exports

RISKY = ['=HYPERLINK("http://x","clic")', "+56 9 1234", "-resta", "@SUM(A1)", "\tx", "\rx"]


def _read(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_header_types_and_formula_safety_read_back_with_openpyxl():
    header = ["n", "monto", "texto", "día", "hora", "devolución", "vacío"]
    rows = [
        [1, Decimal("1234.5"), "Pan & <vino>", date(2025, 10, 1), datetime(2025, 10, 1, 18, 57, 3),
         True, None],
        [np.int64(-2), np.float64(0.25), " espacios ", pd.Timestamp("2025-10-02"),
         pd.Timestamp("2025-10-02 09:00", tz="America/Santiago"), np.bool_(False), float("nan")],
        *[[i, -1.5, text, None, pd.NaT, False, pd.NA] for i, text in enumerate(RISKY)],
        [9, Decimal("NaN"), "control\x01\x0bchars", None, None, None, None],
    ]
    sheet = _read(xlsx.values_workbook(header, rows, "líneas"))
    assert sheet.title == "líneas"
    read = list(sheet.iter_rows(values_only=True))
    assert list(read[0]) == header
    first, second = read[1], read[2]
    assert first == (1, 1234.5, "Pan & <vino>", datetime(2025, 10, 1),
                     datetime(2025, 10, 1, 18, 57, 3), True, None)
    # numpy scalars keep their types; a time zone is dropped keeping the wall-clock time
    assert second == (-2, 0.25, " espacios ", datetime(2025, 10, 2), datetime(2025, 10, 2, 9, 0),
                      False, None)
    cells = list(sheet.iter_rows(min_row=2))
    assert [c.data_type for c in cells[0]] == ["n", "n", "s", "d", "d", "b", "n"]
    assert cells[0][3].number_format.replace("\\", "") == "dd-mm-yyyy"
    assert cells[0][4].number_format.replace("\\", "") == "dd-mm-yyyy hh:mm:ss"
    # formula-like text stays text, with a leading apostrophe; negative numbers stay numbers
    risky = [r for r in cells[2:2 + len(RISKY)]]
    assert [r[2].value for r in risky] == ["'" + t for t in RISKY]
    assert all(r[2].data_type == "s" for r in risky)
    assert [r[1].value for r in risky] == [-1.5] * len(RISKY)
    assert all(r[4].value is None and r[6].value is None for r in risky)
    assert read[-1][1:3] == (None, "controlchars")


def test_the_formula_rule_in_sql_matches_the_rule_in_python():
    sql = xlsx.neutralized_sql("x")
    for start in xlsx.FORMULA_START:
        assert repr(start)[1:-1] in sql or start in sql
    assert xlsx.neutralize("=1+1") == "'=1+1" and xlsx.neutralize("Pan") == "Pan"
    assert xlsx.neutralize("'=ya") == "'=ya"  # not twice


def test_a_dashboard_table_exports_typed_cells():
    frame = pd.DataFrame({
        "Producto": ["=1+1", "Pan"],
        "Ventas netas": [1500, -200],
        "Kilos": [1.25, None],
        "Mes": pd.to_datetime(["2025-10-01", "2025-11-01"]),
        "Última compra": pd.to_datetime(["2025-10-01 10:30", None]),
        "Identificado": [True, False],
    }, index=[7, 3])
    sheet = _read(exports.to_xlsx(frame, "Ventas por producto y mes (largo)"))
    assert sheet.title == "Ventas por producto y mes (larg"  # 31 characters at most
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns)
    assert rows[1] == ("'=1+1", 1500, 1.25, datetime(2025, 10, 1), datetime(2025, 10, 1, 10, 30),
                       True)
    assert rows[2] == ("Pan", -200, None, datetime(2025, 11, 1), None, False)
    month = sheet.cell(row=2, column=4)
    assert month.is_date and month.number_format.replace("\\", "") == "dd-mm-yyyy"
