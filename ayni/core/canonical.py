"""The canonical transaction line (docs/PRODUCT.md): the interface between loaders, engine and dbt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["timestamp", "text", "numeric"]
Need = Literal["required", "optional", "inferable"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    need: Need
    meaning: str


COLUMNS: tuple[Column, ...] = (
    Column("in_dt", "timestamp", "required", "date and time of the sale"),
    Column("in_trans_id", "text", "required", "document number (boleta/factura/ticket)"),
    Column("in_product_id", "text", "required", "SKU or product code"),
    Column("in_quantity", "numeric", "required", "units or kilograms sold (negative on a return)"),
    Column("in_price_total", "numeric", "required", "line amount charged, CLP, after discount"),
    Column("in_trans_type", "text", "optional", "sale, return, exchange or the source's type"),
    Column("in_customer_id", "text", "optional", "client code, RUT or name"),
    Column("in_description", "text", "optional", "product name"),
    Column("in_category", "text", "optional", "product category"),
    Column("in_unit_type", "text", "optional", "unit, kg, box …"),
    Column("in_stock", "numeric", "optional", "stock on hand after the sale"),
    Column("in_price_unit", "numeric", "inferable", "list price per unit"),
    Column("in_cost_unit", "numeric", "inferable", "cost per unit"),
    Column("in_cost_total", "numeric", "inferable", "cost of the line"),
    Column("in_discount_total", "numeric", "inferable", "discount already deducted"),
    Column("in_commission_total", "numeric", "inferable", "commission on the line"),
    Column("in_margin", "numeric", "inferable", "price total - cost total - commission"),
)

BY_NAME = {c.name: c for c in COLUMNS}
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.need == "required")
NUMERIC: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "numeric")
TEXT: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "text")
