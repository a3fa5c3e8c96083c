"""Market-basket pairs on hand-checked documents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import engine.catalog.baskets as baskets
from engine import run
from tests.unit.canonical_lines import frame

# Six sale documents and one credit note. Documents holding each product: A 4 (D1 D2 D3 D5),
# B 4 (D1 D2 D4 D5), C 4 (D1 D3 D5 D6), D 2 (D5 D6). Pairs: AB 3, AC 3, AD 1, BC 2, BD 1, CD 2.
DOCS = [
    ("D1", "A"), ("D1", "B"), ("D1", "C"),
    ("D2", "B"), ("D2", "A"),
    ("D3", "A"), ("D3", "C"), ("D3", "A"),  # A twice in one boleta is one item
    ("D4", "B"),
    ("D5", "D"), ("D5", "C"), ("D5", "B"), ("D5", "A"),
    ("D6", "C"), ("D6", "D"),
]


def _lines(order: list[int] | None = None) -> pd.DataFrame:
    rows = [("2025-01-01 10:00", doc, product, 1, 100, "Boleta") for doc, product in DOCS]
    rows += [("2025-01-02 10:00", "NC1", "A", -1, -100, "Nota de crédito"),
             ("2025-01-02 10:00", "NC1", "D", -1, -100, "Nota de crédito")]
    data = frame("dt doc product qty total type", *rows)
    return data if order is None else data.iloc[order].reset_index(drop=True)


def _pairs(data: pd.DataFrame, **params: object) -> pd.DataFrame:
    settings = {"basket_min_support": 0.0, **params}
    return run(data, models=["baskets"], params=settings).tables["baskets"]


def test_pairs_support_confidence_lift() -> None:
    b = _pairs(_lines())
    assert b.index.names == ["product_a", "product_b"]
    assert b.index.tolist() == [("A", "B"), ("A", "C"), ("B", "C"), ("C", "D")]  # most frequent first
    assert b["documents"].tolist() == [3, 3, 2, 2]  # AD and BD (1 document) are under 2
    assert b["documents_a"].tolist() == [4, 4, 4, 4]
    assert b["documents_b"].tolist() == [4, 4, 4, 2]
    np.testing.assert_allclose(b["support"], [3 / 6, 3 / 6, 2 / 6, 2 / 6])
    np.testing.assert_allclose(b["confidence_ab"], [3 / 4, 3 / 4, 2 / 4, 2 / 4])
    np.testing.assert_allclose(b["confidence_ba"], [3 / 4, 3 / 4, 2 / 4, 2 / 2])
    # documents × 6 / (documents_a × documents_b)
    np.testing.assert_allclose(b["lift"], [18 / 16, 18 / 16, 12 / 16, 12 / 8])


def test_params_top_min_and_max_items() -> None:
    assert _pairs(_lines(), basket_top_pairs=2).index.tolist() == [("A", "B"), ("A", "C")]
    assert len(_pairs(_lines(), basket_min_documents=1)) == 6
    assert _pairs(_lines(), basket_min_support=0.4).index.tolist() == [("A", "B"), ("A", "C")]
    # Only documents of at most 2 distinct products are paired: D2 (AB), D3 (AC), D6 (CD).
    small = _pairs(_lines(), basket_max_items=2, basket_min_documents=1)
    assert small.index.tolist() == [("A", "B"), ("A", "C"), ("C", "D")]
    assert small["documents"].tolist() == [1, 1, 1]
    assert small["documents_a"].tolist() == [4, 4, 4]  # the big documents still count here


def test_line_order_does_not_matter() -> None:
    shuffled = np.random.default_rng(3).permutation(len(DOCS) + 2).tolist()
    pd.testing.assert_frame_equal(_pairs(_lines(shuffled)), _pairs(_lines()))


def test_sparse_count_matches_dense(monkeypatch: pytest.MonkeyPatch) -> None:
    dense = _pairs(_lines(), basket_min_documents=1)
    monkeypatch.setattr(baskets, "DENSE_PAIRS", 0)
    pd.testing.assert_frame_equal(_pairs(_lines(), basket_min_documents=1), dense)


def test_no_pairs() -> None:
    data = frame("dt doc product qty total", ("2025-01-01", "D1", "A", 1, 100), ("2025-01-01", "D2", "B", 1, 100))
    b = _pairs(data)
    assert b.empty and b.index.names == ["product_a", "product_b"] and "lift" in b
