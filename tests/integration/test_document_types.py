"""One rule, one place: the loaders, GabeDA and dbt read a document type the same way.

The rule is ayni/core/seeds/document_types.csv, read by ayni.core.documents (loaders,
GabeDA) and seeded by dbt (macros/is_credit_document_type.sql). Here a table of
spellings and codes goes through all three, dbt in real PostgreSQL; then a file of sales
and credit notes in several spellings, with positive and negative amounts, loads whole
and gives the same net sales in the marts as GabeDA's customer revenue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from ayni.core import documents
from ayni.core.db import Role, engine
from ayni.usecases import companies, ingest
from engine.catalog import registry as catalog
from loaders import validate
from loaders.problems import Problems
from tests.conftest import ayni, run_worker

pytestmark = pytest.mark.integration
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "documents" / "ventas_y_notas_de_credito.csv"

# (spelling as an export writes it, its kind); None: the type is missing.
SPELLINGS = [
    # SII codes, with and without leading zeros
    ("30", "sale"), ("32", "sale"), ("33", "sale"), ("034", "sale"), ("35", "sale"),
    ("38", "sale"), ("39", "sale"), ("41", "sale"), ("46", "unknown"), ("52", "sale"),
    ("55", "debit"), ("56", "debit"), ("60", "credit"), ("61", "credit"), ("0061", "credit"),
    # sales
    ("Boleta", "sale"), ("BoletaElectronica", "sale"), ("Boleta Electrónica", "sale"),
    ("BOLETA ELECTRONICA", "sale"), ("BOL", "sale"), ("BE", "sale"), ("Factura", "sale"),
    ("FacturaElectronica", "sale"), ("Factura Electrónica", "sale"), ("FE", "sale"),
    ("FAC", "sale"), ("Guía de despacho", "sale"), ("Venta a crédito", "sale"),
    # credit notes and returns
    ("NC", "credit"), ("N/C", "credit"), ("NCE", "credit"), ("Nota de Crédito", "credit"),
    ("NotaCredito", "credit"), ("NOTA_CREDITO", "credit"), ("NotaCreditoElectronica", "credit"),
    ("Nota Crédito Electrónica", "credit"), ("nota de credito electronica", "credit"),
    ("Devolución", "credit"), ("DEVOLUCION", "credit"), ("Devuelto", "credit"),
    ("DEV", "credit"), ("return", "credit"), ("Refund", "credit"), ("Credit Note", "credit"),
    # debit notes
    ("ND", "debit"), ("NDE", "debit"), ("Nota de Débito", "debit"), ("NotaDebito", "debit"),
    # neither
    ("Cambio", "unknown"), ("Vale", "unknown"), ("Crédito", "unknown"), ("XYZ", "unknown"),
    (None, "unknown"),
]
TYPES = pd.Series([s for s, _ in SPELLINGS], dtype=object)
CREDIT = [kind == "credit" for _, kind in SPELLINGS]


def test_the_table_is_big_enough():
    assert len(SPELLINGS) >= 30 and len({k for _, k in SPELLINGS}) == 4


def test_the_rule_itself():
    assert documents.classify(TYPES).tolist() == [kind for _, kind in SPELLINGS]


def test_loaders_read_credit_notes_as_the_rule_says():
    """A line with a positive quantity and a negative total is a return on a credit
    document (kept) and a negative price on any other (rejected)."""
    n = len(TYPES)
    lines = pd.DataFrame({
        "file_line": range(2, n + 2), "in_dt": pd.Timestamp("2025-08-01"),
        "in_quantity": 1.0, "in_price_total": -1000.0, "in_price_unit": 1000.0,
        "in_discount_total": 0.0, "in_trans_type": TYPES})
    assert validate.credit_document(lines).tolist() == CREDIT
    problems = Problems()
    validate.check(lines, {}, pd.Timestamp("2026-01-01"), problems, {})
    found = problems.frame()
    rejected = set(found.loc[found["code"] == "negative_price", "line"])
    assert [line in rejected for line in lines["file_line"]] == [not c for c in CREDIT]
    warned = set(found.loc[found["code"] == "unknown_doc_type", "line"])
    unlisted = {"Vale", "Crédito", "XYZ"}
    assert {TYPES[line - 2] for line in warned} == unlisted


def test_gabeda_reads_credit_notes_as_the_rule_says():
    """GabeDA's return flag on lines with positive amounts: the document type alone."""
    n = len(TYPES)
    flag = catalog.get("lines", "is_return").func(
        pd.Series([1.0] * n), pd.Series([1000.0] * n), TYPES)
    assert flag.tolist() == CREDIT


