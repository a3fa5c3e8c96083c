"""¿Qué cambió? The change in sales between two periods, split into the parts that made it.

Every split is exact: its parts add up to the change to the peso.
- By product, category or customer: each key's sales now minus before (the dimension marts
  add up to the month's sales, lines without a customer or category under their own key);
  the largest changes by size are named, the others summed as one part.
- New against returning customers: sales to customers whose first purchase falls in the
  period, to those who had bought before, and to unidentified buyers, now minus before.
- Documents against ticket: sales = documents × average ticket, and
  S1 − S0 = (D1 − D0)·(T0 + T1)/2 + (T1 − T0)·(D0 + D1)/2 exactly (the midpoint split,
  which gives neither factor the cross term).
Parts are rounded to pesos with the rounding remainder given to the largest part, so the
written parts add up to the written change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

OTHERS = "__others__"
NEW, RETURNING, UNIDENTIFIED = "__new__", "__returning__", "__unidentified__"
DOCUMENTS, TICKET = "__documents__", "__ticket__"


@dataclass(frozen=True)
class Part:
    key: str            # a product, category or customer id, or one of the markers above
    label: str          # what a person reads (a product's name), filled by the page
    amount: int         # pesos this part added (negative: took away)


@dataclass(frozen=True)
class Split:
    before: int
    now: int
    parts: tuple[Part, ...]

    @property
    def change(self) -> int:
        return self.now - self.before


def _pesos(values: dict[str, float], before: float, now: float) -> dict[str, int]:
    """Round each part to pesos so that they add up to round(now) − round(before)."""
    change = round(now) - round(before)
    rounded = {k: round(v) for k, v in values.items()}
    remainder = change - sum(rounded.values())
    if rounded and remainder:
        largest = max(rounded, key=lambda k: abs(values[k]))
        rounded[largest] += remainder
    return rounded


def by_key(before: pd.Series, now: pd.Series, top: int = 5,
           labels: dict[str, str] | None = None) -> Split:
    """Sales per key (index) in each period; the `top` largest changes and the rest."""
    keys = before.index.union(now.index)
    delta = now.reindex(keys, fill_value=0).astype(float) - before.reindex(
        keys, fill_value=0).astype(float)
    order = delta.abs().sort_values(ascending=False, kind="stable").index
    named = [k for k in order[:top] if delta[k] != 0]
    values = {str(k): float(delta[k]) for k in named}
    rest = float(delta.drop(named).sum())
    if len(keys) > len(named) and round(rest) != 0:
        values[OTHERS] = rest
    amounts = _pesos(values, float(before.sum()), float(now.sum()))
    names = labels or {}
    return Split(round(float(before.sum())), round(float(now.sum())),
                 tuple(Part(k, names.get(k, k), amounts[k]) for k in values))


def new_and_returning(before: dict[str, float], now: dict[str, float]) -> Split:
    """`before`/`now`: sales of new, returning and unidentified buyers in each period."""
    keys = (NEW, RETURNING, UNIDENTIFIED)
    values = {k: now.get(k, 0.0) - before.get(k, 0.0) for k in keys}
    total_before, total_now = sum(before.get(k, 0.0) for k in keys), sum(
        now.get(k, 0.0) for k in keys)
    amounts = _pesos(values, total_before, total_now)
    return Split(round(total_before), round(total_now),
                 tuple(Part(k, k, amounts[k]) for k in keys if values[k] or k != UNIDENTIFIED))


def documents_and_ticket(sales_before: float, documents_before: float, sales_now: float,
                         documents_now: float) -> Split:
    """The midpoint split of S = D × T."""
    ticket_before = sales_before / documents_before if documents_before else 0.0
    ticket_now = sales_now / documents_now if documents_now else 0.0
    values = {
        DOCUMENTS: (documents_now - documents_before) * (ticket_before + ticket_now) / 2,
        TICKET: (ticket_now - ticket_before) * (documents_before + documents_now) / 2,
    }
    amounts = _pesos(values, sales_before, sales_now)
    return Split(round(sales_before), round(sales_now),
                 tuple(Part(k, k, amounts[k]) for k in values))


def customer_groups(frame: pd.DataFrame, start: pd.Timestamp) -> dict[str, float]:
    """Sales of new, returning and unidentified buyers in the months of `frame` (rows of
    customer_aggregations: customer_id, is_identified, net_sales, first_purchase_date);
    new = first purchase on or after `start`, the period's first day."""
    if frame.empty:
        return {NEW: 0.0, RETURNING: 0.0, UNIDENTIFIED: 0.0}
    known = frame["is_identified"].fillna(False).astype(bool)
    first = pd.to_datetime(frame["first_purchase_date"])
    is_new = known & (first >= start)
    sales = frame["net_sales"].astype(float)
    return {NEW: float(sales[is_new].sum()), RETURNING: float(sales[known & ~is_new].sum()),
            UNIDENTIFIED: float(sales[~known].sum())}


def largest(split: Split, count: int = 2) -> tuple[list[Part], list[Part]]:
    """The parts that added most and those that took away most, biggest first (never the
    "others" part: a sentence names real things)."""
    real = [p for p in split.parts if p.key != OTHERS]
    up = sorted((p for p in real if p.amount > 0), key=lambda p: -p.amount)[:count]
    down = sorted((p for p in real if p.amount < 0), key=lambda p: p.amount)[:count]
    return up, down
