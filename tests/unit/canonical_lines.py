"""Small canonical line frames for the catalogue tests: one tuple per line, hand-checkable."""

from __future__ import annotations

import numpy as np
import pandas as pd

SHORT = {
    "dt": "in_dt",
    "doc": "in_trans_id",
    "product": "in_product_id",
    "qty": "in_quantity",
    "total": "in_price_total",
    "customer": "in_customer_id",
    "type": "in_trans_type",
    "cost": "in_cost_total",
    "cost_unit": "in_cost_unit",
}


def frame(header: str, *rows: tuple) -> pd.DataFrame:
    """``frame("dt doc product qty total", ("2025-01-01 10:00", "B1", "P1", 1, 1000), …)``.

    Short names (see SHORT) become canonical columns; None is a missing value.
    """
    names = [SHORT.get(n, n) for n in header.split()]
    data = pd.DataFrame.from_records(list(rows), columns=names)
    data["in_dt"] = pd.to_datetime(data["in_dt"])
    for column in ("in_quantity", "in_price_total", "in_cost_total", "in_cost_unit"):
        if column in data:
            data[column] = data[column].astype("float64")
    for column in ("in_trans_id", "in_product_id", "in_customer_id", "in_trans_type"):
        if column in data:
            data[column] = data[column].astype("str").where(data[column].notna(), np.nan)
    return data
