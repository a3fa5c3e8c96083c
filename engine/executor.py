"""Runs a plan: row features as column operations, attributes through one groupby per model."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from types import MappingProxyType
from typing import Any

import pandas as pd
from pandas.api import types as pdt

from engine.dtypes import conform
from engine.errors import EngineError, FeatureError, MissingColumnError, Skip
from engine.feature import Feature
from engine.grouping import group_rows, grouper
from engine.groups import Groups
from engine.model import Model
from engine.registry import Registry
from engine.resolver import Binding, Cause, Plan, resolve
from engine.result import Result


def default_registry() -> Registry:
    from engine.catalog import registry  # imported late: the catalogue imports the engine

    return registry


def run(
    lines: pd.DataFrame,
    registry: Registry | None = None,
    models: Iterable[str] | None = None,
    as_of: pd.Timestamp | str | None = None,
    params: Mapping[str, Any] | None = None,
    features: Iterable[str] | None = None,
    strict: bool = False,
    threads: int | None = None,
) -> Result:
    """Compute features of ``lines`` (canonical columns) and return one table per model.

    ``models``/``features`` narrow what is computed (default: everything); ``as_of`` is the
    end of the observation window (default: the last ``in_dt``); ``params`` overrides the
    registry's thresholds. With ``strict`` a requested feature that cannot be computed
    raises MissingColumnError instead of being listed in ``Result.skipped``. ``threads``: how
    many models are computed at once (default: one per core; 1 computes them in turn).
    """
    registry = registry or default_registry()
    models = list(models) if models is not None else None
    features = list(features) if features is not None else None
    plan = resolve(registry, lines.columns, features=features, models=models, strict=strict)
    state = _Run(registry, plan, lines, _as_of(as_of, lines), registry.merge_params(params))
    return state.execute(threads or os.cpu_count() or 1)


def _as_of(as_of: pd.Timestamp | str | None, lines: pd.DataFrame) -> pd.Timestamp | None:
    dt = lines["in_dt"] if "in_dt" in lines.columns else None
    if as_of is None:
        return None if dt is None or dt.empty else dt.max()
    as_of = pd.Timestamp(as_of)
    tz = getattr(dt.dtype, "tz", None) if dt is not None else None
    # Comparing naive with aware timestamps fails in pandas, so match the data's awareness.
    if tz is not None and as_of.tzinfo is None:
        return as_of.tz_localize(tz)
    if tz is None and as_of.tzinfo is not None and dt is not None:
        return as_of.tz_localize(None)
    return as_of


class _Run:
    def __init__(
        self,
        registry: Registry,
        plan: Plan,
        lines: pd.DataFrame,
        as_of: pd.Timestamp | None,
        params: dict[str, Any],
    ) -> None:
        self.registry, self.plan, self.lines = registry, plan, lines
        self.as_of, self.params = as_of, params
        self.skipped: dict[str, Cause] = dict(plan.skipped)
        # One namespace for everything row-level: the data's columns, then row features.
        self.rows: dict[str, pd.Series] = {str(c): lines[c] for c in lines.columns}
        # The text keys of models over every line are factorised once, as categoricals: the
        # groupings by them and the features that need their codes (in_product_id: baskets,
        # top products) reuse the codes instead of hashing the strings again. The key of a
        # model with a row filter is factorised by its grouping, on the filtered rows only.
        for name in self._text_keys():
            self.rows[name] = self.rows[name].astype("category")

    def _text_keys(self) -> list[str]:
        planned = {f.model for f in self.plan.order if f.kind == "attribute"}
        models = [m for m in self.registry.models.values() if m.name in planned and not m.grain and not m.where]
        keys = dict.fromkeys(k for m in models for k in m.keys)
        return [k for k in keys if k in self.rows and _is_text(self.rows[k])]

    def execute(self, threads: int) -> Result:
        row_model = next((m for m in self.registry.models.values() if m.is_row_model), Model(name="lines"))
        computed: dict[str, pd.Series] = {}
        for f in self.plan.order:
            if f.kind == "row":
                value = self._call(f, lambda name, b: self.rows[name], self.lines.index)
                if value is not None:
                    self.rows[f.name] = computed[f.name] = value
        tables = {row_model.name: self.lines.assign(**computed) if computed else self.lines.copy(deep=False)}
        work = [(m, [f for f in self.plan.order if f.kind == "attribute" and f.model == m.name])
                for m in self.registry.models.values()]
        work = [(model, attrs) for model, attrs in work if attrs]
        # The models only read the row features, so they can run side by side: most of their
        # time is in numpy and pandas' grouped kernels, which let other threads run meanwhile.
        if threads > 1 and len(work) > 1:
            with ThreadPoolExecutor(min(threads, len(work)), thread_name_prefix="gabeda") as pool:
                futures = [pool.submit(self._model, model, attrs) for model, attrs in work]
                built = [future.result() for future in futures]
        else:
            built = [self._model(model, attrs) for model, attrs in work]
        for (model, _), table in zip(work, built, strict=True):
            if table is not None:
                tables[model.name] = table
        # In plan order whatever order the models finished in, so results compare equal.
        order = {f.id: i for i, f in enumerate(self.plan.order)}
        causes = sorted(self.skipped.items(), key=lambda item: order.get(item[0], -1))
        skipped = {fid: cause.reason for fid, cause in causes}
        return Result(tables, skipped, self.as_of, self.params, row_model.name)

    def _model(self, model: Model, attrs: list[Feature]) -> pd.DataFrame | None:
        for name in model.row_inputs:
            fid = f"{model.source}.{name}"
            if fid in self.skipped:  # skipped while running (the resolver caught the static cases)
                cause = self.skipped[fid].via(fid)
                for f in attrs:
                    self._skip(f, Cause(f"model {model.name}: {cause.reason}", cause.root, cause.columns))
                return None
        names = list(model.row_inputs)
        for f in attrs:
            names += [n for n, b in self.plan.bindings[f.id].items() if self._is_row_level(b) and n in self.rows]
        data = pd.DataFrame({n: self.rows[n] for n in dict.fromkeys(names)}, copy=False)
        if model.where:
            keep = self.rows[model.where].to_numpy(dtype=bool, na_value=False)
            if not keep.all():
                data = data.loc[keep]
        if model.grain:
            return self._grain_model(model, attrs, data)
        # One grouping for the whole model: the rows' group numbers are computed once (see
        # engine.grouping), and every gb[column] groups by those codes without hashing.
        groups, index = group_rows(data, model.keys)
        by_key = grouper(groups, index, data.index)
        gb = data.groupby(by_key, sort=True, observed=True, dropna=True)
        labels = pd.CategoricalIndex(by_key.cat.categories, dtype=by_key.dtype, name=by_key.name)
        values: dict[str, pd.Series] = {}

        def fetch(name: str, b: Binding) -> Any:
            return gb[name] if self._is_row_level(b) else values[name]

        # Attributes see the groupby's labels (the keys; tuples of them with several keys);
        # the table gets the plain index.
        for f in attrs:
            value = self._call(f, fetch, labels, groups)
            if value is not None:
                values[f.name] = value
        if not values:
            return None
        return pd.DataFrame({name: v.array for name, v in values.items()}, index=index)

    def _grain_model(self, model: Model, attrs: list[Feature], data: pd.DataFrame) -> pd.DataFrame | None:
        """A model whose rows its grain attribute builds: inputs are whole (filtered) Series."""
        values: dict[str, pd.Series] = {}

        def fetch(name: str, b: Binding) -> Any:
            return data[name] if self._is_row_level(b) else values[name]

        grain = self.registry.features[f"{model.name}.{model.grain}"]
        if attrs[0] is not grain:  # the resolver puts the grain first; anything else is a bug
            raise FeatureError(grain.id, "did not run before the other attributes of its model")
        value = self._call(grain, fetch, None)
        if value is None:
            for f in attrs[1:]:
                self._skip(f, self.skipped[grain.id].via(grain.id))
            return None
        if list(value.index.names) != list(model.keys):
            raise FeatureError(grain.id, f"must return a Series indexed by {model.keys}, got {value.index.names}")
        values[grain.name] = value
        for f in attrs[1:]:
            computed = self._call(f, fetch, value.index)
            if computed is not None:
                values[f.name] = computed
        return pd.DataFrame(values, index=value.index, copy=False)

    def _special(self, f: Feature, name: str, groups: Groups | None) -> Any:
        if name == "as_of":
            return self.as_of
        if name == "params":
            # Read-only view: one feature must not change the thresholds another one sees.
            return MappingProxyType(self.params)
        if groups is None:
            raise FeatureError(f.id, "asks for groups, which only attributes of a grouped model (no grain) get")
        return groups

    def _is_row_level(self, b: Binding) -> bool:
        return b.kind == "column" or (b.kind == "feature" and self.registry.features[b.ref].kind == "row")

    def _call(
        self,
        f: Feature,
        fetch: Callable[[str, Binding], Any],
        index: pd.Index | None,
        groups: Groups | None = None,
    ) -> pd.Series | None:
        """Call ``f`` with its inputs; ``index=None`` (a grain) keeps the index the function returns."""
        kwargs: dict[str, Any] = {}
        for name, b in self.plan.bindings[f.id].items():
            if b.kind == "special":
                kwargs[name] = self._special(f, name, groups)
            elif b.kind == "feature" and b.ref in self.skipped:
                if name not in f.optional:
                    self._skip(f, self.skipped[b.ref].via(b.ref))
                    return None
            else:
                kwargs[name] = fetch(name, b)
        try:
            value = f.func(**kwargs)
        except Skip as skip:
            self._skip(f, Cause(skip.reason, skip.reason, skip.columns))
            return None
        except EngineError:
            raise
        except Exception as exc:  # name the feature, keep the original traceback
            raise FeatureError(f.id, f"raised {type(exc).__name__}: {exc}") from exc
        if index is None:
            if not isinstance(value, pd.Series):
                raise FeatureError(f.id, "builds the rows of its model, so it must return a Series")
            index = value.index
        return conform(f, value, index)

    def _skip(self, f: Feature, cause: Cause) -> None:
        if self.plan.strict and f.id in self.plan.requested:
            raise MissingColumnError(f.id, cause.columns, cause.reason)
        self.skipped[f.id] = cause


def _is_text(s: pd.Series) -> bool:
    return pdt.is_string_dtype(s.dtype) or pdt.is_object_dtype(s.dtype)


__all__ = ["run", "default_registry"]
