import json

import pandas as pd
import pytest

from ayni.core import canonical
from loaders.formats import CHILEAN, DateFormat, NumberFormat, parse_numbers
from loaders.mapping import Mapping, Proposal, header_signature, normalise, propose
from tests.conftest import EXPECTED
from tests.unit.test_formats import read_sample

EXPECTED_COLUMNS = {
    "pos_export_cl.csv": {
        "in_dt": "Fecha", "in_trans_type": "Tipo Doc", "in_trans_id": "Folio",
        "in_customer_id": "RUT Cliente", "in_product_id": "Código Producto",
        "in_description": "Producto", "in_category": "Familia", "in_unit_type": "Unidad",
        "in_quantity": "Cantidad", "in_price_unit": "Precio Unitario",
        "in_discount_total": "Descuento", "in_cost_unit": "Costo Unitario",
        "in_price_total": "Total Línea"},
    "planilla_latin1_semicolon.csv": {
        "in_dt": "Fecha", "in_trans_id": "N° Boleta", "in_product_id": "SKU",
        "in_description": "Descripción", "in_category": "Categoría", "in_quantity": "Cant.",
        "in_price_unit": "Precio Unit.", "in_price_total": "Total", "in_cost_total": "Costo Total",
        "in_customer_id": "Cliente"},
    "lineas_con_errores.csv": {
        "in_dt": "Fecha", "in_trans_id": "Folio", "in_product_id": "SKU", "in_quantity": "Cantidad",
        "in_price_total": "Total"},
    "ventas_con_titulo.xlsx": {
        "in_dt": "Fecha", "in_trans_id": "Documento", "in_product_id": "Código",
        "in_description": "Nombre producto", "in_category": "Categoría", "in_quantity": "Cantidad",
        "in_price_total": "Total", "in_customer_id": "Cliente"},
    "canonical_in_columns.csv": {name: name for name in canonical.NAMES},
}


@pytest.fixture(scope="module")
def proposed():
    return {name: (read_sample(name), *propose(read_sample(name))) for name in EXPECTED_COLUMNS}


@pytest.mark.parametrize("name", EXPECTED_COLUMNS)
def test_samples_map_as_expected(proposed, name):
    frame, mapping, proposals = proposed[name]
    assert mapping.columns == EXPECTED_COLUMNS[name]
    assert mapping.missing_required() == []
    assert [p.field for p in proposals] == list(canonical.NAMES)
    by_field = {p.field: p for p in proposals}
    for field in canonical.REQUIRED:
        assert by_field[field].confidence >= 0.8, (field, by_field[field])
    for p in proposals:
        assert 0 <= p.confidence <= 1 and len(p.alternatives) <= 3
        assert p.column == mapping.columns.get(p.field)
        assert [s for _, s in p.alternatives] == sorted((s for _, s in p.alternatives), reverse=True)
        assert p.column not in [c for c, _ in p.alternatives]
    if name == "canonical_in_columns.csv":
        assert all(p.confidence == 1.0 for p in proposals)


@pytest.mark.parametrize("name", ["pos_export_cl.csv", "planilla_latin1_semicolon.csv",
                                  "ventas_con_titulo.xlsx", "canonical_in_columns.csv"])
def test_proposed_formats_reproduce_expected_totals(proposed, name):
    frame, mapping, _ = proposed[name]
    numeric = {c for f, c in mapping.columns.items() if f in canonical.NUMERIC}
    assert set(mapping.numbers) == numeric
    assert set(mapping.dates) == {mapping.columns["in_dt"]}
    total, quantity = mapping.columns["in_price_total"], mapping.columns["in_quantity"]
    assert parse_numbers(frame[total], mapping.numbers[total]).sum() == EXPECTED[name]["net_sales"]
    units = parse_numbers(frame[quantity], mapping.numbers[quantity]).sum()
    assert units == pytest.approx(EXPECTED[name]["units"], abs=1e-6)


def test_sample_formats_in_the_mapping(proposed):
    _, pos, _ = proposed["pos_export_cl.csv"]
    assert set(pos.numbers.values()) == {CHILEAN}
    assert pos.dates == {"Fecha": DateFormat("%d-%m-%Y %H:%M", True)}
    _, planilla, _ = proposed["planilla_latin1_semicolon.csv"]
    assert planilla.dates == {"Fecha": DateFormat("%d/%m/%Y", True)}
    _, xlsx, _ = proposed["ventas_con_titulo.xlsx"]
    assert xlsx.numbers["Cantidad"].decimal == "." and xlsx.dates["Fecha"].pattern == "ISO8601"


def test_english_style_pos_export():
    # docs/PRODUCT.md: `"4,454"` money with a comma thousands separator, `1.088` kg with a decimal point
    frame = pd.DataFrame({
        "Fecha venta": ["08-10-2025 18:57", "08-10-2025 18:57", "09-10-2025 10:00"],
        "N° doc. venta": ["1", "1", "2"], "SKU": ["A-1", "B-2", "A-1"],
        "Producto": ["Pan amasado", "Leche entera", "Pan amasado"], "Categoría": ["Pan", "Lácteos", "Pan"],
        "Cantidad": ["1.088", "2", "1"], "Precio unitario": ["4,454", "1,000", "990"],
        "Total neto": ["4,846", "2,000", "990"], "Utilidad aprox.": ["1,200", "500", "300"]})
    mapping, _ = propose(frame)
    assert mapping.columns == {
        "in_dt": "Fecha venta", "in_trans_id": "N° doc. venta", "in_product_id": "SKU",
        "in_description": "Producto", "in_category": "Categoría", "in_quantity": "Cantidad",
        "in_price_unit": "Precio unitario", "in_price_total": "Total neto",
        "in_margin": "Utilidad aprox."}
    assert parse_numbers(frame["Total neto"], mapping.numbers["Total neto"]).tolist() == [4846, 2000, 990]
    assert parse_numbers(frame["Cantidad"], mapping.numbers["Cantidad"]).tolist() == [1.088, 2, 1]


