"""Problems found in lines: one row per (line, column, value, reason), kept as frames.

Rules add whole masks at once (no loop per line); the load decides what rejects a line
(any error) and the report lists every problem, warnings included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.reasons import ERROR, REASONS

COLUMNS = ["line", "column", "value", "code"]


class Problems:
    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(self, lines: np.ndarray, mask: np.ndarray | pd.Series, column: str,
            values: pd.Series | str, code: str) -> None:
        """Record `code` for the lines where `mask` holds; `values` are what the file said."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if isinstance(values, str):
            shown = np.full(int(mask.sum()), values, dtype=object)
        else:
            shown = values.to_numpy(dtype=object)[mask]
        self._parts.append(pd.DataFrame({"line": np.asarray(lines)[mask], "column": column,
                                         "value": shown, "code": code}))

    def extend(self, other: Problems) -> None:
        self._parts.extend(other._parts)

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "line" else object)
                                 for c in COLUMNS})
        return pd.concat(self._parts, ignore_index=True).sort_values("line", kind="stable")

    def error_lines(self) -> np.ndarray:
        """Lines with at least one error (rejected); warnings do not reject."""
        errors = [p["line"].to_numpy() for p in self._parts if REASONS[p["code"].iat[0]][0] == ERROR]
        return np.unique(np.concatenate(errors)) if errors else np.array([], dtype="int64")

    def __len__(self) -> int:
        return sum(len(p) for p in self._parts)