@pytest.fixture(scope="module")
def seeded(ayni_db):
    result = ayni(ayni_db, "dbt", "seed", "--select", "document_types")
    assert result.returncode == 0, result.stdout + result.stderr
    return ayni_db


def test_dbt_reads_credit_notes_as_the_rule_says(seeded):
    """The macro the marts use, over the seed, in PostgreSQL (dbt show --inline)."""
    rows = ", ".join(f"({i}, {'null' if s is None else repr(s)})" for i, s in enumerate(TYPES))
    sql = ("select i, {{ is_credit_document_type('t') }} as credit "
           f"from (values {rows}) as v(i, t) order by i")
    result = ayni(seeded, "dbt", "show", "--inline", sql, "--limit", "1000", "--output", "json",
                  "--log-format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    shown = None
    for line in result.stdout.splitlines():
        data = json.loads(line).get("data", {}) if line.startswith("{") else {}
        if "preview" in data:
            shown = json.loads(data["preview"])
    assert shown is not None, result.stdout
    assert [row["credit"] for row in shown] == CREDIT


def test_the_seed_is_the_file(seeded):
    with engine(Role.OWNER).connect() as conn:
        seed = pd.read_sql("select spelling, kind, sii_code, note from staging.document_types", conn)
    file = pd.read_csv(documents.DATA_FILE, dtype=str, keep_default_na=False)
    assert seed.fillna("").sort_values("spelling").reset_index(drop=True).equals(
        file.sort_values("spelling").reset_index(drop=True))


def test_sales_and_credit_notes_in_every_spelling_give_one_net_sales(seeded):
    with engine(Role.OWNER).begin() as conn:
        shop = companies.create_company(conn, "Ferretería Documentos", "76.086.428-5",
                                        "ferreteria", "small")
    upload_id = ingest.submit_file(shop.id, SAMPLE)
    run_worker(seeded)
    with engine(Role.OWNER).connect() as conn:
        upload = conn.execute(text(
            "select status, lines_read, lines_loaded, lines_rejected, lines_warned "
            "from app.uploads where id = :id"), {"id": upload_id}).one()
        marts = conn.execute(text(
            "select to_char(period_start, 'YYYY-MM'), net_sales from marts.monthly_aggregations "
            "where company_id = :c order by 1"), {"c": shop.id}).all()
        revenue = dict(conn.execute(text(
            "select customer_id, revenue from gabeda.customer_features where company_id = :c"),
            {"c": shop.id}).all())
        returns = conn.execute(text(
            "select document_id from marts.sales_lines where company_id = :c and is_return "
            "order by 1"), {"c": shop.id}).scalars().all()
    assert tuple(upload) == ("done", 28, 28, 0, 0)
    assert [(m, float(v)) for m, v in marts] == [("2025-08", 158_290.0), ("2025-09", 9_490.0)]
    assert sum(revenue.values()) == 167_780 == sum(float(v) for _, v in marts)
    assert revenue == {"CLI-01": 2990, "CLI-02": 2780, "CLI-03": -2990, "CLI-04": 2980,
                       "CLI-05": 126_860, "CLI-06": 17_190, "CLI-07": 17_970}
    # every credit note and return, whatever its spelling or signs, and the boleta sent
    # with a negative quantity
    assert returns == sorted(["B-1007", "DV-1", "DV-2", "DV-3", *(f"NC-{i}" for i in range(1, 10))])
