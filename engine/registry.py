"""The registry: the models, features, known columns and params of a catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from engine.errors import RegistryError, UnknownFeatureError
from engine.feature import Feature
from engine.model import Model

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Column:
    """A column the catalogue knows. Absent optional columns skip features; absent required ones fail."""

    name: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Param:
    """A threshold or setting features can read through the special input ``params``."""

    name: str
    default: Any
    description: str = ""


class Registry:
    """Holds declarations; the resolver and executor read it, nothing here touches data."""

    def __init__(self) -> None:
        self._models: dict[str, Model] = {}
        self._features: dict[str, Feature] = {}
        self._columns: dict[str, Column] = {}
        self._params: dict[str, Param] = {}

    # -- declarations -------------------------------------------------------------

    def model(
        self,
        name: str,
        keys: Iterable[str] = (),
        source: str | None = None,
        where: str | None = None,
        description: str = "",
        grain: str | None = None,
    ) -> Model:
        """Declare a model. Without ``source`` it is the row model; otherwise a grouping of it
        (or, with ``grain``, a table built by that attribute: see Model)."""
        if name in self._models:
            raise RegistryError(f"model {name!r} is declared twice")
        keys = tuple(keys)
        if source is None and (keys or where or grain):
            raise RegistryError(f"model {name!r}: keys, where and grain need a source model")
        if source is not None:
            if source not in self._models or not self._models[source].is_row_model:
                raise RegistryError(f"model {name!r}: source {source!r} is not a declared row model")
            if not keys:
                raise RegistryError(f"model {name!r}: a grouped model needs keys")
        model = Model(name=name, keys=keys, source=source, where=where, grain=grain, description=description)
        self._models[name] = model
        return model

    def column(self, name: str, *, required: bool = False, description: str = "") -> Column:
        column = Column(name, required, description)
        self._columns[name] = column
        return column

    def param(self, name: str, default: Any, description: str = "") -> Param:
        if name in self._params:
            raise RegistryError(f"param {name!r} is declared twice")
        param = Param(name, default, description)
        self._params[name] = param
        return param

    def add(self, feature: Feature) -> Feature:
        model = self._models.get(feature.model)
        if model is None:
            raise RegistryError(f"feature {feature.id}: model {feature.model!r} is not declared")
        if (feature.kind == "row") != model.is_row_model:
            want = "row" if model.is_row_model else "attribute"
            raise RegistryError(f"feature {feature.id}: model {model.name} takes {want} features")
        if feature.id in self._features:
            raise RegistryError(f"feature {feature.id} is declared twice")
        if feature.name in self._columns:
            raise RegistryError(f"feature {feature.id} has the name of a column")
        self._features[feature.id] = feature
        return feature

    def row(
        self,
        model: str = "lines",
        *,
        dtype: str,
        unit: str = "",
        description: str = "",
        needs: Iterable[str] = (),
        name: str | None = None,
    ) -> Callable[[F], F]:
        """Decorator: register a row feature (Series in, Series of the same length out)."""
        return self._decorator(model, "row", dtype, unit, description, needs, name)

    def attribute(
        self,
        model: str,
        *,
        dtype: str,
        unit: str = "",
        description: str = "",
        needs: Iterable[str] = (),
        name: str | None = None,
    ) -> Callable[[F], F]:
        """Decorator: register an attribute (SeriesGroupBy in, Series indexed by the keys out)."""
        return self._decorator(model, "attribute", dtype, unit, description, needs, name)

    def _decorator(self, model, kind, dtype, unit, description, needs, name) -> Callable[[F], F]:
        def register(func: F) -> F:
            self.add(
                Feature(
                    name=name or func.__name__,
                    func=func,
                    model=model,
                    kind=kind,
                    dtype=dtype,
                    unit=unit,
                    description=description or (func.__doc__ or "").strip(),
                    needs=tuple(needs),
                )
            )
            return func  # left undecorated so it stays callable in tests

        return register

    # -- reading ------------------------------------------------------------------

    @property
    def models(self) -> Mapping[str, Model]:
        return MappingProxyType(self._models)

    @property
    def features(self) -> Mapping[str, Feature]:
        """Features by qualified id (``model.name``), in registration order."""
        return MappingProxyType(self._features)

    @property
    def columns(self) -> Mapping[str, Column]:
        return MappingProxyType(self._columns)

    @property
    def params(self) -> Mapping[str, Param]:
        return MappingProxyType(self._params)

    def get(self, model: str, name: str) -> Feature | None:
        return self._features.get(f"{model}.{name}")

    def features_of(self, model: str) -> list[Feature]:
        if model not in self._models:
            raise UnknownFeatureError(f"unknown model {model!r}; known: {', '.join(self._models)}")
        return [f for f in self._features.values() if f.model == model]

    def lookup(self, name: str) -> Feature:
        """Find a feature by ``model.name`` or by a bare name that only one model uses."""
        if name in self._features:
            return self._features[name]
        found = [f for f in self._features.values() if f.name == name]
        if len(found) == 1:
            return found[0]
        if found:
            ids = ", ".join(f.id for f in found)
            raise UnknownFeatureError(f"feature name {name!r} is ambiguous; say one of: {ids}")
        raise UnknownFeatureError(f"unknown feature {name!r}")

    def merge_params(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with the caller's values; an unknown name is a typo, so it fails."""
        merged = {p.name: p.default for p in self._params.values()}
        unknown = sorted(set(overrides or {}) - set(merged))
        if unknown:
            raise RegistryError(f"unknown param(s) {', '.join(unknown)}; known: {', '.join(merged) or 'none'}")
        merged.update(overrides or {})
        return merged
