"""Which source column feeds each canonical field: proposals with a confidence, and the saved mapping.

A proposal combines how the header reads (Spanish and English synonyms, fuzzy matched) with what
the values look like (dates, numbers, RUTs, codes, text, how often values repeat). The user
confirms or corrects it once; the mapping is saved as JSON and reused for the next upload.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from dataclasses import field as dc_field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from loaders import canonical
from loaders.formats import (DateFormat, NumberFormat, detect_date_format, detect_file_number_style,
                             detect_number_formats, is_blank, parse_numbers)

MONEY: frozenset[str] = frozenset({"in_price_total", "in_price_unit", "in_cost_unit", "in_cost_total",
                                   "in_discount_total", "in_commission_total", "in_margin"})
MIN_SCORE = 0.45          # below this a field gets no column: better empty than wrong
MIN_ALTERNATIVE = 0.3
FUZZY_FLOOR = 0.6         # spelling similarity below this says nothing

SYNONYMS: dict[str, tuple[str, ...]] = {
    "in_dt": ("fecha", "fecha venta", "fecha de venta", "fecha emision", "fecha de emision",
              "fecha documento", "fecha hora", "fecha y hora", "fecha transaccion", "date",
              "datetime", "timestamp", "sale date", "transaction date", "invoice date"),
    "in_trans_id": ("n doc venta", "n boleta", "folio", "documento", "nro documento", "numero",
                    "numero documento", "n documento", "nro doc", "n doc", "nro boleta", "boleta",
                    "n factura", "nro factura", "factura", "ticket", "n ticket", "id venta",
                    "numero boleta", "document", "document number", "invoice", "invoice number",
                    "receipt", "receipt number", "order id", "transaction id"),
    "in_trans_type": ("tipo doc", "tipo documento", "tipo de documento", "tipo dte", "tipo",
                      "tipo venta", "tipo transaccion", "document type", "doc type", "type",
                      "transaction type"),
    "in_customer_id": ("rut cliente", "cliente", "rut", "customer", "customer id", "client",
                       "id cliente", "codigo cliente", "cod cliente", "rut comprador",
                       "nombre cliente", "comprador", "client id"),
    "in_product_id": ("codigo producto", "sku", "codigo", "cod producto", "cod", "codigo articulo",
                      "cod articulo", "id producto", "codigo de barras", "ean", "plu",
                      "product id", "product code", "item code", "item id"),
    "in_description": ("producto", "descripcion", "nombre producto", "nombre", "detalle", "glosa",
                       "descripcion producto", "nombre del producto", "articulo", "description",
                       "product", "product name", "item", "item name"),
    "in_category": ("categoria", "familia", "rubro", "linea", "seccion", "departamento", "grupo",
                    "subfamilia", "category", "family", "department", "product category"),
    "in_unit_type": ("unidad", "um", "u m", "unidad medida", "unidad de medida", "medida", "uom",
                     "unit", "unit type", "unit of measure"),
    "in_quantity": ("cantidad", "cant", "unidades", "qty", "quantity", "units", "uds",
                    "cantidad vendida", "kilos", "kg"),
    "in_price_total": ("total linea", "total", "total neto", "monto", "subtotal", "monto total",
                       "total venta", "venta", "venta neta", "importe", "valor total", "valor",
                       "amount", "line total", "total amount", "net amount", "sales"),
    "in_stock": ("stock", "stock actual", "existencia", "existencias", "saldo", "inventario",
                 "stock on hand", "inventory", "on hand"),
    "in_price_unit": ("precio unitario", "precio unit", "p unitario", "precio", "precio venta",
                      "valor unitario", "precio lista", "pu", "unit price", "price", "list price"),
    "in_cost_unit": ("costo unitario", "costo unit", "c unitario", "costo promedio", "unit cost",
                     "cost per unit"),
    "in_cost_total": ("costo total", "costo", "costo linea", "total costo", "cost", "total cost",
                      "line cost"),
    "in_discount_total": ("descuento", "dcto", "dscto", "desc", "descuentos", "monto descuento",
                          "discount", "discount amount"),
    "in_commission_total": ("comision", "comisiones", "commission", "commissions"),
    "in_margin": ("utilidad aprox", "utilidad", "margen", "margen bruto", "ganancia",
                  "contribucion", "margin", "gross margin", "profit"),
}


def normalise(header: object) -> str:
    """Lowercase, accents stripped, `°`/`º` and punctuation collapsed: 'N° Boleta' -> 'n boleta'."""
    text = str(header).lower().translate(str.maketrans({"°": " ", "º": " ", "ª": " "}))
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def header_signature(columns: list[str]) -> list[str]:
    """The normalised header, to recognise the next file from the same system."""
    return [normalise(c) for c in columns]


# --- the saved mapping ------------------------------------------------------------------------

@dataclass
class Mapping:
    columns: dict[str, str] = dc_field(default_factory=dict)            # canonical field -> source column
    numbers: dict[str, NumberFormat] = dc_field(default_factory=dict)   # source column -> number format
    dates: dict[str, DateFormat] = dc_field(default_factory=dict)       # source column -> date format
    defaults: dict[str, str] = dc_field(default_factory=dict)           # field -> constant when unmapped

    def missing_required(self) -> list[str]:
        return [f for f in canonical.REQUIRED if f not in self.columns and f not in self.defaults]

    def unmapped(self, source_columns: list[str]) -> list[str]:
        """Source columns no field uses: they are kept as `extra`."""
        used = set(self.columns.values())
        return [c for c in source_columns if c not in used]

    def to_json(self) -> dict:
        return {"columns": dict(self.columns),
                "numbers": {c: f.to_json() for c, f in self.numbers.items()},
                "dates": {c: f.to_json() for c, f in self.dates.items()},
                "defaults": dict(self.defaults)}

    @classmethod
    def from_json(cls, d: dict) -> Mapping:
        return cls(columns=dict(d.get("columns", {})),
                   numbers={c: NumberFormat.from_json(f) for c, f in d.get("numbers", {}).items()},
                   dates={c: DateFormat.from_json(f) for c, f in d.get("dates", {}).items()},
                   defaults=dict(d.get("defaults", {})))

    def with_column(self, name: str, column: str | None) -> Mapping:
        """`name` fed by `column` (None: by nothing). A column feeds one field, so it leaves any
        other field; formats of columns that no longer feed a numeric/date field are dropped."""
        _check_field(name)
        columns = {f: c for f, c in self.columns.items() if f != name and c != column}
        if column is not None:
            columns[name] = column
        numeric = {c for f, c in columns.items() if f in canonical.NUMERIC}
        return replace(self, columns=columns,
                       numbers={c: f for c, f in self.numbers.items() if c in numeric},
                       dates={c: f for c, f in self.dates.items() if c == columns.get("in_dt")})

    def with_default(self, name: str, value: str | None) -> Mapping:
        _check_field(name)
        defaults = {f: v for f, v in self.defaults.items() if f != name}
        if value is not None:
            defaults[name] = value
        return replace(self, defaults=defaults)

    def with_number_format(self, column: str, fmt: NumberFormat) -> Mapping:
        return replace(self, numbers={**self.numbers, column: fmt})

    def with_date_format(self, column: str, fmt: DateFormat) -> Mapping:
        return replace(self, dates={**self.dates, column: fmt})

    def with_detected_formats(self, frame: pd.DataFrame) -> Mapping:
        """Formats detected from `frame` for mapped columns that have none (e.g. after the user
        picked another column)."""
        return replace(self, **_formats(frame, self.columns, self.numbers, self.dates))


def _check_field(name: str) -> None:
    if name not in canonical.BY_NAME:
        raise KeyError(f"unknown canonical field {name!r}")


def _formats(frame: pd.DataFrame, columns: dict[str, str], numbers: dict[str, NumberFormat],
             dates: dict[str, DateFormat]) -> dict:
    numeric = {c for f, c in columns.items() if f in canonical.NUMERIC}
    money = {c for f, c in columns.items() if f in MONEY}
    numbers = {c: f for c, f in numbers.items() if c in numeric}
    todo = sorted(c for c in numeric - numbers.keys() if c in frame)
    if todo:
        # every numeric-looking column is evidence for the file's convention, mapped or not
        detected = detect_number_formats({c: frame[c] for c in frame.columns}, money)
        style = None
        for c in todo:
            if c in detected:
                numbers[c] = detected[c][0]
            else:  # not numeric in the sample: the file style still says how to read it
                style = style or detect_file_number_style({c: frame[c] for c in frame.columns}, money)
                numbers[c] = style
    dt = columns.get("in_dt")
    dates = {c: f for c, f in dates.items() if c == dt}
    if dt in frame and dt not in dates:
        fmt, _ = detect_date_format(frame[dt])
        if fmt is not None:
            dates[dt] = fmt
    return {"numbers": numbers, "dates": dates}


# --- proposals --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Proposal:
    field: str
    column: str | None
    confidence: float
    alternatives: tuple[tuple[str, float], ...]


_NORMALISED = {f: frozenset(normalise(s) for s in syns) for f, syns in SYNONYMS.items()}
_EXACT = {s: f for f, syns in _NORMALISED.items() for s in syns}


def _header_score(header: str, name: str) -> float:
    """1.0 for a known synonym; else fuzzy similarity, capped below an exact synonym."""
    norm = normalise(header)
    if header.strip().lower() == name:
        return 1.0
    synonyms = _NORMALISED[name]
    if norm in synonyms:
        return 1.0
    # similar spelling is weak evidence ("descuento" vs "documento" is 0.78): only near-misses count
    ratio = max((fuzz.ratio(norm, s) for s in synonyms), default=0.0) / 100
    best = max(0.0, (ratio - FUZZY_FLOOR) / (1 - FUZZY_FLOOR))
    if _EXACT.get(norm, name) != name:
        return min(best, 0.9)  # "Costo Unitario" names another field: containing "costo" is no hint
    tokens = set(norm.split())
    for s in synonyms:  # "fecha de emision documento" still says "fecha emision"
        words = s.split()
        if set(words) <= tokens and (len(words) > 1 or len(s) >= 4):
            best = max(best, 0.85 if len(words) > 1 else 0.75)
    return min(best, 0.9)


@dataclass(frozen=True)
class _Profile:
    """What a column's sample values look like, as shares of its non-blank values."""
    filled: float
    date: float
    numeric: float
    whole: float
    median: float
    rut: float
    alpha: float
    spaces: float
    code: float
    distinct: int
    repeated: float


