"""The engine's repeat-purchase figures equal the lifetimes package's on real transactions.

CDNOW_sample.txt ships inside lifetimes: 6,919 CD purchases of 2,357 customers (1997-01 to
1998-06), one row per customer, date, number of CDs and dollar amount. Each row becomes a
canonical line of its own document. lifetimes' summary (freq="D") counts purchase days:
frequency = repeat days, recency = first to last purchase day, T = first purchase day to the
observation end, monetary_value = mean day total over the repeat days (0 without repeats).
"""

from __future__ import annotations

import importlib.resources

import numpy as np
import pandas as pd
import pytest

lifetimes_utils = pytest.importorskip("lifetimes.utils", reason="lifetimes is a test dependency (pyproject [test])")

from engine import run  # noqa: E402

PAIRS = {  # lifetimes column -> engine feature
    "frequency": "repeat_frequency",
    "recency": "repeat_recency_days",
    "T": "age_days",
    "monetary_value": "mean_repeat_value",
}


@pytest.fixture(scope="module")
def transactions() -> pd.DataFrame:
    # Read the file itself: lifetimes.datasets needs pkg_resources, which new setuptools drop.
    path = importlib.resources.files("lifetimes").joinpath("datasets", "CDNOW_sample.txt")
    data = pd.read_csv(
        path,
        header=None,
        sep=r"\s+",
        names=["customer_id", "customer_index", "date", "quantity", "amount"],
        dtype={"customer_id": str, "date": str},
    )
    data["date"] = pd.to_datetime(data["date"], format="%Y%m%d")
    return data


def _lines(transactions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "in_dt": transactions["date"],
            "in_trans_id": [f"T{i}" for i in range(len(transactions))],
            "in_product_id": "CD",
            "in_quantity": transactions["quantity"].astype("float64"),
            "in_price_total": transactions["amount"],
            "in_customer_id": transactions["customer_id"],
        }
    )


@pytest.mark.parametrize("end", [None, "1997-09-30"])
def test_repeat_purchase_figures_equal_lifetimes(transactions: pd.DataFrame, end: str | None) -> None:
    end_ts = pd.Timestamp(end) if end else transactions["date"].max()
    # lifetimes leaves out what happened after the observation end; so does the caller here.
    seen = transactions[transactions["date"] <= end_ts]
    expected = lifetimes_utils.summary_data_from_transaction_data(
        transactions, "customer_id", "date", monetary_value_col="amount",
        observation_period_end=end_ts, freq="D",
    )
    customers = run(_lines(seen), models=["customers"], as_of=end_ts).tables["customers"]
    assert len(expected) == len(customers) > 1000
    assert sorted(customers.index) == sorted(expected.index)
    got = customers.loc[expected.index]
    for theirs, ours in PAIRS.items():
        np.testing.assert_allclose(got[ours].to_numpy(dtype="float64"), expected[theirs].to_numpy(), rtol=1e-9,
                                   err_msg=f"{ours} differs from lifetimes' {theirs}")
    # The RFM recency is another figure: days since the last purchase.
    np.testing.assert_array_equal(got["recency_days"], got["age_days"] - got["repeat_recency_days"])
