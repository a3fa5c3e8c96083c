"""GabeDA feature engine: resolution, errors, skipping, catalogue numbers, reference, scale."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import engine
from engine import (
    CycleError,
    FeatureError,
    MissingColumnError,
    Registry,
    RegistryError,
    Skip,
    UnknownFeatureError,
    UnknownInputError,
    grouping,
    reference_markdown,
    resolve,
    run,
)
from engine import groups as groups_module
from engine.catalog import registry as catalog
from engine.groups import Groups

AS_OF = pd.Timestamp("2025-01-31 23:00")
ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def lines() -> pd.DataFrame:
    """Seven hand-checked lines (see the expected numbers in the tests below).

    0-2 sales of C1 (row 1 has only a unit cost and a discount, row 2 costs 0), 3 a return of
    C1 with negative amounts, 4 the only purchase of C2, 5 a line without customer and a
    0 total, 6 a credit note of C2 written with positive amounts.
    """
    nan = np.nan
    return pd.DataFrame(
        {
            "in_dt": pd.to_datetime(
                [
                    "2025-01-05 10:00",
                    "2025-01-05 10:00",
                    "2025-01-10 18:30",
                    "2025-01-12 09:00",
                    "2025-01-15 12:00",
                    "2025-01-20 20:00",
                    "2025-01-25 15:00",
                ]
            ),
            "in_trans_id": ["B1", "B1", "B2", "NC1", "B3", "B4", "NC2"],
            "in_product_id": ["P1", "P2", "P1", "P1", "P2", "P3", "P2"],
            "in_quantity": [2.0, 1, 1, -1, 3, 1, 1],
            "in_price_total": [2000.0, 500, 1000, -1000, 1500, 0, 500],
            "in_trans_type": ["Boleta", "Boleta", "Boleta", "Nota de crédito", "Boleta", "Boleta", "NotaCredito"],
            "in_customer_id": ["C1", "C1", "C1", "C1", "C2", None, "C2"],
            "in_cost_total": [1200.0, nan, 0, -600, nan, nan, 300],
            "in_cost_unit": [nan, 300.0, nan, nan, 300, 100, nan],
            "in_discount_total": [0.0, 100, nan, 0, 0, 0, 0],
        }
    )


def _tiny_registry() -> Registry:
    reg = Registry()
    reg.model("lines")
    reg.column("x", required=True)
    reg.column("opt", required=False)
    return reg


# -- resolution -----------------------------------------------------------------------


def test_resolution_order_puts_dependencies_first() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def c(a, b):
        return a + b

    @reg.row("lines", dtype="float")
    def b(a):
        return a * 2

    @reg.row("lines", dtype="float")
    def a(x):
        return x + 1

    plan = resolve(reg, ["x"], features=["c"])
    assert [f.name for f in plan.order] == ["a", "b", "c"]
    assert plan.bindings["lines.c"]["a"].kind == "feature"
    assert plan.bindings["lines.a"]["x"].kind == "column"

    out = run(pd.DataFrame({"x": [1.0, 2.0]}), registry=reg)
    assert out.lines["c"].tolist() == [6.0, 9.0]


def test_catalogue_order_follows_dependencies() -> None:
    columns = ["in_dt", "in_trans_id", "in_product_id", "in_quantity", "in_price_total"]
    columns += ["in_customer_id", "in_cost_unit"]
    plan = resolve(catalog, columns)
    assert not plan.skipped
    ids = [f.id for f in plan.order]
    assert ids.index("lines.cost_total") < ids.index("lines.line_margin") < ids.index("lines.margin_pct")
    assert ids.index("customers.revenue") > ids.index("lines.signed_total")
    assert ids.index("customers.documents") < ids.index("customers.avg_ticket")


def test_cycle_error_shows_the_path() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def a(b):
        return b

    @reg.row("lines", dtype="float")
    def b(a):
        return a

    with pytest.raises(CycleError) as err:
        resolve(reg, ["x"], features=["a"])
    assert "lines.a -> lines.b -> lines.a" in str(err.value)
    assert err.value.path == ("lines.a", "lines.b", "lines.a")


def test_unknown_input_names_feature_and_input() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def a(x, nonsense):
        return x

    with pytest.raises(UnknownInputError) as err:
        run(pd.DataFrame({"x": [1.0]}), registry=reg)
    assert "lines.a" in str(err.value) and "'nonsense'" in str(err.value)


def test_row_feature_cannot_read_an_attribute() -> None:
    reg = _tiny_registry()
    reg.model("groups", keys=("x",), source="lines")

    @reg.attribute("groups", dtype="int")
    def total(x):
        return x.size()

    @reg.row("lines", dtype="int")
    def uses_total(total):
        return total

    with pytest.raises(UnknownInputError, match="lines.uses_total"):
        resolve(reg, ["x"], features=["uses_total"])


def test_missing_required_column_raises() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def a(x):
        return x

    with pytest.raises(MissingColumnError, match="lines.a needs column.*x"):
        run(pd.DataFrame({"y": [1.0]}), registry=reg)


def test_missing_optional_column_skips_feature_and_dependants() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def a(opt):
        return opt

    @reg.row("lines", dtype="float")
    def b(a, x):
        return a + x

    @reg.row("lines", dtype="float")
    def c(x):
        return x * 10

    out = run(pd.DataFrame({"x": [1.0]}), registry=reg)
    assert out.skipped == {
        "lines.a": "column opt is absent",
        "lines.b": "needs lines.a (column opt is absent)",
    }
    assert "c" in out.lines and "a" not in out.lines and "b" not in out.lines


def test_optional_parameter_runs_without_the_column() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def a(x, opt=None):
        return x if opt is None else x + opt

    assert run(pd.DataFrame({"x": [1.0]}), registry=reg).lines["a"].tolist() == [1.0]
    assert run(pd.DataFrame({"x": [1.0], "opt": [2.0]}), registry=reg).lines["a"].tolist() == [3.0]


def test_catalogue_without_customer_skips_customers(lines: pd.DataFrame) -> None:
    out = run(lines.drop(columns="in_customer_id"), as_of=AS_OF)
    assert "customers" not in out.tables and "products" in out.tables
    assert out.skipped["lines.has_customer"] == "column in_customer_id is absent"
    assert set(catalog.features_of("customers")) and all(
        f.id in out.skipped for f in catalog.features_of("customers")
    )
    assert "in_customer_id" in out.skipped["customers.revenue"]
    with pytest.raises(KeyError, match="customers"):
        out["customers"]


def test_strict_request_raises_instead_of_skipping(lines: pd.DataFrame) -> None:
    data = lines.drop(columns="in_customer_id")
    with pytest.raises(MissingColumnError) as err:
        run(data, features=["customers.revenue"], strict=True)
    assert err.value.feature == "customers.revenue" and err.value.columns == ("in_customer_id",)
    # Without strict the same request is reported, not raised.
    assert "customers.revenue" in run(data, features=["customers.revenue"]).skipped


def test_strict_request_raises_on_runtime_skip(lines: pd.DataFrame) -> None:
    data = lines.drop(columns=["in_cost_total", "in_cost_unit"])
    out = run(data, models=["lines"])
    assert {"lines.cost_total", "lines.line_margin", "lines.margin_pct"} <= set(out.skipped)
    assert "no cost column" in out.skipped["lines.margin_pct"]
    with pytest.raises(MissingColumnError, match="lines.margin_pct"):
        run(data, features=["lines.margin_pct"], strict=True)


def test_ambiguous_and_unknown_feature_names() -> None:
    with pytest.raises(UnknownFeatureError, match="customers.revenue"):
        catalog.lookup("revenue")
    with pytest.raises(UnknownFeatureError, match="lines.margin_pct, customers.margin_pct, products.margin_pct"):
        catalog.lookup("margin_pct")
    with pytest.raises(UnknownFeatureError):
        catalog.lookup("no_such_feature")
    assert catalog.lookup("line_margin").id == "lines.line_margin"
    assert catalog.lookup("lines.margin_pct").id == "lines.margin_pct"


# -- the catalogue's numbers -------------------------------------------------------------


def test_line_features(lines: pd.DataFrame) -> None:
    # Totals sent without IVA, so the margins are the plain differences (the IVA basis:
    # tests/unit/test_catalog_lines.py::test_margin_is_without_vat_by_the_company_settings).
    out = run(lines, models=["lines"], as_of=AS_OF, params={"prices_include_vat": False}).lines
    nan = np.nan
    np.testing.assert_allclose(out["cost_total"], [1200, 300, 0, -600, 900, 100, 300])
    np.testing.assert_allclose(out["price_unit"], [1000, 600, 1000, 1000, 500, 0, 500])
    np.testing.assert_allclose(out["line_margin"], [800, 200, 1000, -400, 600, -100, 200])
    np.testing.assert_allclose(out["margin_pct"], [40, 40, 100, 40, 40, nan, 40])
    assert out["is_return"].tolist() == [False, False, False, True, False, False, True]
    assert out["has_customer"].tolist() == [True] * 5 + [False, True]
    np.testing.assert_allclose(out["signed_total"], [2000, 500, 1000, -1000, 1500, 0, -500])
    np.testing.assert_allclose(out["signed_quantity"], [2, 1, 1, -1, 3, 1, -1])
    # The input columns are kept and the input frame is not modified.
    assert "in_trans_type" in out and "cost_total" not in lines


def test_line_completion_from_given_values() -> None:
    data = pd.DataFrame(
        {
            "in_dt": pd.to_datetime(["2025-01-01"] * 3),
            "in_trans_id": ["A", "B", "C"],
            "in_product_id": ["P", "P", "P"],
            "in_quantity": [2.0, 0, 1],
            "in_price_total": [1000.0, 0, 800],
            "in_price_unit": [600.0, np.nan, np.nan],
            "in_margin": [300.0, np.nan, 200],
            "in_commission_total": [50.0, np.nan, 0],
        }
    )
    out = run(data, models=["lines"], params={"prices_include_vat": False}).lines
    np.testing.assert_allclose(out["price_unit"], [600, np.nan, 800])  # quantity 0 -> missing
    np.testing.assert_allclose(out["cost_total"], [650, np.nan, 600])  # price - margin - commission
    np.testing.assert_allclose(out["line_margin"], [300, np.nan, 200])


@pytest.mark.parametrize(
    ("trans_type", "expected"),
    [
        ("Nota de Crédito Electrónica", True),
        ("NOTA_CREDITO", True),
        ("NC", True),
        ("Devolución", True),
        ("return", True),
        ("61", True),
        ("Boleta", False),
        ("Factura", False),
        ("Nota de débito", False),
        ("Venta a crédito", False),
        (None, False),
    ],
)
def test_is_return_document_types(trans_type: str | None, expected: bool) -> None:
    flag = catalog.get("lines", "is_return").func(
        pd.Series([1.0]), pd.Series([100.0]), pd.Series([trans_type], dtype="str")
    )
    assert flag.tolist() == [expected]


def test_customer_attributes(lines: pd.DataFrame) -> None:
    c = run(lines, as_of=AS_OF).tables["customers"]
    assert c.index.tolist() == ["C1", "C2"] and c.index.name == "in_customer_id"
    assert c["first_purchase"].tolist() == [pd.Timestamp("2025-01-05"), pd.Timestamp("2025-01-15")]
    # C2 bought once (its credit note is not a purchase), so first == last.
    assert c["last_purchase"].tolist() == [pd.Timestamp("2025-01-10"), pd.Timestamp("2025-01-15")]
    assert c["documents"].tolist() == [2, 1]
    assert c["revenue"].tolist() == [2500.0, 1000.0]
    assert c["units"].tolist() == [3.0, 2.0]
    assert c["avg_ticket"].tolist() == [1250.0, 1000.0]
    assert c["recency_days"].tolist() == [21, 16]


def test_product_attributes(lines: pd.DataFrame) -> None:
    p = run(lines, as_of=AS_OF).tables["products"]
    assert p.index.tolist() == ["P1", "P2", "P3"]
    assert p["revenue"].tolist() == [2000.0, 1500.0, 0.0]
    assert p["units"].tolist() == [2.0, 3.0, 1.0]
    assert p["documents"].tolist() == [2, 2, 1]
    assert p["last_sale"].tolist() == [pd.Timestamp(d) for d in ("2025-01-10", "2025-01-15", "2025-01-20")]
    assert p["days_since_last_sale"].tolist() == [21, 16, 11]


def test_as_of_defaults_to_last_line_and_follows_time_zone(lines: pd.DataFrame) -> None:
    out = run(lines, models=["products"])
    assert out.as_of == pd.Timestamp("2025-01-25 15:00")
    assert out.tables["products"]["days_since_last_sale"].tolist() == [15, 10, 5]
    aware = lines.assign(in_dt=lines["in_dt"].dt.tz_localize("America/Santiago"))
    p = run(aware, models=["products"], as_of="2025-01-31").tables["products"]
    assert p["days_since_last_sale"].tolist() == [21, 16, 11]


def test_customer_with_only_returns_has_no_purchase(lines: pd.DataFrame) -> None:
    only_return = lines.iloc[[3]].assign(in_customer_id="C9")
    c = run(pd.concat([lines, only_return], ignore_index=True), as_of=AS_OF).tables["customers"]
    row = c.loc["C9"]
    assert pd.isna(row["last_purchase"]) and row["documents"] == 0 and row["revenue"] == -1000.0
    assert pd.isna(row["avg_ticket"]) and pd.isna(row["recency_days"])
    assert str(c["recency_days"].dtype) == "Int64"


def test_models_argument_limits_work(lines: pd.DataFrame) -> None:
    out = run(lines, models=["products"], as_of=AS_OF)
    assert set(out.tables) == {"lines", "products"}
    assert "signed_total" in out.lines and "margin_pct" not in out.lines
    assert not out.skipped


def test_empty_frame(lines: pd.DataFrame) -> None:
    out = run(lines.iloc[:0], as_of=AS_OF)
    assert len(out.lines) == 0 and len(out.tables["customers"]) == 0 and len(out.tables["products"]) == 0


# -- attributes, params and checks in a custom registry -----------------------------------


def test_attributes_multi_key_where_params_and_attribute_inputs() -> None:
    reg = Registry()
    reg.model("lines")
    reg.param("big", 10.0, "threshold of a big line")
    reg.model("pairs", keys=("k1", "k2"), source="lines", where="keep")

    @reg.row("lines", dtype="bool")
    def keep(v):
        return v > 0

    @reg.row("lines", dtype="bool")
    def is_big(v, params):
        return v >= params["big"]

    @reg.attribute("pairs", dtype="float")
    def total(v):
        return v.sum()

    @reg.attribute("pairs", dtype="int")
    def big_lines(is_big):
        return is_big.sum()

    @reg.attribute("pairs", dtype="float", unit="%")
    def share(total):
        return total / total.sum() * 100

    data = pd.DataFrame({"k1": ["a", "a", "b", "a"], "k2": [1, 1, 2, 2], "v": [5.0, 15.0, 20.0, -1.0]})
    t = run(data, registry=reg).tables["pairs"]
    assert t.index.names == ["k1", "k2"] and t.index.tolist() == [("a", 1), ("b", 2)]
    assert t["total"].tolist() == [20.0, 20.0]
    assert t["big_lines"].tolist() == [1, 1]
    assert t["share"].tolist() == [50.0, 50.0]
    t = run(data, registry=reg, params={"big": 18}).tables["pairs"]
    assert t["big_lines"].tolist() == [0, 1]
    with pytest.raises(RegistryError, match="unknown param"):
        run(data, registry=reg, params={"bgi": 18})


def test_feature_errors_name_the_feature() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="int")
    def wrong_dtype(x):
        return x.astype(str)

    @reg.row("lines", dtype="float")
    def broken(x):
        return x / "a"

    data = pd.DataFrame({"x": [1.0]})
    with pytest.raises(FeatureError, match="lines.wrong_dtype.*declared int"):
        run(data, registry=reg, features=["wrong_dtype"])
    with pytest.raises(FeatureError, match="lines.broken.*TypeError"):
        run(data, registry=reg, features=["broken"])


def test_feature_may_skip_itself() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def sometimes(x):
        if x.isna().all():
            raise Skip("x is empty", ("x",))
        return x

    assert run(pd.DataFrame({"x": [np.nan]}), registry=reg).skipped == {"lines.sometimes": "x is empty"}


def test_registry_rejects_bad_declarations() -> None:
    reg = _tiny_registry()

    @reg.row("lines", dtype="float")
    def a(x):
        return x

    with pytest.raises(RegistryError, match="twice"):
        reg.row("lines", dtype="float")(a)
    with pytest.raises(RegistryError, match="dtype"):
        reg.row("lines", dtype="money", name="m")(lambda x: x)
    with pytest.raises(RegistryError, match="model 'nope'"):
        reg.attribute("nope", dtype="int", name="n")(lambda x: x)
    with pytest.raises(RegistryError, match="named parameter"):
        reg.row("lines", dtype="float", name="star")(lambda *cols: cols[0])


# -- grain models, the groups input and the grouping --------------------------------------


def _grain_registry() -> Registry:
    """A model whose rows are not groups of lines: the distinct (k, doubled v) pairs."""
    reg = Registry()
    reg.model("lines")
    reg.column("k", required=True)
    reg.column("v", required=True)
    reg.model("pairs", keys=("k", "w"), source="lines", where="positive", grain="seen")

    @reg.row("lines", dtype="bool")
    def positive(v):
        return v > 0

    @reg.attribute("pairs", dtype="int")
    def seen(k, v):  # row-level inputs arrive as whole Series, filtered by `where`
        assert isinstance(k, pd.Series) and (v > 0).all()
        counts = pd.DataFrame({"k": k, "w": v * 2}).value_counts().sort_index()
        return counts.rename_axis(["k", "w"])

    @reg.attribute("pairs", dtype="float")
    def share(seen, v):
        return seen / len(v)

    return reg


def test_grain_model_builds_its_own_rows() -> None:
    reg = _grain_registry()
    data = pd.DataFrame({"k": ["a", "a", "b", "b"], "v": [1.0, 1.0, 2.0, -1.0]})
    t = run(data, registry=reg).tables["pairs"]
    assert t.index.names == ["k", "w"] and t.index.tolist() == [("a", 2.0), ("b", 4.0)]
    assert t["seen"].tolist() == [2, 1] and t["share"].tolist() == [2 / 3, 1 / 3]
    # Asking for a dependant runs the grain first.
    plan = resolve(reg, ["k", "v"], features=["pairs.share"])
    assert [f.name for f in plan.order] == ["positive", "seen", "share"]
    assert "Grain: one row per `k`, `w` over `lines`, keeping lines where `positive`, rows built by `seen`" in (
        reference_markdown(reg)
    )


def test_grain_skip_and_wrong_index() -> None:
    reg = _grain_registry()
    reg.model("maybe", keys=("x",), source="lines", grain="rows")
    reg.model("broken", keys=("x",), source="lines", grain="wrong_rows")

    @reg.attribute("maybe", dtype="int")
    def rows(k):
        raise Skip("no rows today")

    @reg.attribute("maybe", dtype="int")
    def later(rows):
        return rows

    @reg.attribute("broken", dtype="int")
    def wrong_rows(k):
        return k.value_counts()  # indexed by k, not by the model's key x

    data = pd.DataFrame({"k": ["a"], "v": [1.0]})
    out = run(data, registry=reg, models=["maybe"])
    assert out.skipped == {"maybe.rows": "no rows today", "maybe.later": "needs maybe.rows (no rows today)"}
    assert "maybe" not in out.tables
    with pytest.raises(FeatureError, match="broken.wrong_rows: must return a Series indexed by"):
        run(data, registry=reg, models=["broken"])


def test_groups_input() -> None:
    reg = _tiny_registry()
    reg.model("by_x", keys=("x",), source="lines")

    @reg.attribute("by_x", dtype="int")
    def distinct_y(y, groups):
        assert groups.n == 2 and groups.ids.tolist() == [1, 0, 1, 1, -1]
        return groups.distinct(y.obj.to_numpy())

    @reg.row("lines", dtype="int")
    def wrong(x, groups):
        return x

    data = pd.DataFrame({"x": ["b", "a", "b", "b", None], "y": [1, 1, 2, 1, 3]})
    assert run(data, registry=reg, models=["by_x"]).tables["by_x"]["distinct_y"].tolist() == [1, 2]
    with pytest.raises(FeatureError, match="lines.wrong: asks for groups"):
        run(data, registry=reg, features=["wrong"])


@pytest.mark.parametrize(
    "keys",
    [["s"], ["i"], ["s", "i"], ["i", "n"], ["c"], ["big"]],
)
def test_grouping_matches_pandas_groupby(keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(1)
    n = 500
    data = pd.DataFrame(
        {
            "s": pd.Series(rng.choice(["b", "a", "c", None], n), dtype="str"),
            "i": rng.integers(-3, 4, n),
            "n": pd.array(rng.choice([1, 2, None], n), dtype="Int64"),
            "c": pd.Categorical(rng.choice(["z", "y"], n), categories=["z", "y"]),
            "big": rng.integers(0, 2**40, n),
        }
    )
    expected = data.groupby(keys, sort=True, observed=True, dropna=True).ngroup()
    for dense in (True, False):
        monkeypatch.setattr(grouping, "DENSE_BITS", 1 << 25 if dense else 0)
        groups, index = grouping.group_rows(data, keys)
        np.testing.assert_array_equal(groups.ids, expected.fillna(-1).astype(int))
        assert index.equals(data.groupby(keys, sort=True, observed=True, dropna=True).size().index)
        assert list(index.names) == keys


def test_groups_reductions_dense_and_hashed_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(2)
    ids = rng.integers(-1, 50, 2000)
    codes = rng.integers(-1, 30, 2000)
    weights = rng.normal(size=2000)
    g = Groups(ids, 50)
    ties = Groups(np.array([0, 0, 0, 1, 0]), 3)
    tie_args = np.array([2, 1, 3, 0, 1]), np.array([5.0, 2, 1, -1, 3]), 2
    dense = g.distinct(codes), g.top(codes, weights, 3), ties.top(*tie_args)
    # Group 0: codes 1 (2 + 3) and 2 (5) tie: the lower code first; group 1 has nothing positive.
    assert dense[2].tolist() == [[1, 2], [-1, -1], [-1, -1]]
    monkeypatch.setattr(groups_module, "DENSE_BITS", 0)
    monkeypatch.setattr(groups_module, "DENSE_CELLS", 0)
    hashed = g.distinct(codes), g.top(codes, weights, 3), ties.top(*tie_args)
    for ours, theirs in zip(dense, hashed, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    frame = pd.DataFrame({"g": ids, "c": codes})
    frame = frame[(frame.g >= 0) & (frame.c >= 0)]
    np.testing.assert_array_equal(dense[0], frame.groupby("g")["c"].nunique().reindex(range(50), fill_value=0))


def test_distinct_counts_runs_of_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups_module, "DENSE_BITS", 0)  # as with many groups × many documents
    # Codes in runs (a document's lines together), each run in one group: counted by runs.
    g = Groups(np.array([0, 0, 1, 1, 0, -1, 1]), 2)
    assert g.distinct(np.array([5, 5, 6, 6, 7, 8, -1])).tolist() == [2, 1]
    # A run shared by two groups falls back to hashing the pairs.
    g = Groups(np.array([0, 1, 1, 0]), 2)
    assert g.distinct(np.array([5, 5, 6, 6])).tolist() == [2, 2]


# -- reference and packaging -------------------------------------------------------------


def test_reference_markdown_lists_every_feature() -> None:
    md = reference_markdown(catalog)
    for f in catalog.features.values():
        assert f"| `{f.name}` | {f.kind} |" in md
        assert f.description.split(" (")[0].replace("|", "\\|") in md
    for model in ("## lines", "## customers", "## products", "## baskets", "## hours", "## Parameters"):
        assert model in md
    assert "`in_cost_total`?" in md  # optional inputs are marked
    for p in catalog.params.values():
        assert f"| `{p.name}` | `{p.default!r}` |" in md


def test_docs_feature_reference_is_up_to_date() -> None:
    """docs/features.md is what analysts and the assistant read: it must be the registry."""
    path = ROOT / "docs" / "features.md"
    assert path.read_text() == reference_markdown(), (
        "docs/features.md is out of date: run `python -m engine.reference > docs/features.md`"
    )


def test_reference_module_prints_the_reference() -> None:
    cmd = [sys.executable, "-m", "engine.reference"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout == reference_markdown() and not out.stderr


def test_every_catalogue_feature_is_described() -> None:
    for f in catalog.features.values():
        assert f.description.endswith(".") and f.dtype and f.kind in ("row", "attribute"), f.id


def test_engine_imports_no_services() -> None:
    code = (
        "import sys, engine, engine.catalog; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'psycopg', 'redis', 'rq', 'streamlit', 'workers', 'loaders'}]; "
        "bad += [m for m in sys.modules if m.startswith('ayni.') and not m.startswith('ayni.core')]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# -- scale -----------------------------------------------------------------------------


def synthetic_lines(n: int, seed: int = 0) -> pd.DataFrame:
    """n lines over n/3 documents, 5 % returns, 30 % without customer; numpy only."""
    rng = np.random.default_rng(seed)
    docs = rng.integers(0, max(n // 3, 1), n)
    qty = rng.integers(1, 5, n).astype(float)
    returns = rng.random(n) < 0.05
    qty[returns] *= -1
    price = np.round(rng.uniform(500, 20000, n)) * np.sign(qty)
    customer = rng.integers(0, max(n // 20, 1), max(n // 3, 1))[docs].astype(str)
    customer = np.where(rng.random(n) < 0.3, None, np.char.add("C", customer))
    return pd.DataFrame(
        {
            "in_dt": pd.Timestamp("2024-01-01") + pd.to_timedelta(docs * 90, unit="s"),
            "in_trans_id": np.char.add("D", docs.astype(str)),
            "in_product_id": np.char.add("P", rng.integers(0, 3000, n).astype(str)),
            "in_quantity": qty,
            "in_price_total": price,
            "in_trans_type": np.where(returns, "Nota de crédito", "Boleta"),
            "in_customer_id": customer,
            "in_cost_unit": np.round(np.abs(price / qty) * 0.6),
        }
    )


def test_smoke_200k_lines() -> None:
    data = synthetic_lines(200_000)
    out = run(data)
    assert not out.skipped
    assert len(out.lines) == 200_000
    c, p = out.tables["customers"], out.tables["products"]
    assert c["revenue"].sum() == pytest.approx(out.lines.loc[out.lines["has_customer"], "signed_total"].sum())
    assert p["revenue"].sum() == pytest.approx(out.lines["signed_total"].sum())
    assert p["units"].sum() == pytest.approx(out.lines["signed_quantity"].sum())
    assert (c["first_purchase"] <= c["last_purchase"]).all()
    assert c["recency_days"].min() >= 0
    # Spot-check one customer against plain pandas.
    one = c.index[0]
    mine = data[(data["in_customer_id"] == one) & (data["in_quantity"] > 0)]
    assert c.loc[one, "documents"] == mine["in_trans_id"].nunique()


@pytest.mark.parametrize("drop", [[], ["in_customer_id", "in_cost_unit"]])
def test_models_side_by_side_equal_models_in_turn(drop: list[str]) -> None:
    data = synthetic_lines(20_000).drop(columns=drop)
    alone, together = run(data, threads=1), run(data, threads=4)
    assert list(together.tables) == list(alone.tables)
    for name, table in alone.tables.items():
        pd.testing.assert_frame_equal(together.tables[name], table)
    assert list(together.skipped.items()) == list(alone.skipped.items())
    assert bool(alone.skipped) == bool(drop)


def test_an_error_in_a_model_run_side_by_side_names_its_feature() -> None:
    reg = _tiny_registry()
    reg.model("first", keys=("k",), source="lines")
    reg.model("second", keys=("k",), source="lines")

    @reg.attribute("first", dtype="float")
    def total(x):
        return x.sum()

    @reg.attribute("second", dtype="float")
    def broken(x):
        return x.sum() / "a"

    data = pd.DataFrame({"k": ["a", "b"], "x": [1.0, 2.0]})
    with pytest.raises(FeatureError, match="second.broken.*TypeError"):
        run(data, registry=reg, threads=2)


def test_public_api_surface() -> None:
    assert engine.run is run and callable(engine.default_registry)
