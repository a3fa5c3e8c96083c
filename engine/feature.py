"""A feature: a plain function whose parameter names are its inputs, plus its declaration."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import RegistryError

KINDS = ("row", "attribute")
DTYPES = ("int", "float", "text", "date", "timestamp", "bool")
# Inputs the engine provides itself rather than reading from the data: the end of the
# observation window, the thresholds, and (attributes of a grouped model) engine.groups.Groups.
SPECIAL_INPUTS = frozenset({"as_of", "params", "groups"})


@dataclass(frozen=True, kw_only=True)
class Feature:
    """One feature of a model.

    ``kind="row"``: one value per line; inputs arrive as pandas Series of the whole frame.
    ``kind="attribute"``: one value per group of the model's keys; row-level inputs arrive
    as SeriesGroupBy, attributes of the same model as Series labelled like the SeriesGroupBy
    results (by the key; by tuples of the keys in a model with several keys), and the special
    input ``groups`` gives each row's group number (engine.groups). An attribute may return
    such a Series or an array in group order. In a model with a ``grain``, row-level inputs
    arrive as whole Series instead.
    A parameter with a default value is an optional input: when the column is absent or
    the feature it names is skipped, the function is called without it.
    """

    name: str
    func: Callable[..., Any]
    model: str
    kind: str
    dtype: str
    unit: str = ""
    description: str = ""
    needs: tuple[str, ...] = ()  # optional canonical columns without which it is skipped
    inputs: tuple[str, ...] | None = None  # read from the signature when not given
    optional: frozenset[str] | None = None  # inputs with a default value

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise RegistryError(f"feature name {self.name!r} is not a Python identifier")
        if self.name in SPECIAL_INPUTS:
            raise RegistryError(f"feature name {self.name!r} is reserved for a special input")
        if self.kind not in KINDS:
            raise RegistryError(f"feature {self.id}: kind {self.kind!r} is not one of {KINDS}")
        if self.dtype not in DTYPES:
            raise RegistryError(f"feature {self.id}: dtype {self.dtype!r} is not one of {DTYPES}")
        if self.inputs is None or self.optional is None:
            inputs, optional = _signature_inputs(self.func, self.id)
            object.__setattr__(self, "inputs", inputs if self.inputs is None else tuple(self.inputs))
            object.__setattr__(self, "optional", optional if self.optional is None else frozenset(self.optional))
        object.__setattr__(self, "needs", tuple(self.needs))

    @property
    def id(self) -> str:
        """Qualified name, unique in a registry: ``model.name``."""
        return f"{self.model}.{self.name}"

    def __call__(self, **kwargs: Any) -> Any:
        return self.func(**kwargs)


def _signature_inputs(func: Callable[..., Any], fid: str) -> tuple[tuple[str, ...], frozenset[str]]:
    names: list[str] = []
    optional: set[str] = set()
    for p in inspect.signature(func).parameters.values():
        if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            # Inputs are passed by name, so *args, **kwargs and positional-only cannot be bound.
            raise RegistryError(f"feature {fid}: parameter {p.name!r} must be a named parameter")
        names.append(p.name)
        if p.default is not p.empty:
            optional.add(p.name)
    return tuple(names), frozenset(optional)
