"""A model: the grain a feature is computed at (lines, or groups of lines by keys)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Model:
    """``source=None`` marks the row model (the lines themselves, where row features live).

    Other models group the rows of ``source`` by ``keys`` (columns or row features),
    optionally keeping only the rows where the boolean row feature ``where`` is true.

    A model whose rows are not groups of lines (e.g. pairs of products bought together)
    names a ``grain``: the attribute that builds its rows. That attribute returns a Series
    indexed by ``keys``; the model's table takes its index, and the model's attributes get
    row-level inputs as whole Series (after ``where``) instead of SeriesGroupBy.
    """

    name: str
    keys: tuple[str, ...] = ()
    source: str | None = None
    where: str | None = None
    grain: str | None = None
    description: str = ""

    @property
    def is_row_model(self) -> bool:
        return self.source is None

    @property
    def row_inputs(self) -> tuple[str, ...]:
        """Row-level names every attribute of this model implicitly depends on."""
        keys = () if self.grain else self.keys  # a grain model's keys are made by its grain
        return keys + ((self.where,) if self.where else ())