_RUT = r"\d{1,2}\.\d{3}\.\d{3}-[\dkK]|\d{7,8}-[\dkK]"


def _profile(values: pd.Series, number: NumberFormat | None) -> _Profile:
    blank = is_blank(values)
    text = values[~blank].astype("str").str.strip()
    n = len(text)
    if n == 0:
        return _Profile(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0.0)
    parsed = parse_numbers(text, number) if number else pd.Series(np.nan, index=text.index)
    numbers = parsed.dropna()
    counts = text.value_counts()
    return _Profile(
        filled=n / len(values),
        date=detect_date_format(text)[1],
        numeric=len(numbers) / n,
        whole=float((numbers == numbers.round()).mean()) if len(numbers) else 0.0,
        median=float(numbers.abs().median()) if len(numbers) else 0.0,
        rut=float(text.str.fullmatch(_RUT).mean()),
        alpha=float(text.str.contains(r"[^\W\d_]", regex=True).mean()),
        spaces=float(text.str.contains(" ", regex=False).mean()),
        code=float(text.str.fullmatch(r"\S*\d\S*").mean()),
        distinct=len(counts),
        repeated=float(counts[counts > 1].sum() / n),
    )


def _few(distinct: int, limit: int) -> float:
    """1 up to `limit` distinct values, fading to 0 at twice that."""
    return 1.0 if distinct <= limit else max(0.0, 1.0 - (distinct - limit) / limit)


