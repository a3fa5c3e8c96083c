"""What a run returns: one DataFrame per model, plus what was skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Result:
    """``tables["lines"]`` is the input frame plus row features (same index); every other
    table is indexed by its model's keys (e.g. ``in_customer_id``), one column per attribute.
    A model whose features were all skipped has no table.
    """

    tables: dict[str, pd.DataFrame]
    skipped: dict[str, str] = field(default_factory=dict)  # feature id -> reason
    as_of: pd.Timestamp | None = None
    params: dict[str, Any] = field(default_factory=dict)
    row_model: str = "lines"

    @property
    def lines(self) -> pd.DataFrame:
        return self.tables[self.row_model]

    def __getitem__(self, model: str) -> pd.DataFrame:
        if model not in self.tables:
            why = {k: v for k, v in self.skipped.items() if k.startswith(model + ".")}
            raise KeyError(f"no table for model {model!r}; skipped: {why or 'not requested'}")
        return self.tables[model]
