"""GabeDA, the feature engine: canonical transaction lines in, feature tables out.

Pure pandas: no database, Redis or UI here; callers read and write.

    from engine import run
    result = run(lines)                      # the default catalogue (engine.catalog)
    result.lines                             # lines + row features
    result.tables["customers"]               # one row per in_customer_id (also products, baskets, hours)
    result.skipped                           # {"customers.revenue": "needs ... (column in_customer_id is absent)"}

Every feature, its inputs, unit and meaning, and every threshold: docs/features.md, written
by ``python -m engine.reference``.
"""

from engine.errors import (
    CycleError,
    EngineError,
    FeatureError,
    MissingColumnError,
    RegistryError,
    Skip,
    UnknownFeatureError,
    UnknownInputError,
)
from engine.executor import default_registry, run
from engine.feature import Feature
from engine.groups import Groups
from engine.model import Model
from engine.registry import Registry
from engine.resolver import Plan, resolve
from engine.result import Result


def __getattr__(name: str) -> object:
    # Imported on first use, so `python -m engine.reference` does not find it loaded already.
    if name == "reference_markdown":
        from engine.reference import reference_markdown

        return reference_markdown
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


__all__ = [
    "CycleError",
    "EngineError",
    "Feature",
    "FeatureError",
    "Groups",
    "MissingColumnError",
    "Model",
    "Plan",
    "Registry",
    "RegistryError",
    "Result",
    "Skip",
    "UnknownFeatureError",
    "UnknownInputError",
    "default_registry",
    "reference_markdown",
    "resolve",
    "run",
]
