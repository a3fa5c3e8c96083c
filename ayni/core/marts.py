"""The marts and their columns, as the dbt project declares them: the one registry.

Read at start-up from the model files of the installed dbt project
(ayni.core.dbt.PROJECT_DIR/models/marts/, every .yml below it: `models:` - `name`,
`columns:` - `name`, `data_type`; YAML anchors and aliases allowed), not from dbt's
manifest, which exists only after a first dbt run (a fresh installation has none) and
lives in each installation's data dir. The marts' contracts are enforced, so what the
files declare is what the tables hold.

Pages and downloads (streamlit_app/data.py) take the marts they may read and the columns
they name from here and refuse, at import, a column the registry does not have: a column
dropped in dbt fails at start-up and in the tests (tests/unit/test_marts_registry.py),
not on a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

import yaml

# A mart's column data_type -> the kind of its cells in a file (ayni.core.xlsx.KINDS): the
# first word found in the type's name.
_KINDS = (("timestamp", "timestamp"), ("date", "date"), ("bool", "boolean"),
          ("int", "number"), ("numeric", "number"), ("decimal", "number"),
          ("double", "number"), ("real", "number"), ("float", "number"),
          ("text", "text"), ("char", "text"), ("varchar", "text"))


def models_dir() -> Path:
    from ayni.core.dbt import PROJECT_DIR

    return PROJECT_DIR / "models" / "marts"


def read(folder: Path | None = None) -> Mapping[str, Mapping[str, str | None]]:
    """{mart: {column: data_type}} of every model declared under `folder` (default: the
    installed project's marts), in file and declaration order."""
    folder = folder or models_dir()
    marts: dict[str, dict[str, str | None]] = {}
    for path in sorted(folder.rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models") or ():
            columns = {column["name"]: _data_type(column) for column in _flat(model.get("columns"))}
            if model["name"] in marts:
                raise ValueError(f"{path}: model {model['name']} declared twice")
            marts[model["name"]] = MappingProxyType(columns)
    if not marts:
        raise RuntimeError(f"no dbt models declared under {folder}")
    return MappingProxyType(marts)


def kind(data_type: str | None) -> str:
    """The cell kind of a column's data_type (text when dbt does not say)."""
    name = (data_type or "text").lower()
    return next((k for word, k in _KINDS if word in name), "text")


def require(marts: Mapping[str, Mapping[str, str | None]], mart: str,
            columns: Iterable[str] = ()) -> tuple[str, ...]:
    """`columns` (a tuple), after checking that `mart` declares each of them."""
    if mart not in marts:
        raise RuntimeError(f"the dbt project declares no mart {mart!r} (models/marts/*.yml)")
    columns = tuple(columns)
    missing = [c for c in columns if c not in marts[mart]]
    if missing:
        raise RuntimeError(f"mart {mart} declares no column {', '.join(missing)} "
                           "(models/marts/*.yml)")
    return columns


def _flat(columns) -> Iterable[dict]:
    """A model's columns, with lists spliced in by YAML aliases flattened."""
    for column in columns or ():
        if isinstance(column, list):
            yield from _flat(column)
        else:
            yield column


def _data_type(column: dict) -> str | None:
    value = column.get("data_type")
    return str(value).strip() if value is not None else None


MARTS = read()
