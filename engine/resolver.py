"""Turns requested features into an execution order, binding every input to its source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from engine.errors import CycleError, MissingColumnError, UnknownInputError
from engine.feature import SPECIAL_INPUTS, Feature
from engine.model import Model
from engine.registry import Registry


@dataclass(frozen=True)
class Binding:
    """Where an input's value comes from."""

    kind: Literal["special", "feature", "column"]
    ref: str  # special name, feature id or column name


@dataclass(frozen=True)
class Cause:
    """Why a feature cannot run: a readable reason, its root cause and the absent columns."""

    reason: str
    root: str
    columns: tuple[str, ...] = ()

    @classmethod
    def absent(cls, column: str) -> Cause:
        text = f"column {column} is absent"
        return cls(text, text, (column,))

    def via(self, dep_id: str) -> Cause:
        """The cause seen by a dependant: the direct dependency, then the root reason."""
        return Cause(f"needs {dep_id} ({self.root})", self.root, self.columns)


@dataclass
class Plan:
    order: list[Feature]  # runnable features, every dependency before its dependants
    bindings: dict[str, dict[str, Binding]]  # feature id -> input name -> source
    requested: frozenset[str]
    strict: bool
    skipped: dict[str, Cause] = field(default_factory=dict)


def resolve(
    registry: Registry,
    columns: Iterable[str],
    features: Iterable[str] | None = None,
    models: Iterable[str] | None = None,
    strict: bool = False,
) -> Plan:
    """Order ``features`` (names or ``model.name``) plus every feature of ``models``.

    Nothing requested means every feature of the registry. Features needing an absent
    optional column are skipped (with their dependants) unless ``strict`` and requested.
    """
    wanted: list[Feature] = [registry.lookup(name) for name in features or ()]
    if models is not None:
        wanted += [f for m in models for f in registry.features_of(m)]
    elif features is None:
        wanted = list(registry.features.values())
    walk = _Walk(registry, frozenset(map(str, columns)))
    for f in wanted:
        walk.visit(f)
    requested = frozenset(f.id for f in wanted)
    if strict:
        for f in wanted:
            if f.id in walk.skipped:
                cause = walk.skipped[f.id]
                raise MissingColumnError(f.id, cause.columns, cause.reason)
    return Plan(walk.order, walk.bindings, requested, strict, walk.skipped)


class _Walk:
    """Depth-first walk: post-order gives a topological order; the stack gives cycle paths."""

    def __init__(self, registry: Registry, columns: frozenset[str]) -> None:
        self.registry, self.columns = registry, columns
        self.order: list[Feature] = []
        self.bindings: dict[str, dict[str, Binding]] = {}
        self.skipped: dict[str, Cause] = {}
        self.done: set[str] = set()
        self.stack: list[str] = []

    def visit(self, f: Feature) -> None:
        if f.id in self.done:
            return
        if f.id in self.stack:
            raise CycleError(self.stack[self.stack.index(f.id) :] + [f.id])
        self.stack.append(f.id)
        bindings: dict[str, Binding] = {}
        causes: list[Cause] = []
        for name in f.inputs:
            binding, cause = self._bind(f, name)
            if binding is not None:
                bindings[name] = binding
            if cause is not None:
                causes.append(cause)
        for name in f.needs:
            if name not in f.inputs and name not in self.columns:
                causes.append(Cause.absent(name))
        model = self.registry.models[f.model]
        for name in model.row_inputs:  # an attribute also needs its model's keys and row filter
            _, cause = self._bind(f, name, scope=model.source, implicit=True)
            if cause is not None:
                causes.append(Cause(f"model {model.name}: {cause.reason}", cause.root, cause.columns))
        if model.grain and f.name != model.grain:  # the rows of the table come first
            cause = self._grain(f, model)
            if cause is not None:
                causes.append(cause)
        self.stack.pop()
        self.done.add(f.id)
        if causes:
            self.skipped[f.id] = causes[0]
        else:
            self.order.append(f)
            self.bindings[f.id] = bindings

    def _grain(self, f: Feature, model: Model) -> Cause | None:
        grain = self.registry.get(model.name, model.grain or "")
        if grain is None:
            raise UnknownInputError(f.id, str(model.grain), f"{model.name} (its grain)")
        self.visit(grain)
        if grain.id in self.skipped:
            return self.skipped[grain.id].via(grain.id)
        return None

    def _bind(
        self, f: Feature, name: str, scope: str | None = None, implicit: bool = False
    ) -> tuple[Binding | None, Cause | None]:
        """Bind one input. Lookup order: special, same-model feature, row feature, column."""
        optional = not implicit and name in f.optional
        if name in SPECIAL_INPUTS and not implicit:
            return Binding("special", name), None
        model = self.registry.models[f.model]
        row_model = scope or (model.source or model.name)
        dep = None if implicit else self.registry.get(f.model, name)
        dep = dep or self.registry.get(row_model, name)
        if dep is not None:
            self.visit(dep)
            if dep.id in self.skipped:
                # An optional input whose feature is skipped is simply left out of the call.
                return None, None if optional else self.skipped[dep.id].via(dep.id)
            return Binding("feature", dep.id), None
        if name in self.columns:
            return Binding("column", name), None
        if optional:
            return None, None
        known = self.registry.columns.get(name)
        if name in f.needs or (known is not None and not known.required):
            return None, Cause.absent(name)
        if known is not None:
            raise MissingColumnError(f.id, [name])
        scope_name = row_model if model.is_row_model else f"{model.name} or {row_model}"
        raise UnknownInputError(f.id, name, scope_name)