def test_content_speaks_when_headers_say_nothing():
    frame = pd.DataFrame({"A": ["01/09/2025 10:00", "13/09/2025 12:00"],
                          "B": ["11.111.111-1", "12345678-5"], "C": ["x", "y"]})
    mapping, proposals = propose(frame)
    assert mapping.columns == {"in_dt": "A", "in_customer_id": "B"}
    assert {p.field: p.confidence for p in proposals}["in_dt"] < 0.8  # the user should look
    assert mapping.missing_required() == ["in_trans_id", "in_product_id", "in_quantity", "in_price_total"]


def test_mapping_json_round_trip():
    mapping = Mapping(columns={"in_dt": "Fecha", "in_quantity": "Cant."},
                      numbers={"Cant.": CHILEAN}, dates={"Fecha": DateFormat("%d/%m/%Y", True)},
                      defaults={"in_trans_type": "BoletaElectronica"})
    stored = json.loads(json.dumps(mapping.to_json()))
    assert Mapping.from_json(stored) == mapping
    assert Mapping.from_json({}) == Mapping()


def test_missing_required_and_unmapped():
    mapping = Mapping(columns={"in_dt": "Fecha", "in_trans_id": "Folio", "in_quantity": "Cant."},
                      defaults={"in_product_id": "GENERICO"})
    assert mapping.missing_required() == ["in_price_total"]
    assert mapping.with_default("in_price_total", "0").missing_required() == []
    assert mapping.unmapped(["Fecha", "Folio", "Cant.", "Vendedor"]) == ["Vendedor"]


def test_overrides_keep_one_column_per_field():
    mapping = Mapping(columns={"in_price_total": "Total", "in_cost_total": "Costo"},
                      numbers={"Total": CHILEAN, "Costo": CHILEAN})
    moved = mapping.with_column("in_price_unit", "Costo")
    assert moved.columns == {"in_price_total": "Total", "in_price_unit": "Costo"}
    cleared = mapping.with_column("in_cost_total", None)
    assert cleared.columns == {"in_price_total": "Total"} and set(cleared.numbers) == {"Total"}
    assert mapping.columns == {"in_price_total": "Total", "in_cost_total": "Costo"}  # unchanged
    with pytest.raises(KeyError):
        mapping.with_column("precio", "Total")


def test_user_override_then_formats_detected():
    frame = pd.DataFrame({"Fecha": ["15/09/2025", "16/09/2025"], "Monto": ["1.590", "12.990"],
                          "Kilos": ["0,5", "1,250"]})
    mapping = Mapping().with_column("in_dt", "Fecha").with_column("in_price_total", "Monto")
    mapping = mapping.with_column("in_quantity", "Kilos").with_detected_formats(frame)
    assert mapping.numbers == {"Monto": CHILEAN, "Kilos": CHILEAN}
    assert mapping.dates == {"Fecha": DateFormat("%d/%m/%Y", True)}
    chosen = mapping.with_number_format("Monto", NumberFormat(".", None))
    assert chosen.with_detected_formats(frame).numbers["Monto"] == NumberFormat(".", None)


def test_header_signature_recognises_the_same_system():
    assert header_signature(["N° Boleta"]) == header_signature(["Nº boleta "]) == ["n boleta"]
    assert header_signature(["Código Producto", "Cant.", "Utilidad aprox.", "Total Línea"]) == [
        "codigo producto", "cant", "utilidad aprox", "total linea"]
    assert normalise("  P. Unitario ($) ") == "p unitario"


def test_proposals_are_still_a_list_and_carry_notes(proposed):
    _, mapping, proposals = proposed["pos_export_cl.csv"]
    assert isinstance(proposals, list) and len(proposals) == len(canonical.NAMES)
    assert proposals.notes == ()  # the file has product codes: nothing to tell
    frame = pd.DataFrame({"Fecha": ["01/09/2025", "01/09/2025"], "Boleta": ["1", "1"],
                          "Producto": ["Pan amasado", "Leche entera"], "Cantidad": ["1", "2"],
                          "Total": ["990", "2.300"]})
    mapping, proposals = propose(frame)
    assert mapping.columns["in_product_id"] == mapping.columns["in_description"] == "Producto"
    assert [(n.code, n.field, n.column) for n in proposals.notes] == [
        ("product_name_as_id", "in_product_id", "Producto")]
    restored = Mapping.from_json(json.loads(json.dumps(mapping.to_json())))
    assert restored.columns["in_product_id"] == "Producto"


def test_proposal_is_a_value():
    p = Proposal("in_dt", "Fecha", 1.0, ())
    assert p == Proposal("in_dt", "Fecha", 1.0, ())
