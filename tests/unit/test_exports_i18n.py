"""Downloads are safe to open in a spreadsheet; every text the pages use exists in both languages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd

from streamlit_app import exports
from streamlit_app.i18n import CATALOGUE

APP = Path(__file__).resolve().parents[2] / "streamlit_app"


def test_formula_cells_are_neutralised_in_csv_and_excel():
    frame = pd.DataFrame({"producto": ["=HYPERLINK(\"x\")", "+56 9 1234", "-resta", "@sum", "Pan"],
                          "monto": [1, -2, 3, 4, 5]})
    csv = exports.to_csv(frame, "en").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'+56" in csv and "'-resta" in csv and "'@sum" in csv
    assert "\nPan," in csv and ",-2\n" in csv  # text untouched, negative numbers stay numbers
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(frame))).active
    cells = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert cells == ["'=HYPERLINK(\"x\")", "'+56 9 1234", "'-resta", "'@sum", "Pan"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [1, -2, 3, 4, 5]


def test_a_spanish_csv_opens_in_columns_in_a_chilean_excel():
    frame = pd.DataFrame({"producto": ["Pan amasado", "Queso; laminado"], "kilos": [1.25, 3.0],
                          "día": pd.to_datetime(["2025-11-01", "2025-11-30"])})
    raw = exports.to_csv(frame, "es")
    assert raw.startswith("\ufeff".encode("utf-8"))
    assert raw.decode("utf-8-sig").splitlines() == [
        "producto;kilos;día", "Pan amasado;1,25;01-11-2025", '"Queso; laminado";3,0;30-11-2025']


def test_every_text_a_page_asks_for_exists_in_spanish_and_english():
    used = set()
    for path in APP.rglob("*.py"):
        used |= set(re.findall(r'\bt\("([a-z_.0-9]+)"', path.read_text()))
    assert used - set(CATALOGUE) == set()
    assert all(es.strip() and en.strip() for es, en in CATALOGUE.values())


def test_a_streamed_sheet_stops_at_excels_row_limit(monkeypatch):
    from ayni.core import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # the header and two lines
    rows = (f'<c><v>{n}</v></c><c t="inlineStr"><is><t>x&amp;{n}</t></is></c>' for n in range(5))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(["n", "texto"], rows))).active
    assert list(sheet.iter_rows(values_only=True)) == [("n", "texto"), (0, "x&0"), (1, "x&1")]


def test_every_industry_and_size_has_words_in_both_languages():
    from ayni.usecases import companies

    assert {f"industry.{k}" for k in companies.INDUSTRIES} <= set(CATALOGUE)
    assert {f"size.{k}" for k in companies.SIZES} <= set(CATALOGUE)
    assert CATALOGUE["industry.minimarket"][0] == companies.INDUSTRIES["minimarket"]
