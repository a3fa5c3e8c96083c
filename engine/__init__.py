"""GabeDA, the feature engine: canonical transaction lines in, feature tables out.

Pure pandas: no database, Redis or UI here; callers read and write.

    from engine import run
    result = run(lines)                      # the default catalogue (engine.catalog)
    result.lines                             # lines + row features
    result.tables["customers"]               # one row per in_customer_id
    result.skipped                           # {"customers.revenue": "needs ... (column in_customer_id is absent)"}
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
from engine.model import Model
from engine.reference import reference_markdown
from engine.registry import Registry
from engine.resolver import Plan, resolve
from engine.result import Result

__all__ = [
    "CycleError",
    "EngineError",
    "Feature",
    "FeatureError",
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
