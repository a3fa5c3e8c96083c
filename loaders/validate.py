"""Rules every typed line must pass (docs/PRODUCT.md, Validation), applied to whole columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ayni.core import documents
from loaders.problems import Problems


def credit_document(lines: pd.DataFrame) -> pd.Series:
    """Lines of a credit note or return document, whatever the signs say (ayni.core.documents,
    the rule GabeDA and dbt use too)."""
    return documents.is_credit(lines["in_trans_type"])


def check(lines: pd.DataFrame, texts: dict[str, pd.Series], now: pd.Timestamp,
          problems: Problems, columns: dict[str, str]) -> None:
    """Add the rule problems of typed `lines` (texts: what the file said, by canonical field;
    columns: the source column of each field, to name it in the report)."""
    at = lines["file_line"].to_numpy()

    def add(mask, field, code):
        problems.add(at, mask.fillna(False), columns.get(field, field), texts.get(field, ""),
                     code)

    add(lines["in_dt"] > now, "in_dt", "future_date")
    add(lines["in_quantity"].eq(0), "in_quantity", "zero_quantity")
    sale = lines["in_quantity"].gt(0) & ~credit_document(lines)
    add(lines["in_price_total"].lt(0) & sale, "in_price_total", "negative_price")

    expected = (lines["in_quantity"] * lines["in_price_unit"]).round() - lines["in_discount_total"]
    tolerance = np.maximum(2.0, 0.01 * lines["in_price_total"].abs())
    mismatch = (expected - lines["in_price_total"]).abs() > tolerance
    if "in_price_unit" in columns:  # only a given unit price can disagree; an inferred one cannot
        add(mismatch & lines["in_price_unit"].notna(), "in_price_total", "price_mismatch")

    doc_type = lines["in_trans_type"]
    add(doc_type.notna() & ~documents.is_listed(doc_type), "in_trans_type",
        "unknown_doc_type")
