"""The document-type rule (ayni.core.documents): the data file, the normalisation, the lookup."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ayni.core import documents

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Nota de Crédito", "notadecredito"),
        ("NOTA_CREDITO", "notacredito"),
        ("N/C", "nc"),
        (" nc. ", "nc"),
        ("Guía de Despacho Electrónica", "guiadedespachoelectronica"),
        ("DEVOLUCIÓN", "devolucion"),
        ("061", "61"),
        ("0", "0"),
        ("000", "0"),
        ("0NC", "0nc"),  # only an all-digit code loses its zeros
        ("Ñandú", "nandu"),
        ("N° 33", "n33"),
        ("", ""),
    ],
)
def test_key_normalises_case_accents_punctuation_and_zeros(spelling: str, expected: str) -> None:
    assert documents.key(spelling) == expected


@pytest.mark.parametrize(
    ("spelling", "kind"),
    [
        ("33", "sale"), ("39", "sale"), ("41", "sale"), ("52", "sale"), ("46", "unknown"),
        ("56", "debit"), ("55", "debit"), ("60", "credit"), ("61", "credit"), ("061", "credit"),
        ("BoletaElectronica", "sale"), ("Boleta Electrónica", "sale"), ("BOL", "sale"),
        ("FacturaElectronica", "sale"), ("FE", "sale"), ("Venta a crédito", "sale"),
        ("NotaCredito", "credit"), ("NotaCreditoElectronica", "credit"), ("NCE", "credit"),
        ("Nota Crédito Electrónica", "credit"), ("Devuelto", "credit"), ("DEV", "credit"),
        ("return", "credit"), ("ND", "debit"), ("Nota de Débito", "debit"),
        ("Cambio", "unknown"), ("Vale", "unknown"), ("Crédito", "unknown"), (None, "unknown"),
    ],
)
def test_classify(spelling: str | None, kind: str) -> None:
    assert documents.classify(pd.Series([spelling], dtype=object)).tolist() == [kind]


def test_the_three_answers_agree_and_keep_the_index() -> None:
    values = pd.Series(["NC", None, "Vale", "Boleta", "61", "Cambio"], index=[5, 3, 9, 1, 2, 8])
    kinds = documents.classify(values)
    assert list(kinds.index) == list(values.index)
    assert kinds.dtype == "category" and list(kinds.cat.categories) == list(documents.KINDS)
    assert documents.is_credit(values).tolist() == (kinds == "credit").tolist()
    assert documents.is_listed(values).tolist() == [True, False, False, True, True, True]
    assert documents.is_credit(values).index.equals(values.index)


def test_missing_and_empty_columns() -> None:
    assert documents.classify(pd.Series([], dtype=object)).tolist() == []
    assert documents.is_credit(pd.Series([None, np.nan], dtype=object)).tolist() == [False, False]
    assert documents.is_listed(pd.Series([None], dtype="string")).tolist() == [False]


def test_a_million_lines_are_classified_by_their_distinct_values() -> None:
    values = pd.Series(["BoletaElectronica", "NotaCredito", "FE", None] * 250_000)
    calls = []
    real_key = documents.key
    try:
        documents.key = lambda s: calls.append(s) or real_key(s)
        credit = documents.is_credit(values)
    finally:
        documents.key = real_key
    assert len(calls) == 3
    assert int(credit.sum()) == 250_000


def test_the_data_file_is_well_formed() -> None:
    with documents.DATA_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["spelling", "kind", "sii_code", "note"]
    assert {r["kind"] for r in rows} == set(documents.KINDS)
    for code in (30, 32, 33, 34, 35, 38, 39, 41, 46, 52, 55, 56, 60, 61):
        assert str(code) in documents.table(), code
    # Every SII code a spelling names is itself listed with the same kind, unless the
    # spelling is a purchase (factura de compra) or more general than the code.
    for r in rows:
        if r["sii_code"] and r["kind"] != "unknown":
            assert documents.table()[r["sii_code"]] == r["kind"], r
    keys = [documents.key(r["spelling"]) for r in rows]
    assert len(keys) == len(set(keys)), "a spelling is listed twice (after normalisation)"


def test_dbt_normalises_with_the_same_letters() -> None:
    """The SQL macro cannot import Python: it must spell the same translation."""
    macro = (ROOT / "dbt_project" / "macros" / "is_credit_document_type.sql").read_text()
    assert f"'{documents.ACCENTED}'" in macro and f"'{documents.UNACCENTED}'" in macro
    assert "[^A-Za-z0-9]" in macro and "^0+(?=[0-9]+$)" in macro
    assert len(documents.ACCENTED) == len(documents.UNACCENTED)
    assert re.fullmatch(r"[A-Za-z]+", documents.UNACCENTED)


def test_dbt_seeds_the_same_file() -> None:
    """dbt_project.yml's seed-paths reach ayni/core/seeds, the folder of the one data file."""
    import yaml

    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text())
    folders = {(ROOT / "dbt_project" / p).resolve() for p in project["seed-paths"]}
    assert documents.DATA_FILE.parent in folders
