"""Document types: what a line's document (in_trans_type) is, the one rule every layer uses.

The data is kept once, in `ayni/core/seeds/document_types.csv` (spelling, kind, SII code,
note): the SII codes (33 factura electrónica, 39 boleta electrónica, 61 nota de crédito
electrónica, ...) and the spellings POS and ERP exports use (BoletaElectronica, FE, NCE,
Nota de Crédito, Devolución, ...). The loaders and GabeDA read it through this module;
dbt loads the same file as the seed `document_types` (dbt_project.yml, seed-paths) and
looks it up with the same normalisation (dbt_project/macros/is_credit_document_type.sql).

Kinds: `sale`, `credit` (a credit note or a return: money going back to the client),
`debit` (a debit note: adds to an earlier document) and `unknown` (the type itself does
not say which way the money goes, or the spelling is not listed). Only `credit` changes
how a line is read: a credit line is a return whatever the signs of its amounts.

Normalisation (`key`), the same in SQL: accented letters to their base letter, every
character that is not an ASCII letter or digit removed, lower case, and the leading zeros
of an all-digit code removed. So "Nota de Crédito", "NOTA_CREDITO" and "nota-credito"
are one spelling, and "061" is 61. The lookup is exact on that key: a spelling must be
listed to be recognised (nothing is guessed from a part of it).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

DATA_FILE = Path(__file__).resolve().parent / "seeds" / "document_types.csv"
KINDS = ("sale", "credit", "debit", "unknown")

# Accented letters and their base letters. dbt's macro uses these two strings verbatim
# (a test checks), because PostgreSQL's lower() folds only ASCII under the C locale:
# accents go first, then everything but [A-Za-z0-9], then the case.
ACCENTED = "ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç"
UNACCENTED = "AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc"
_UNACCENT = str.maketrans(ACCENTED, UNACCENTED)
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")
_LEADING_ZEROS = re.compile(r"^0+(?=[0-9]+$)")


def key(spelling: str) -> str:
    """The normalised form a document type is looked up by: 'Nota de Crédito' -> 'notadecredito',
    'N/C' -> 'nc', '061' -> '61'."""
    folded = _NOT_ALNUM.sub("", str(spelling).translate(_UNACCENT)).lower()
    return _LEADING_ZEROS.sub("", folded)


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Kind of every listed spelling, by key. Two spellings with one key must agree."""
    kinds: dict[str, str] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            k, kind = key(row["spelling"]), row["kind"]
            if kind not in KINDS or not k or None in row:  # None: more fields than columns
                raise ValueError(f"{DATA_FILE.name}: bad row {row}")
            if kinds.setdefault(k, kind) != kind:
                raise ValueError(f"{DATA_FILE.name}: {row['spelling']!r} is {kind} and {kinds[k]}")
    return kinds


def _per_distinct(values: pd.Series, answer, missing) -> np.ndarray:
    """`answer(key)` for each value as a numpy array, computed once per distinct value (a
    column of document types has a handful of them, however many lines); `missing` for a
    missing value."""
    codes, uniques = pd.factorize(values)
    found = np.array([answer(key(u)) for u in uniques] + [missing])
    return found[codes]  # code -1 (missing) picks the trailing entry


def classify(values: pd.Series) -> pd.Series:
    """The kind (sale, credit, debit, unknown) of each document type; unknown when missing or
    not listed. A categorical Series on the same index."""
    kinds, unknown = table(), KINDS.index("unknown")
    codes = _per_distinct(values, lambda k: KINDS.index(kinds.get(k, "unknown")), unknown)
    return pd.Series(pd.Categorical.from_codes(codes, categories=KINDS), index=values.index)


def is_credit(values: pd.Series) -> pd.Series:
    """True where the document type is a credit note or a return (False when missing)."""
    kinds = table()
    return pd.Series(_per_distinct(values, lambda k: kinds.get(k) == "credit", False),
                     index=values.index, dtype=bool)


def is_listed(values: pd.Series) -> pd.Series:
    """True where the document type is one of the listed spellings (False when missing)."""
    kinds = table()
    return pd.Series(_per_distinct(values, lambda k: k in kinds, False), index=values.index,
                     dtype=bool)
