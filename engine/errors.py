"""Exceptions of the feature engine; every message names the features involved."""

from __future__ import annotations

from collections.abc import Sequence


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class RegistryError(EngineError):
    """A feature, model, column or param was declared wrongly (duplicate, bad dtype …)."""


class UnknownFeatureError(EngineError):
    """A caller asked for a feature or model the registry does not have."""


class CycleError(EngineError):
    """Features depend on each other in a loop."""

    def __init__(self, path: Sequence[str]) -> None:
        self.path = tuple(path)
        super().__init__("dependency cycle between features: " + " -> ".join(self.path))


class UnknownInputError(EngineError):
    """A feature names an input that is neither a column of the data nor a feature."""

    def __init__(self, feature: str, name: str, scope: str) -> None:
        self.feature, self.input = feature, name
        super().__init__(
            f"feature {feature} needs input '{name}', which is neither a column of the data "
            f"nor a feature of model {scope} (nor a special input: as_of, params, groups)"
        )


class MissingColumnError(EngineError):
    """A feature that must run needs a column the data lacks."""

    def __init__(self, feature: str, columns: Sequence[str], reason: str = "") -> None:
        self.feature, self.columns = feature, tuple(columns)
        cols = ", ".join(self.columns) or "?"
        detail = f": {reason}" if reason else ""
        super().__init__(f"feature {feature} needs column(s) {cols}, which the data lacks{detail}")


class FeatureError(EngineError):
    """A feature function failed or returned something that does not fit its declaration."""

    def __init__(self, feature: str, message: str) -> None:
        self.feature = feature
        super().__init__(f"feature {feature}: {message}")


class Skip(Exception):
    """Raised by a feature function to say it cannot be computed from this data.

    Not an error: the engine records the reason in ``Result.skipped`` and skips the
    features that depend on it (or raises MissingColumnError under ``strict``).
    """

    def __init__(self, reason: str, columns: Sequence[str] = ()) -> None:
        self.reason, self.columns = reason, tuple(columns)
        super().__init__(reason)
