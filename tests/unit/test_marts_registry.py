"""The marts and columns the pages read come from one registry (ayni.core.marts), which is
what dbt's model files declare: a column dropped in dbt fails here, not on a page."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

from ayni.core import marts as registry
from streamlit_app import data

MARTS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts"


def _declared() -> dict[str, dict[str, str | None]]:
    """{model: {column: data_type}} parsed here from models/marts/**/*.yml, on its own."""
    def columns(items):
        for item in items or ():
            yield from (columns(item) if isinstance(item, list) else [item])

    found = {}
    for path in sorted(MARTS_DIR.rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or ():
            found[model["name"]] = {c["name"]: c.get("data_type") for c in columns(model.get("columns"))}
    return found


def test_the_registry_is_what_the_dbt_model_files_declare():
    declared = _declared()
    assert {m: dict(c) for m, c in registry.MARTS.items()} == declared
    assert registry.models_dir().resolve() == MARTS_DIR.resolve()  # the installed project
    assert all(columns and all(columns.values()) for columns in declared.values())  # typed


def test_every_mart_and_column_the_pages_name_is_declared_in_dbt():
    declared = _declared()
    named = {data.LINES, *data.MARTS, *data.GRAINS.values(),
             *(name for frames in data.PAGES.values() for kind, name in frames if kind == "mart")}
    assert named <= set(declared)
    assert set(data.MARTS) == set(declared) - {data.LINES}
    assert set(data.DAY_COLUMNS) <= set(declared[data.GRAINS["day"]])
    for mart, columns in data.PAGE_COLUMNS.items():
        assert set(columns) <= set(declared[mart]), mart
    lines = declared[data.LINES]
    assert list(data.LINE_COLUMNS) == [c for c in lines if c not in data.LINE_HIDDEN]
    assert {c: registry.kind(lines[c]) for c in data.LINE_COLUMNS} == data.LINE_COLUMNS
    assert data.LINE_COLUMNS["sold_at"] == "timestamp" and data.LINE_COLUMNS["sale_date"] == "date"
    assert data.LINE_COLUMNS["is_return"] == "boolean" and data.LINE_COLUMNS["line_no"] == "number"
    assert data.LINE_COLUMNS["upload_id"] == "number" and data.LINE_COLUMNS["product_id"] == "text"


def test_the_pages_have_words_for_every_mart_and_line_column():
    from streamlit_app.i18n import CATALOGUE

    assert {f"mart.{m}" for m in data.MARTS} <= set(CATALOGUE)
    assert {f"line.{c}" for c in data.LINE_COLUMNS} <= set(CATALOGUE)


def test_the_feature_tables_are_those_the_worker_writes():
    from workers import features

    assert set(data.FEATURES) == {table for table, _ in features.TABLES.values()}


def test_a_column_dropped_in_dbt_stops_the_pages_at_import(tmp_path, monkeypatch):
    # The format read generally: anchors, aliases, a list spliced in, data_type optional.
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "_time.yml").write_text("""
models:
  - name: daily_aggregations
    columns: &time
      - &period {name: period_start, data_type: date}
      - {name: net_sales, data_type: numeric}
  - name: weekly_aggregations
    columns: *time
  - name: other
    columns:
      - *period
      - [{name: spliced, data_type: bigint}]
      - {name: untyped}
""")
    read = registry.read(tmp_path)
    assert dict(read["weekly_aggregations"]) == {"period_start": "date", "net_sales": "numeric"}
    assert dict(read["other"]) == {"period_start": "date", "spliced": "bigint", "untyped": None}
    assert registry.require(read, "other", ["spliced"]) == ("spliced",)
    with pytest.raises(RuntimeError, match="declares no column gross_sales"):
        registry.require(read, "daily_aggregations", ["net_sales", "gross_sales"])
    with pytest.raises(RuntimeError, match="declares no mart 'monthly_aggregations'"):
        registry.require(read, "monthly_aggregations")

    # The real registry without one column the cards sum: streamlit_app.data refuses to load.
    dropped = {m: dict(c) for m, c in registry.MARTS.items()}
    del dropped["daily_aggregations"]["net_sales"]
    monkeypatch.setattr(registry, "MARTS", dropped)
    try:
        with pytest.raises(RuntimeError, match="daily_aggregations declares no column net_sales"):
            importlib.reload(data)
    finally:
        monkeypatch.undo()
        importlib.reload(data)
