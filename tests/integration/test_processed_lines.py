"""The processed lines of the download center: marts.sales_lines through the real chain
(worker, PostgreSQL, dbt), its tenancy, its CSV and Excel files, and the downloads page.

A shop uploads the POS export (RUTs written three ways, credit notes) and then a small
file whose text cells look like formulas; another company uploads nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from ayni.core import formatting, xlsx
from ayni.core.db import Role, engine, tenant
from ayni.usecases import accounts, companies, ingest
from loaders import mapping_store
from loaders.source import open_source
from streamlit_app import data
from tests.conftest import EXPECTED, SHARED_DATA, assert_page_ok, run_worker
from tests.integration.conftest import CheckedAppTest

pytestmark = pytest.mark.integration
APP = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"
POS = SHARED_DATA / "pos_export_cl.csv"
PASSWORD = "Clave-Segura1"
# Canonical header; text cells a spreadsheet would run as formulas; a credit note.
FORMULAS = """in_dt,in_trans_id,in_product_id,in_quantity,in_price_total,in_trans_type,in_description,in_category
2025-10-01 10:00:00,F1,P-1,1,1000,BoletaElectronica,"=HYPERLINK(""http://x"",""clic"")",@SUM(A1)
2025-10-01 10:05:00,F2,P-2,2,2000,BoletaElectronica,-resta,+categoria
2025-10-02 11:00:00,F3,P-1,-1,-1000,NotaCreditoElectronica,=1+1,Normal
"""
FORMULA_LINES, FORMULA_NET_SALES = 3, 2000
LABELS = {c: c for c in data.LINE_COLUMNS}


@pytest.fixture(scope="module")
def shops(ayni_db):
    """The shop with both uploads processed by a worker, its owner, and another company."""
    with engine(Role.OWNER).begin() as conn:
        shop = companies.create_company(conn, "Almacén Líneas", "76.086.428-5", "minimarket",
                                        "small")
        other = companies.create_company(conn, "Otra Empresa", "77.777.777-7", "ferreteria",
                                         "micro")
        owner = accounts.create_user(conn, "lineas@example.cl", "Dueña Líneas", PASSWORD)
        companies.set_member(conn, shop.id, owner.id, "owner")
        source = open_source(POS)
        proposal = mapping_store.resolve(conn, shop.id, source, None)
        mapping_store.save(conn, shop.id, "pos", proposal.mapping, source.columns)
    pos_upload = ingest.submit_file(shop.id, POS, mapping_name="pos")
    formulas = ayni_db.data_dir / "formulas.csv"
    formulas.write_text(FORMULAS)
    formula_upload = ingest.submit_file(shop.id, formulas)
    run_worker(ayni_db)
    return {"shop": shop, "other": other, "pos": pos_upload, "formulas": formula_upload}


def test_the_lines_of_an_upload_are_the_file_lines_as_processed(shops):
    expected = EXPECTED["pos_export_cl.csv"]
    with tenant(shops["shop"].id) as conn:
        lines, documents, net_sales, units, first, last = conn.execute(text(
            "SELECT count(*), count(DISTINCT document_id), sum(line_total), sum(quantity), "
            "min(sale_date), max(sale_date) FROM marts.sales_lines WHERE upload_id = :u"),
            {"u": shops["pos"]}).one()
        returns = conn.execute(text(
            "SELECT count(*), bool_and(quantity < 0 AND line_total <= 0) FROM marts.sales_lines "
            "WHERE upload_id = :u AND is_return"), {"u": shops["pos"]}).one()
        customers = conn.execute(text(
            "SELECT count(DISTINCT customer_id), count(*) FILTER (WHERE customer_id !~ "
            "'^[0-9]{7,8}-[0-9K]$') FROM marts.sales_lines WHERE upload_id = :u"),
            {"u": shops["pos"]}).one()
    assert (lines, documents, float(net_sales)) == (
        expected["lines"], expected["documents"], expected["net_sales"])
    assert float(units) == pytest.approx(expected["units"], abs=1e-9)
    assert (str(first), str(last)) == (expected["first_day"], expected["last_day"])
    assert returns[0] > 0 and returns[1] is True  # credit notes signed negative
    assert customers[0] > 0 and customers[1] == 0  # every RUT in one form: 12345678-5
    # What the page reads agrees (the app's module, as the app's login).
    assert data.line_count(shops["shop"].id, shops["pos"], "v1") == expected["lines"]
    assert data.line_count(shops["shop"].id, None, "v1") == expected["lines"] + FORMULA_LINES


def test_the_lines_add_up_to_the_marts(shops):
    with tenant(shops["shop"].id) as conn:
        lines = conn.execute(text(
            "SELECT count(*), sum(line_total), sum(quantity) FROM marts.sales_lines")).one()
        monthly = conn.execute(text(
            "SELECT sum(lines), sum(net_sales), sum(units) FROM marts.monthly_aggregations")).one()
    assert tuple(lines) == tuple(monthly)
    assert float(lines[1]) == EXPECTED["pos_export_cl.csv"]["net_sales"] + FORMULA_NET_SALES


def test_another_company_and_no_company_see_none_of_the_lines(shops):
    shop, other = shops["shop"], shops["other"]
    with tenant(other.id) as conn:
        assert conn.execute(text("SELECT count(*) FROM marts.sales_lines")).scalar() == 0
        assert conn.execute(text(  # asking for the shop's rows by name changes nothing
            "SELECT count(*) FROM marts.sales_lines WHERE company_id = :c"),
            {"c": shop.id}).scalar() == 0
    with engine(Role.APP).connect() as conn:  # the app login without a company set
        assert conn.execute(text("SELECT count(*) FROM marts.sales_lines")).scalar() == 0
    assert data.line_count(other.id, shops["pos"], "v1") == 0
    csv = data.lines_csv(other.id, shops["pos"], LABELS, ("sí", "no"), "en").decode("utf-8-sig")
    assert csv.strip() == ",".join(data.LINE_COLUMNS)  # the header, no line
    with engine(Role.OWNER).connect() as conn:  # what keeps it so: RLS of raw, read as the app
        options = conn.execute(text(
            "SELECT reloptions FROM pg_class WHERE oid = 'marts.sales_lines'::regclass")).scalar()
    assert "security_invoker=true" in options


def test_the_spanish_csv_is_the_english_one_in_chilean_convention(shops):
    shop = shops["shop"]
    english = pd.read_csv(io.BytesIO(data.lines_csv(shop.id, None, LABELS, ("sí", "no"), "en")),
                          encoding="utf-8-sig", dtype=str, keep_default_na=False)
    raw = data.lines_csv(shop.id, None, LABELS, ("sí", "no"), "es")
    assert raw.startswith("\ufeff".encode())
    spanish = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", sep=";", dtype=str,
                          keep_default_na=False)
    assert list(spanish.columns) == list(english.columns) and len(spanish) == len(english)
    assert english.quantity.str.contains(".", regex=False).any()  # kilos with decimals
    assert not spanish.quantity.str.contains(".", regex=False).any()
    assert sorted(spanish.quantity) == sorted(english.quantity.str.replace(".", ","))
    first = pd.Timestamp(english.sold_at.iloc[0])
    assert spanish.sold_at.iloc[0] == first.strftime("%d-%m-%Y %H:%M:%S")
    assert spanish.sale_date.iloc[0] == first.strftime("%d-%m-%Y")


def test_the_csv_has_every_line_and_neutralises_formulas(shops):
    shop = shops["shop"]
    csv = data.lines_csv(shop.id, None, LABELS, ("sí", "no"), "en")
    assert csv.startswith("\ufeff".encode())
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype={"document_id": str})
    expected = EXPECTED["pos_export_cl.csv"]
    assert list(frame.columns) == list(data.LINE_COLUMNS)
    assert len(frame) == expected["lines"] + FORMULA_LINES
    assert frame.line_total.sum() == expected["net_sales"] + FORMULA_NET_SALES
    assert list(frame.sold_at) == sorted(frame.sold_at)  # in date order
    assert set(frame.is_return) == {"sí", "no"}
    ours = frame[frame.upload_id == shops["formulas"]].set_index("document_id")
    assert list(ours.product_name) == ["'=HYPERLINK(\"http://x\",\"clic\")", "'-resta", "'=1+1"]
    assert list(ours.category) == ["'@SUM(A1)", "'+categoria", "Normal"]
    assert list(ours.quantity) == [1, 2, -1] and list(ours.line_total) == [1000, 2000, -1000]
    # Numbers as written: 2, not 2.000 (which Excel in Chile reads as two thousand).
    raw = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)
    numbers = raw[[c for c, kind in data.LINE_COLUMNS.items() if kind == "number"]]
    assert not numbers.stack().str.contains(r"\.\d*0$").any()
    assert numbers["quantity"].str.contains(r"\.").any()  # the file's kilos keep their decimals


def test_the_excel_file_has_the_lines_of_one_upload_and_neutralises_formulas(shops):
    book = openpyxl.load_workbook(io.BytesIO(
        data.lines_xlsx(shops["shop"].id, shops["formulas"], LABELS, "lineas")))
    sheet = book["lineas"]
    rows = list(sheet.iter_rows(values_only=True))
    header, lines = list(rows[0]), [dict(zip(rows[0], r)) for r in rows[1:]]
    assert header == list(data.LINE_COLUMNS)
    assert len(lines) == FORMULA_LINES
    assert [r["product_name"] for r in lines] == ["'=HYPERLINK(\"http://x\",\"clic\")", "'-resta",
                                                  "'=1+1"]
    assert [r["category"] for r in lines] == ["'@SUM(A1)", "'+categoria", "Normal"]
    assert [r["line_total"] for r in lines] == [1000, 2000, -1000]  # numbers stay numbers
    assert [r["is_return"] for r in lines] == [False, False, True]
    assert str(lines[0]["sold_at"]) == "2025-10-01 10:00:00"
    assert str(lines[2]["sale_date"]) == "2025-10-02 00:00:00"


def test_the_excel_file_stops_at_the_sheet_limit(shops, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 101)
    monkeypatch.setattr(xlsx, "MAX_DATA_ROWS", 100)
    sheet = openpyxl.load_workbook(io.BytesIO(
        data.lines_xlsx(shops["shop"].id, None, LABELS, "lineas"))).active
    dates = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(dates) == 100 and dates == sorted(dates)  # the first 100 by date


# --- the downloads page ----------------------------------------------------------------------


def _downloads_page() -> AppTest:
    """The shop's owner logged in, on the downloads page."""
    at = CheckedAppTest(APP, default_timeout=60)
    at.run()
    at.text_input[0].input("lineas@example.cl")
    at.text_input[1].input(PASSWORD)
    at.button[0].click()
    at.run()
    at.switch_page("views/downloads.py")
    at.run()
    assert_page_ok(at)
    return at