def _content_score(name: str, p: _Profile) -> float:
    """0..1: how well the values fit the field, whatever the header says."""
    not_date = 1.0 - p.date
    words = (1.0 - p.numeric) * p.alpha
    ident = max(p.code, p.numeric * p.whole) * (1.0 - 0.7 * p.spaces) * not_date
    if name == "in_dt":
        return p.date
    if name == "in_trans_id":  # lines of one document share its number
        return ident * (0.8 + 0.2 * min(1.0, p.repeated / 0.3))
    if name == "in_product_id":
        return ident
    if name == "in_customer_id":
        return max(min(1.0, p.rut / 0.5), 0.7 * max(ident, words)) * not_date
    if name == "in_description":
        return words * (0.6 + 0.4 * p.spaces)
    if name == "in_category":
        return words * _few(p.distinct, 60)
    if name in ("in_unit_type", "in_trans_type"):
        return words * _few(p.distinct, 12)
    numeric = p.numeric * not_date
    if name == "in_quantity":
        return numeric * (1.0 if p.median <= 100 else 0.6)
    if name in MONEY:  # CLP: whole pesos
        return numeric * (0.6 + 0.4 * p.whole)
    return numeric


def _score(header: str, name: str, p: _Profile) -> float:
    if header.strip().lower() == name:
        return 1.0  # the canonical header itself
    content = _content_score(name, p)
    score = _header_score(header, name) * (0.55 + 0.45 * content)
    if name == "in_dt" or (name == "in_customer_id" and p.rut >= 0.5):
        score = max(score, 0.5 * content)  # dates and RUTs speak for themselves
    return round(score, 3)


