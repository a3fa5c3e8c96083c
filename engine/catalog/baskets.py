"""Attributes of the baskets model: pairs of products bought in the same sale document.

Pairs are counted without a loop over documents or lines: the distinct (document, product)
items, in document order, are paired with the item 1, 2, … places after them while that is
still the same document (see _pairs).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from engine.catalog.base import registry
from engine.catalog.helpers import codes_of

KEYS = ("product_a", "product_b")
DENSE_PAIRS = 1 << 22  # up to ~2,000 products the pair counts fit one bincount array

registry.model(
    "baskets",
    keys=KEYS,
    source="lines",
    where="basket_item",
    grain="documents",
    description="One row per pair of products bought together in sale documents, product_a < product_b "
    "(in_product_id order): the company's top pairs (basket_top_pairs) with at least basket_min_documents "
    "documents and basket_min_support support, most frequent first (a tie: by product_a, then product_b). "
    "Rules are read both ways: "
    "confidence_ab is a → b, confidence_ba is b → a.",
)
registry.param("basket_top_pairs", 50, "How many product pairs the baskets model keeps per company (most frequent).")
registry.param("basket_min_support", 0.001, "Pairs in a smaller fraction of the sale documents are left out.")
registry.param("basket_min_documents", 2, "Pairs bought together in fewer documents are left out.")
registry.param(
    "basket_max_items",
    50,
    "Documents with more distinct products are not paired (one bulk factura of n products makes n²/2 pairs); "
    "they still count in the totals.",
)


def _pairs(docs: np.ndarray, products: np.ndarray, max_items: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The products of the pairs of each document (in either order), one batch per offset.

    With the items sorted by document, the partners of item i are the items i+1, i+2 … up
    to the end of its document. Items ordered by how many partners follow them make the
    items with at least k partners a prefix of that order, so the pass for offset k (one
    per offset, at most max_items − 1) is a slice: the work is the number of pairs.
    """
    if len(docs) and (docs[1:] < docs[:-1]).any():  # exports list a document's lines together
        order = np.argsort(docs, kind="stable")
        docs, products = docs[order], products[order]
    n = len(docs)
    start = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]]) if n else np.empty(0, dtype=np.int64)
    size = np.diff(np.r_[start, n])
    # Items after this one in its document; 0 in a document too big to pair.
    after = (np.repeat(np.where(size <= max_items, start + size, 0), size) - np.arange(n) - 1).clip(min=0)
    small = np.int16 if max_items < np.iinfo(np.int16).max else np.int32  # int16 sorts by radix
    by_after = np.argsort(-after.astype(small), kind="stable")  # most partners first
    with_k = np.bincount(after, minlength=max_items + 1)[::-1].cumsum()[::-1]  # items with >= k partners
    first = products[by_after]
    for k in range(1, min(max_items, len(with_k))):
        m = int(with_k[k])
        if m == 0:
            break
        yield first[:m], products[by_after[:m] + k]


def _count(pairs: Iterator[tuple[np.ndarray, np.ndarray]], width: int) -> tuple[np.ndarray, ...]:
    """(product_a, product_b, documents) of every pair seen, a < b."""
    if width * width <= DENSE_PAIRS:  # a product × product matrix, folded: (b, a) is (a, b)
        counts = np.zeros(width * width, dtype=np.int64)
        for left, right in pairs:
            counts += np.bincount(left.astype(np.int64) * width + right, minlength=width * width)
        square = counts.reshape(width, width)
        square = np.triu(square + square.T, k=1)
        a, b = np.nonzero(square)
        return a, b, square[a, b]
    codes = [np.minimum(left, right).astype(np.int64) * width + np.maximum(left, right) for left, right in pairs]
    inverse, found = pd.factorize(np.concatenate([*codes, np.empty(0, dtype=np.int64)]))  # hashed, unsorted
    return found // width, found % width, np.bincount(inverse, minlength=len(found))


@registry.attribute(
    "baskets",
    dtype="int",
    unit="documents",
    description="Sale documents that hold both products (co-occurrences); builds the rows of the model.",
)
def documents(sale_doc: pd.Series, in_product_id: pd.Series, params: dict) -> pd.Series:
    products, names = codes_of(in_product_id)
    products = products.astype(np.int32)  # half the memory traffic of int64 in the passes below
    docs = sale_doc.to_numpy(dtype=np.int32, na_value=-1)
    ok = (docs >= 0) & (products >= 0)
    if not ok.all():  # the model keeps basket items only, so this is rare
        docs, products = docs[ok], products[ok]
    n_documents = int(np.count_nonzero(np.bincount(docs))) if len(docs) else 0
    width = max(len(names), 1)
    a, b, counts = _count(_pairs(docs, products, int(params["basket_max_items"])), width)
    keep = (counts >= params["basket_min_documents"]) & (counts >= params["basket_min_support"] * n_documents)
    a, b, counts = a[keep], b[keep], counts[keep]
    top = np.lexsort((b, a, -counts))[: int(params["basket_top_pairs"])]
    index = pd.MultiIndex.from_arrays([names[a[top]], names[b[top]]], names=list(KEYS))
    return pd.Series(counts[top], index=index, dtype=np.int64)


def _product_documents(documents: pd.Series, in_product_id: pd.Series, level: str) -> np.ndarray:
    """Sale documents holding the product at ``level`` of each pair (basket rows are distinct items)."""
    codes, names = codes_of(in_product_id)
    counts = np.bincount(codes[codes >= 0], minlength=len(names))
    return counts[names.get_indexer(documents.index.get_level_values(level))]


@registry.attribute(
    "baskets", dtype="int", unit="documents", description="Sale documents that hold product_a."
)
def documents_a(documents: pd.Series, in_product_id: pd.Series) -> np.ndarray:
    return _product_documents(documents, in_product_id, "product_a")


@registry.attribute(
    "baskets", dtype="int", unit="documents", description="Sale documents that hold product_b."
)
def documents_b(documents: pd.Series, in_product_id: pd.Series) -> np.ndarray:
    return _product_documents(documents, in_product_id, "product_b")


@registry.attribute(
    "baskets",
    dtype="float",
    unit="fraction",
    description="Share of all sale documents (0-1) that hold both products: documents / sale documents.",
)
def support(documents: pd.Series, doc_first: pd.Series) -> pd.Series:
    return documents / int(doc_first.sum())


@registry.attribute(
    "baskets",
    dtype="float",
    unit="fraction",
    description="Confidence of a → b (0-1): of the documents with product_a, the share that also hold product_b.",
)
def confidence_ab(documents: pd.Series, documents_a: pd.Series) -> pd.Series:
    return documents / documents_a


@registry.attribute(
    "baskets",
    dtype="float",
    unit="fraction",
    description="Confidence of b → a (0-1): of the documents with product_b, the share that also hold product_a.",
)
def confidence_ba(documents: pd.Series, documents_b: pd.Series) -> pd.Series:
    return documents / documents_b


@registry.attribute(
    "baskets",
    dtype="float",
    unit="ratio",
    description="Lift: support / (support of a × support of b) = documents × sale documents / (documents_a × "
    "documents_b); above 1 the products sell together more often than by chance.",
)
def lift(documents: pd.Series, documents_a: pd.Series, documents_b: pd.Series, doc_first: pd.Series) -> pd.Series:
    return documents * int(doc_first.sum()) / (documents_a * documents_b)