def _lines_picker(at: AppTest):
    return next(s for s in at.selectbox if s.label == "Líneas de")


def _download_labels(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


def test_the_page_offers_the_lines_of_all_uploads_or_one(shops):
    at = _downloads_page()
    assert "Líneas procesadas" in [s.value for s in at.subheader]
    total = formatting.number(EXPECTED["pos_export_cl.csv"]["lines"] + FORMULA_LINES)
    assert f"{total} líneas (vista previa de hasta 200)" in [c.value for c in at.caption]
    preview = at.dataframe[1].value
    assert len(preview) == 200
    assert {"Fecha y hora", "Documento", "Cliente", "Total línea", "Devolución"} <= set(preview.columns)
    # Numbers stay numbers (they sort as such); the page writes them shortest, es-CL: 2, never
    # 2.000 (two thousand in Chile), and 1,364 kilos with their decimals.
    quantities = set(preview["Cantidad"].astype(float))
    assert 2.0 in quantities and any(q % 1 for q in quantities)
    kilos = next(q for q in quantities if q % 1)
    assert formatting.decimal(2.0) == "2" and "," in formatting.decimal(kilos)
    # A column with blanks is written out: RUTs with dots, — for a line without a customer.
    assert all(c == "—" or "." in c for c in preview["Cliente"]) and "—" in set(preview["Cliente"])
    assert {"Descargar líneas (CSV)", "Descargar líneas (Excel)"} <= set(_download_labels(at))
    assert not at.warning  # far below the Excel limit

    picker = _lines_picker(at)
    assert picker.options[0] == "Todas las cargas" and len(picker.options) == 3
    assert picker.options[1].startswith("formulas.csv")  # newest upload first
    picker.select_index(1).run()
    assert "3 líneas (vista previa de hasta 200)" in [c.value for c in at.caption]
    assert len(at.dataframe[1].value) == FORMULA_LINES


def test_the_page_says_when_excel_cuts_the_lines(shops, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_DATA_ROWS", 1_000)
    at = _downloads_page()
    total = formatting.number(EXPECTED["pos_export_cl.csv"]["lines"] + FORMULA_LINES)
    assert [w.value for w in at.warning] == [
        "Una hoja de Excel admite 1.000 filas: el archivo Excel trae las primeras 1.000 de las "
        f"{total} líneas (por fecha). El CSV las trae todas."]