def _scores(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Score of every (field, column) pair."""
    columns = [str(c) for c in frame.columns]
    money_guess = {c for c in columns if max(_header_score(c, f) for f in MONEY) >= 0.75}
    numbers = {c: fmt for c, (fmt, _) in detect_number_formats(
        {c: frame[c] for c in columns}, money_guess).items()}
    profiles = {c: _profile(frame[c], numbers.get(c)) for c in columns}
    return {name: {c: _score(c, name, profiles[c]) for c in columns} for name in canonical.NAMES}


def _assign(scores: dict[str, dict[str, float]]) -> dict[str, str]:
    """Greedy: the most confident (field, column) pair first, each column used once."""
    order = {name: i for i, name in enumerate(canonical.NAMES)}
    pairs = sorted(((s, name, c) for name, row in scores.items() for c, s in row.items()
                    if s >= MIN_SCORE), key=lambda t: (-t[0], order[t[1]]))
    chosen: dict[str, str] = {}
    for _, name, column in pairs:
        if name not in chosen and column not in chosen.values():
            chosen[name] = column
    return chosen


def propose(frame: pd.DataFrame, *, sample_rows: int = 2000) -> tuple[Mapping, list[Proposal]]:
    """The best mapping for `frame` (source columns as text) and one proposal per canonical field.

    Header and content are judged on the first `sample_rows` rows; number and date formats are
    detected from the whole frame, since one late `1.234,5` can settle the convention."""
    frame = frame.rename(columns=str)
    scores = _scores(frame.head(sample_rows))
    chosen = _assign(scores)
    proposals = []
    for name in canonical.NAMES:
        column = chosen.get(name)
        others = sorted(((c, s) for c, s in scores[name].items() if c != column and s >= MIN_ALTERNATIVE),
                        key=lambda cs: -cs[1])[:3]
        proposals.append(Proposal(name, column, scores[name][column] if column else 0.0, tuple(others)))
    mapping = Mapping(columns={n: chosen[n] for n in canonical.NAMES if n in chosen})
    return mapping.with_detected_formats(frame), proposals
