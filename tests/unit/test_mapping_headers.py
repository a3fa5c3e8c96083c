"""How often propose() maps a real-world header right with no change by the user.

The cases live in tests/data/mapping/headers.yaml (header row, a few data rows, the mapping a
person would choose, where the header comes from). A case is right when every field of its
mapping is proposed with the right column (or left empty where the file has no such column),
no required field gets a column it should not, and the notes it expects are given. "Exact" also
asks that no optional field gets a column the case does not list.

Print the report: `.venv/bin/python -m tests.unit.test_mapping_headers` (or pytest -s).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ayni.core import canonical
from loaders.mapping import NAME_AS_ID, Note, Proposals, propose, tokens

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "mapping" / "headers.yaml"
TARGET = 0.90


@dataclass(frozen=True)
class Case:
    source: str
    frame: pd.DataFrame
    expected: dict[str, tuple[str | None, ...]]  # field -> acceptable columns (None: empty)
    notes: tuple[str, ...]


@cache
def cases() -> tuple[Case, ...]:
    data = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    out = []
    for raw in data["cases"]:
        frame = pd.read_csv(io.StringIO(raw["csv"]), sep=raw.get("sep", ","), dtype=str,
                            keep_default_na=False)
        expected = {f: tuple(v) if isinstance(v, list) else (v,) for f, v in raw["expected"].items()}
        for field in canonical.REQUIRED:
            expected.setdefault(field, (None,))
        out.append(Case(raw["source"], frame, expected, tuple(raw.get("notes", ()))))
    return tuple(out)


def judge(case: Case, mapping, proposals) -> tuple[list[str], list[str]]:
    """(what is wrong, optional fields proposed that the case does not list)."""
    wrong = []
    for field, acceptable in case.expected.items():
        got = mapping.columns.get(field)
        if got not in acceptable:
            wrong.append(f"{field}: proposed {got!r}, expected {' or '.join(map(repr, acceptable))}")
    codes = [n.code for n in getattr(proposals, "notes", ())]
    for code in case.notes:
        if code not in codes:
            wrong.append(f"note {code!r} missing")
    for code in codes:
        if code not in case.notes:
            wrong.append(f"unexpected note {code!r}")
    extra = [f"{f} <- {c!r}" for f, c in mapping.columns.items() if f not in case.expected]
    return wrong, extra


@cache
def results() -> tuple[tuple[Case, list[str], list[str]], ...]:
    out = []
    for case in cases():
        mapping, proposals = propose(case.frame)
        out.append((case, *judge(case, mapping, proposals)))
    return tuple(out)


def report() -> tuple[int, int, int]:
    """Print the share of cases mapped right and what went wrong; (right, exact, total)."""
    rows = results()
    right = sum(not wrong for _, wrong, _ in rows)
    exact = sum(not wrong and not extra for _, wrong, extra in rows)
    total = len(rows)
    print(f"\nheader mapping: {right}/{total} cases right with no change by the user "
          f"({right / total:.1%}); {exact}/{total} exact (no extra optional field)")
    for case, wrong, extra in rows:
        if wrong or extra:
            print(f"- {case.source}")
            for line in wrong:
                print(f"    wrong: {line}")
            for line in extra:
                print(f"    extra: {line}")
    return right, exact, total


# --- the measure ------------------------------------------------------------------------------

def test_the_case_file_is_well_formed():
    assert len(cases()) >= 40
    for case in cases():
        columns = list(case.frame.columns)
        assert len(columns) == len(set(columns)), case.source
        assert len(case.frame) >= 3, case.source
        for field, acceptable in case.expected.items():
            assert field in canonical.NAMES, (case.source, field)
            assert all(c is None or c in columns for c in acceptable), (case.source, field)


def test_share_of_headers_mapped_right():
    right, _, total = report()
    assert right / total >= TARGET


# --- focused cases ----------------------------------------------------------------------------

def frame(**columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns)


def columns(df: pd.DataFrame) -> dict[str, str]:
    return propose(df)[0].columns


@pytest.mark.parametrize("header, expected", [
    ("product_sku", ["product", "sku"]),
    ("ProductName", ["product", "name"]),
    ("cod_producto", ["cod", "producto"]),
    ("Código Artículo", ["codigo", "articulo"]),
    ("item.description", ["item", "description"]),
    ("Precio Unit. c/IVA", ["precio", "unit", "con_iva"]),
    ("N° Boleta", ["num", "boleta"]),
    ("Nº boleta", ["num", "boleta"]),
    ("Ticket #", ["ticket", "num"]),
    ("Descuento $", ["descuento", "money"]),
    ("Descuento %", ["descuento", "pct"]),
    ("customerId", ["customer", "id"]),
    ("SKUCode", ["sku", "code"]),
    ("Fecha de Emisión", ["fecha", "emision"]),
])
def test_tokens(header, expected):
    assert tokens(header) == expected


SKUS = ["SKU-1001", "SKU-1002", "SKU-2001", "SKU-1001"]
NAMES = ["Polera algodón M", "Jeans clásico 42", "Zapatilla urbana", "Polera algodón M"]


def sale(**named: list[str]) -> pd.DataFrame:
    base = {"Fecha": ["01/09/2025", "01/09/2025", "02/09/2025", "02/09/2025"],
            "Folio": ["10", "10", "11", "12"], "Cantidad": ["1", "2", "1", "3"],
            "Total": ["9.990", "47.980", "29.990", "29.970"]}
    return frame(**base, **named)


def test_product_sku_is_the_product_id_and_product_name_the_name():
    got = columns(sale(product_sku=SKUS, product_name=NAMES))
    assert got["in_product_id"] == "product_sku" and got["in_description"] == "product_name"
    got = columns(sale(ProductName=NAMES, ProductSKU=SKUS))
    assert got["in_product_id"] == "ProductSKU" and got["in_description"] == "ProductName"


def test_a_lone_product_sku_is_not_taken_for_a_name():
    got = columns(sale(product_sku=SKUS))
    assert got["in_product_id"] == "product_sku" and "in_description" not in got


@pytest.mark.parametrize("code, name", [("cod_producto", "nombre_producto"),
                                        ("Código Artículo", "Descripción"),
                                        ("Item Code", "item.description"),
                                        ("codigoArticulo", "descripcionArticulo")])
def test_compound_product_headers(code, name):
    got = columns(sale(**{code: SKUS, name: NAMES}))
    assert got["in_product_id"] == code and got["in_description"] == name


@pytest.mark.parametrize("header, field", [
    ("Precio Unit. c/IVA", "in_price_unit"), ("Unit Price", "in_price_unit"),
    ("P.U.", "in_price_unit"), ("Total Línea", "in_price_total"), ("line_total", "in_price_total"),
    ("Descuento $", "in_discount_total"), ("Monto Descuento", "in_discount_total"),
    ("qty", "in_quantity"), ("Cant.", "in_quantity"), ("Costo Unit.", "in_cost_unit"),
    ("COGS", "in_cost_total"), ("Utilidad", "in_margin"), ("Comisión", "in_commission_total"),
])
def test_money_and_quantity_headers(header, field):
    values = {"in_quantity": ["1", "2", "1", "3"]}.get(field, ["990", "1.500", "2.000", "0"])
    df = frame(**{"Fecha": ["01/09/2025"] * 4, "Folio": ["1", "1", "2", "3"], "SKU": SKUS,
                  header: values})
    assert columns(df).get(field) == header


@pytest.mark.parametrize("header, field", [
    ("N° Boleta", "in_trans_id"), ("Nº Boleta", "in_trans_id"), ("Boleta #", "in_trans_id"),
    ("order_id", "in_trans_id"), ("Fecha Emisión", "in_dt"), ("sold_at", "in_dt"),
    ("Invoice Date", "in_dt"),
])
def test_document_and_date_headers(header, field):
    values = {"in_dt": ["01/09/2025", "01/09/2025", "02/09/2025", "02/09/2025"]}.get(
        field, ["501", "501", "502", "503"])
    df = frame(**{header: values, "SKU": SKUS, "Cantidad": ["1", "2", "1", "3"],
                  "Total": ["990", "1.500", "2.000", "900"]})
    assert columns(df).get(field) == header


@pytest.mark.parametrize("customer", ["RUT Cliente", "customer_id", "Rut", "Cód. Cliente"])
def test_customer_headers(customer):
    values = ["12.345.678-5", "12.345.678-5", "9.876.543-3", "15.555.444-1"]
    got = columns(sale(SKU=SKUS, **{customer: values, "Vendedor": ["Ana", "Ana", "Luis", "Ana"]}))
    assert got.get("in_customer_id") == customer


def test_a_rut_beats_the_customer_name():
    got = columns(sale(SKU=SKUS, Cliente=["Ana Rojas", "Ana Rojas", "Luis Soto", "Comercial X"],
                       **{"RUT Cliente": ["15.234.567-8", "15.234.567-8", "9.876.543-3",
                                          "76.123.456-7"]}))
    assert got["in_customer_id"] == "RUT Cliente"


def test_qualified_codes_are_not_the_product():
    got = columns(sale(**{"Código Autorización": ["083421", "554310", "120045", "000121"],
                          "Código Vendedor": ["V01", "V01", "V02", "V01"], "Producto": NAMES}))
    assert got["in_product_id"] == "Producto"  # the name, not someone else's code


def test_percentages_are_not_amounts():
    got = columns(sale(SKU=SKUS, **{"Descuento %": ["0", "10", "5", "0"],
                                    "Margen %": ["27,7", "39,9", "30", "31,5"]}))
    assert "in_discount_total" not in got and "in_margin" not in got


def test_content_tells_a_code_column_from_a_name_column():
    # «Artículo» is a product column: the values say whether it holds codes or names
    codes = columns(sale(**{"Artículo": ["ART-0125", "ART-0311", "ART-1002", "ART-0125"],
                            "Descripción Artículo": NAMES}))
    assert codes["in_product_id"] == "Artículo" and codes["in_description"] == "Descripción Artículo"
    described = columns(sale(SKU=SKUS, **{"Desc.": NAMES}))
    assert described["in_description"] == "Desc." and "in_discount_total" not in described
    discounted = columns(sale(SKU=SKUS, Producto=NAMES, **{"Desc.": ["0", "500", "0", "990"]}))
    assert discounted["in_discount_total"] == "Desc." and discounted["in_description"] == "Producto"


def test_the_gross_amount_is_the_line_total_when_net_and_gross_are_both_given():
    got = columns(sale(SKU=SKUS, **{"Neto": ["8.395", "40.319", "25.202", "25.185"],
                                    "IVA": ["1.595", "7.661", "4.788", "4.785"]}))
    assert got["in_price_total"] == "Total"
    got = columns(frame(**{"Fecha": ["01/09/2025"] * 4, "Folio": ["1", "1", "2", "3"], "SKU": SKUS,
                           "Cantidad": ["1", "2", "1", "3"],
                           "Subtotal Neto": ["8.395", "40.319", "25.202", "25.185"],
                           "Total Bruto": ["9.990", "47.980", "29.990", "29.970"]}))
    assert got["in_price_total"] == "Total Bruto"


def test_a_product_name_without_a_code_is_used_as_the_product():
    mapping, proposals = propose(sale(Producto=NAMES))
    assert mapping.columns["in_product_id"] == "Producto"
    assert mapping.columns["in_description"] == "Producto"
    assert mapping.missing_required() == []
    assert isinstance(proposals, Proposals)
    assert proposals.notes == (Note(NAME_AS_ID, "in_product_id", "Producto"),)
    assert proposals.note(NAME_AS_ID).column == "Producto"
    by_field = {p.field: p for p in proposals}
    assert by_field["in_product_id"].column == "Producto"
    assert by_field["in_product_id"].confidence <= by_field["in_description"].confidence


def test_no_note_when_there_is_a_code():
    mapping, proposals = propose(sale(SKU=SKUS, Producto=NAMES))
    assert mapping.columns["in_product_id"] == "SKU" and proposals.notes == ()
    assert proposals.note(NAME_AS_ID) is None


def test_no_product_at_all_gets_no_note():
    mapping, proposals = propose(sale())
    assert "in_product_id" not in mapping.columns and proposals.notes == ()


def test_the_name_used_as_product_survives_the_editor_roundtrip():
    mapping, _ = propose(sale(Producto=NAMES))
    # the user changes an unrelated field: both uses of «Producto» stay
    edited = mapping.with_column("in_customer_id", None)
    assert edited.columns["in_product_id"] == edited.columns["in_description"] == "Producto"


if __name__ == "__main__":
    report()
