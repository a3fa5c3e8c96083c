"""Which source column feeds each canonical field: proposals with a confidence, and the saved mapping.

A proposal combines how the header reads with what the values look like. The header is read as
words (`N° Boleta`, `product_sku`, `ProductName`, `item.description`, `Precio Unit. c/IVA`), each
word looked up in `loaders.synonyms` by meaning: the head says what the column holds (a code, a
name, a total…), the other words whose it is (the product, the customer, the document…) and how
(per unit, with IVA, a percentage…). The values say the rest: dates, RUTs, codes against names,
money, quantities, how often values repeat within a document. The user confirms or corrects the
proposal once; the mapping is saved as JSON and reused for the next upload.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ayni.core import canonical
from loaders import synonyms
from loaders.formats import (
    DateFormat,
    NumberFormat,
    detect_date_format,
    detect_file_number_style,
    detect_number_formats,
    is_blank,
    parse_numbers,
)

MONEY: frozenset[str] = frozenset({"in_price_total", "in_price_unit", "in_cost_unit", "in_cost_total",
                                   "in_discount_total", "in_commission_total", "in_margin"})
MIN_SCORE = 0.45          # below this a field gets no column: better empty than wrong
MIN_ALTERNATIVE = 0.3
FUZZY_FLOOR = 85          # spelling similarity (0-100) for an unknown word to count as a known one

NAME_AS_ID = "product_name_as_id"   # Note.code: the product name column also feeds in_product_id


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


@dataclass(frozen=True)
class Note:
    """Something the user should know about a proposal: `code` (e.g. NAME_AS_ID), the canonical
    `field` it concerns and the source `column` involved."""
    code: str
    field: str
    column: str


class Proposals(list):
    """One Proposal per canonical field, in canonical order (a plain list to every caller), plus
    `notes`: what the user should know about how the proposal was made."""

    def __init__(self, items=(), notes: tuple[Note, ...] = ()):
        super().__init__(items)
        self.notes: tuple[Note, ...] = tuple(notes)

    def note(self, code: str) -> Note | None:
        return next((n for n in self.notes if n.code == code), None)


# --- reading a header -------------------------------------------------------------------------

_SYMBOLS = ((re.compile(r"\b[nN]\s*\.?\s*[°º]"), " num "), (re.compile(r"[°º#]"), " num "),
            (re.compile(r"\$"), " money "), (re.compile(r"%"), " pct "),
            (re.compile(r"\b[cC]\s*/\s*[iI][vV][aA]\b"), " coniva "),
            (re.compile(r"\b[sS]\s*/\s*[iI][vV][aA]\b"), " siniva "),
            (re.compile(r"\b[cC]\s*/\s*[uU]\b"), " cu "))
_PLACEHOLDERS = {"coniva": "con_iva", "siniva": "sin_iva"}


def _split_camel(text: str) -> str:
    """'ProductName' -> 'Product Name', 'SKUCode' -> 'SKU Code'; all-caps words stay whole."""
    out = []
    for i, ch in enumerate(text):
        if i and ch.isupper():
            before, after = text[i - 1], text[i + 1] if i + 1 < len(text) else ""
            if before.islower() or (before.isupper() and after.islower()):
                out.append(" ")
        out.append(ch)
    return "".join(out)


def tokens(header: object) -> list[str]:
    """The words of a header, lower case without accents or stopwords; `N°`/`Nº`/`#` -> num,
    `$` -> money, `%` -> pct, `c/IVA` -> con_iva: 'Precio Unit. c/IVA' -> precio unit con_iva."""
    text = str(header)
    for pattern, word in _SYMBOLS:
        text = pattern.sub(word, text)
    text = unicodedata.normalize("NFKD", _split_camel(text).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [_PLACEHOLDERS.get(w, w) for w in re.split(r"[^a-z0-9]+", text)
            if w and w not in synonyms.STOPWORDS]


_KIND = {**{c: "a" for c in synonyms.ATTRIBUTES.values()},
         **{c: "e" for c in synonyms.ENTITIES.values()},
         **{c: "q" for c in synonyms.QUALIFIERS.values()}}
_LEXICON = sorted({*synonyms.ATTRIBUTES, *synonyms.ENTITIES, *synonyms.QUALIFIERS,
                   *synonyms.COMPOUNDS, *synonyms.AMBIGUOUS})


def _known(word: str) -> tuple[str, ...] | None:
    if word in synonyms.COMPOUNDS:
        return synonyms.COMPOUNDS[word]
    if word in synonyms.AMBIGUOUS:
        return ("?" + "|".join(synonyms.AMBIGUOUS[word]),)
    senses = tuple(group[word] for group in (synonyms.ATTRIBUTES, synonyms.ENTITIES,
                                             synonyms.QUALIFIERS) if word in group)
    return senses or None


@lru_cache(maxsize=8192)
def _senses(word: str) -> tuple[str, ...] | None:
    """What a word means: itself, its singular, else a known word it abbreviates or misspells."""
    for w in (word, word[:-2] if word.endswith("es") else None, word[:-1] if word.endswith("s") else None):
        if w and len(w) > 1 and (found := _known(w)):
            return found
    if len(word) >= 4:  # an abbreviation: the start of known words that all mean the same
        meanings = {_known(w) for w in _LEXICON if w.startswith(word)}
        if len(meanings) == 1:
            return meanings.pop()
    if len(word) >= 5:
        match = process.extractOne(word, _LEXICON, scorer=fuzz.ratio, score_cutoff=FUZZY_FLOOR)
        if match:
            return _known(match[0])
    return None


def _phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if out and (out[-1], w) in synonyms.PHRASES:
            out[-1] = synonyms.PHRASES[(out[-1], w)]
        else:
            out.append(w)
    return out


@dataclass(frozen=True)
class _Reading:
    attrs: tuple[str, ...]          # attribute words, in header order
    choices: tuple[tuple[str, ...], ...]  # attributes of ambiguous words, one of each applies
    entities: frozenset[str]
    quals: frozenset[str]
    unknown: int


# which attribute is the head when a header has several: `Costo Total` is a cost, `Monto
# Descuento` a discount, `Fecha Pago` a date, `Tipo Documento` a type
_RANK = {"date": 10, "type": 9, "status": 9, "commission": 8, "margin": 8, "discount": 8,
         "stock": 8, "cost": 7, "tax": 6.5, "qty": 6, "category": 5.5, "contact": 5, "price": 5,
         "total": 4, "unit": 3, "name": 3, "code": 2, "number": 2, "time": 1}
_AMOUNTS = frozenset({"total", "price", "cost"})
_IDS = frozenset({"code", "number"})


@lru_cache(maxsize=8192)
def _read(header: str) -> _Reading:
    """The header as attributes, entities and qualifiers (see loaders.synonyms)."""
    words = _phrases(tokens(header))
    several = len([w for w in words if not w.isdigit()]) > 1
    attrs: list[str] = []
    choices: list[tuple[str, ...]] = []
    entities: set[str] = set()
    quals: set[str] = set()
    unit_words = measures = 0
    unknown = 0
    for word in words:
        if word.isdigit():
            continue
        if len(word) == 1:
            if not several or word not in synonyms.LETTERS:
                continue
            word = synonyms.LETTERS[word]
        senses = _senses(word)
        if senses is None:
            unknown += 1
            continue
        if "unit" in senses and "unitq" in senses:
            unit_words += 1  # `Unidad` alone is the unit of measure, `Precio Unidad` per unit
            continue
        if word in synonyms.MEASURES or (word.endswith("s") and word[:-1] in synonyms.MEASURES):
            measures += 1  # `Kilos` alone is a quantity, `Precio Kilo` per kilo
            continue
        for sense in senses:
            if sense.startswith("?"):
                choices.append(tuple(sense[1:].split("|")))
            elif _KIND[sense] == "a":
                attrs.append(sense)
            elif _KIND[sense] == "e":
                entities.add(sense)
            else:
                quals.add(sense)
    amounts = bool(_AMOUNTS & set(attrs) or any(_AMOUNTS & set(c) for c in choices)
                   or "money" in quals)  # not `neto`: `Kilos Netos` is a weight
    if unit_words:
        if amounts:
            quals.add("unitq")
        else:
            attrs.append("unit")
    if measures:
        if amounts:
            quals.add("unitq")
        else:
            attrs.append("qty")
    return _Reading(tuple(attrs), tuple(choices), frozenset(entities), frozenset(quals), unknown)


def _head(attrs: set[str], r: _Reading) -> str | None:
    if not attrs:  # no attribute word: the qualifiers or the entity tell
        if r.quals & {"gross_tax", "net_tax", "gross", "net", "money", "sub", "ext"} or \
                r.entities == {"sale"}:
            return "total" if "unitq" not in r.quals else "price"
        if "unitq" in r.quals:
            return "price"
        if "issue" in r.quals:
            return "date"
        return None
    head = max(attrs, key=lambda a: _RANK[a])
    if head == "price" and ("total" in attrs or "ext" in r.quals) and "unitq" not in r.quals:
        return "total"  # `Precio Total`, `Ext. Price`: the line's amount
    return head


def _tax_factor(q: frozenset[str]) -> float:
    """Line totals are with IVA unless the company says otherwise: the gross one first."""
    return 0.95 if "net_tax" in q else 1.0


def _fields(head: str | None, attrs: set[str], r: _Reading) -> dict[str, float]:
    """Header evidence for each field, given the head attribute."""
    e, q = r.entities, r.quals
    if head == "date":
        if "due" in q:
            return {"in_dt": 0.5}
        if "customer" in e:
            return {"in_dt": 0.3}
        return {"in_dt": 0.65 if q & {"later"} or e & synonyms.FOREIGN else 1.0}
    if e & synonyms.FOREIGN or head in ("status", "tax"):
        return {}  # the seller's code, the branch's name, the card type, the tip amount…
    product, customer, line = "product" in e, "customer" in e, "line" in e
    document, sale = "document" in e, "sale" in e
    if head is None:  # only an entity: `Producto`, `Cliente`, `Boleta`, `Línea`
        if product:
            return {"in_description": 0.85, "in_product_id": 0.75}
        if customer:
            return {"in_customer_id": 0.95}
        if document:
            return {"in_trans_id": 0.9, "in_trans_type": 0.5}
        if line:
            return {"in_category": 0.6}
        return {}
    pct = "pct" in q
    if head in _IDS:
        number = head == "number" and "code" not in attrs
        if product:
            return {"in_product_id": 0.95 if number else 1.0}
        if customer:
            return {"in_customer_id": 0.95 if number else 1.0}
        if document or sale:
            return {"in_trans_id": 1.0}
        if line or e:
            return {}
        if number:  # `N°`, `No.`: the document's, or the item's when the document has its own
            return {"in_trans_id": 0.7, "in_product_id": 0.55, "in_customer_id": 0.25}
        return {"in_product_id": 0.85, "in_trans_id": 0.35, "in_customer_id": 0.25}
    if head == "name":
        if product:
            return {"in_description": 1.0}
        if customer:
            return {"in_customer_id": 0.9}
        if document:
            return {"in_trans_type": 0.5}
        return {"in_description": 0.9, "in_customer_id": 0.2}
    if head == "contact":
        return {"in_customer_id": 0.6 if customer else 0.5}
    if customer:
        return {}  # `Tipo Cliente`, `Categoría Cliente`: about the customer, not the sale
    if head == "type":
        if "unit" in attrs:
            return {"in_unit_type": 1.0}
        if product:
            return {"in_category": 0.9}
        if document or sale:
            return {"in_trans_type": 1.0}
        return {"in_trans_type": 0.8}
    if head == "category":
        return {"in_category": 0.6 if attrs & _IDS else 1.0}
    if head == "unit":
        return {"in_unit_type": 1.0}
    if head == "qty":
        return {"in_quantity": 1.0}
    if head == "stock":
        return {"in_stock": 1.0}
    if attrs & _IDS or pct:
        return {}  # `Código Descuento`, `Discount Code`, `Descuento %`: not an amount
    if head == "discount":
        return {"in_discount_total": 1.0}
    if head == "commission":
        return {"in_commission_total": 1.0}
    if head == "margin":
        return {"in_margin": 1.0}
    if head == "cost":
        if "unitq" in q or "avg" in q:
            return {"in_cost_unit": 0.95 if "unitq" not in q else 1.0, "in_cost_total": 0.3}
        if "total" in attrs:
            return {"in_cost_total": 1.0}
        if "price" in attrs:
            return {"in_cost_unit": 0.9, "in_cost_total": 0.5}
        return {"in_cost_total": 0.85, "in_cost_unit": 0.6}
    tax = _tax_factor(q)
    if head == "price":
        return {"in_price_unit": (1.0 if "unitq" in q else 0.9 if "list" in q else 0.92) * tax,
                "in_price_total": 0.35}
    if head == "total":
        if "unitq" in q:
            return {"in_price_unit": 0.95 * tax}  # `Valor Unitario`, `$ Unitario`
        if e == {"sale"} and not attrs and not q:  # `Venta`: the sale's amount, or its number
            return {"in_price_total": 0.75, "in_trans_id": 0.6}
        # the line's amount; a document's total (`Total Pedido`) is the order's, less likely
        base = 1.0 if product or line else 0.7 if document else 0.95
        return {"in_price_total": base * tax * (0.93 if "sub" in q else 1.0)}
    return {}


@lru_cache(maxsize=8192)
def header_scores(header: str) -> dict[str, float]:
    """How strongly the header alone says each canonical field (0..1; absent: not at all)."""
    if header.strip().lower() in canonical.BY_NAME:
        return {header.strip().lower(): 1.0}
    r = _read(header)
    out: dict[str, float] = {}
    options = [()] if not r.choices else [tuple(c) for c in _product(r.choices)]
    for option in options:
        attrs = set(r.attrs) | set(option)
        factor = 0.85 if option else 1.0  # an ambiguous word: the values decide
        for name, s in _fields(_head(attrs, r), attrs, r).items():
            out[name] = max(out.get(name, 0.0), s * factor)
    penalty = 0.97 ** min(r.unknown, 5)  # words we do not know make us less sure
    return {name: round(s * penalty, 4) for name, s in out.items()}


def _product(choices: tuple[tuple[str, ...], ...]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for options in choices:
        out = [o + [c] for o in out for c in options]
    return out


def _header_score(header: str, name: str) -> float:
    return header_scores(header).get(name, 0.0)


# --- reading the values -----------------------------------------------------------------------

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
    pct: float
    distinct: int
    repeated: float
    counter: bool      # 1, 2, 3, …: a row number


_RUT = r"\d{1,2}\.\d{3}\.\d{3}-[\dkK]|\d{7,8}-[\dkK]"
# a code: no spaces and a digit (`ABA-1001`, `7801234000012`), or capitals joined by - _ . /
_CODE = r"(?=\S*\d)\S{1,40}|[A-Z0-9]+(?:[-_./][A-Z0-9]+)+"
_EMPTY = _Profile(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0.0, False)


def _profile(values: pd.Series, number: NumberFormat | None) -> _Profile:
    blank = is_blank(values)
    text = values[~blank].astype("str").str.strip()
    n = len(text)
    if n == 0:
        return _EMPTY
    parsed = parse_numbers(text, number) if number else pd.Series(np.nan, index=text.index)
    numbers = parsed.dropna()
    counts = text.value_counts()
    whole = float((numbers == numbers.round()).mean()) if len(numbers) else 0.0
    counter = bool(len(numbers) == n >= 3 and whole == 1.0 and len(counts) == n
                   and (np.diff(numbers.to_numpy()) == 1).all() and numbers.iloc[0] <= 1)
    return _Profile(
        filled=n / len(values),
        date=detect_date_format(text)[1],
        numeric=len(numbers) / n,
        whole=whole,
        median=float(numbers.abs().median()) if len(numbers) else 0.0,
        rut=float(text.str.fullmatch(_RUT).mean()),
        alpha=float(text.str.contains(r"[^\W\d_]", regex=True).mean()),
        spaces=float(text.str.contains(" ", regex=False).mean()),
        code=float(text.str.fullmatch(_CODE).mean()),
        pct=float(text.str.endswith("%").mean()),
        distinct=len(counts),
        repeated=float(counts[counts > 1].sum() / n),
        counter=counter,
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
        return ident * (0.8 + 0.2 * min(1.0, p.repeated / 0.3)) * (0.3 if p.counter else 1.0)
    if name == "in_product_id":
        return ident * (0.3 if p.counter else 1.0)
    if name == "in_customer_id":
        return max(min(1.0, p.rut / 0.5), 0.7 * max(ident, words)) * not_date
    if name == "in_description":  # names: words, often several; codes are not names
        return words * (1.0 - 0.8 * p.code) * (0.6 + 0.4 * p.spaces)
    if name == "in_category":
        return words * _few(p.distinct, 60)
    if name in ("in_unit_type", "in_trans_type"):
        return words * _few(p.distinct, 12)
    numeric = p.numeric * not_date * (1.0 - p.pct)
    if name == "in_quantity":
        return numeric * (1.0 if p.median <= 100 else 0.6)
    if name in MONEY:  # CLP: whole pesos
        return numeric * (0.6 + 0.4 * p.whole)
    return numeric


def _score(header: str, name: str, p: _Profile) -> float:
    if header.strip().lower() == name:
        return 1.0  # the canonical header itself
    content = _content_score(name, p)
    said = header_scores(header)
    score = said.get(name, 0.0) * (0.55 + 0.45 * content)
    foreign = not said and bool(_read(header).entities & synonyms.FOREIGN)
    if not foreign and (name == "in_dt" or (name == "in_customer_id" and p.rut >= 0.5)):
        score = max(score, 0.5 * content)  # dates and RUTs speak for themselves
    if name in canonical.REQUIRED and p.filled < 0.7:
        score *= p.filled / 0.7  # a required field mostly blank: not this column
    return round(score, 3)


@dataclass
class _Evidence:
    frame: pd.DataFrame
    numbers: dict[str, NumberFormat]
    profiles: dict[str, _Profile]
    scores: dict[str, dict[str, float]]

    def values(self, column: str) -> pd.Series | None:
        fmt = self.numbers.get(column)
        return parse_numbers(self.frame[column], fmt) if fmt else None


def _evidence(frame: pd.DataFrame) -> _Evidence:
    """Score of every (field, column) pair, with what it was judged on."""
    columns = [str(c) for c in frame.columns]
    money_guess = {c for c in columns if max((_header_score(c, f) for f in MONEY), default=0) >= 0.75}
    numbers = {c: fmt for c, (fmt, _) in detect_number_formats(
        {c: frame[c] for c in columns}, money_guess).items()}
    profiles = {c: _profile(frame[c], numbers.get(c)) for c in columns}
    scores = {name: {c: _score(c, name, profiles[c]) for c in columns} for name in canonical.NAMES}
    return _Evidence(frame, numbers, profiles, scores)


def _scores(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    return _evidence(frame).scores


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


# --- second look: amounts judged against each other -------------------------------------------

def _per_document(ev: _Evidence, trans_id: str, column: str) -> bool:
    """The column holds one value per document (an order total), not one per line: within
    documents of several lines it never changes (or is given on the first line only) while other
    columns do."""
    docs = ev.frame[trans_id].astype(str).str.strip()
    sizes = docs.value_counts()
    multi = sizes[sizes > 1].index
    if len(multi) < 2:
        return False
    rows = docs.isin(multi)
    values = ev.frame.loc[rows, column].astype(str).str.strip()
    values = values.where(values != "")
    distinct = values.groupby(docs[rows]).nunique(dropna=True)
    informative = (values.notna() & (values != "0")).groupby(docs[rows]).any()  # all 0: nothing
    distinct = distinct[informative]
    if len(distinct) < 2 or (distinct == 1).mean() < 0.8:
        return False
    others = [c for c in ev.frame.columns if c not in (trans_id, column)]
    return any((ev.frame.loc[rows, c].astype(str).groupby(docs[rows]).nunique() > 1).mean() >= 0.5
               for c in others)


def _varies_within_documents(ev: _Evidence, trans_id: str, column: str) -> bool:
    docs = ev.frame[trans_id].astype(str).str.strip()
    sizes = docs.value_counts()
    rows = docs.isin(sizes[sizes > 1].index)
    if not rows.any():
        return False
    distinct = ev.frame.loc[rows, column].astype(str).groupby(docs[rows]).nunique()
    return bool((distinct > 1).mean() >= 0.5)


def _close(a: pd.Series, b: pd.Series, share: float = 0.9) -> bool:
    ok = (a - b).abs() <= np.maximum(2.0, 0.01 * b.abs())
    known = a.notna() & b.notna()
    return bool(known.sum() >= 2 and ok[known].mean() >= share)


def _refine(ev: _Evidence, chosen: dict[str, str]) -> bool:
    """Adjust the scores of line-total candidates by what the amounts say about each other;
    True when something changed."""
    scores = ev.scores["in_price_total"]
    changed = False
    trans_id = chosen.get("in_trans_id")
    if trans_id:
        for name in ("in_price_total", "in_discount_total"):
            for column, s in ev.scores[name].items():
                if s >= MIN_SCORE and column not in (trans_id, name) and \
                        _per_document(ev, trans_id, column):
                    ev.scores[name][column] = round(s * 0.4, 3)
                    changed = True
        for column, s in scores.items():  # `Total Factura` that changes from line to line
            if s >= MIN_SCORE and "document" in _read(column).entities and \
                    _varies_within_documents(ev, trans_id, column):
                scores[column] = round(min(1.0, s * 0.95 / 0.7), 3)
                changed = True
    best = max(scores.values(), default=0.0)
    candidates = [c for c, s in scores.items() if s >= max(MIN_SCORE, best - 0.15)]
    if len(candidates) < 2:
        return changed
    amounts = {c: v for c in candidates if (v := ev.values(c)) is not None}
    discount = ev.values(chosen["in_discount_total"]) if "in_discount_total" in chosen else None
    fee = ev.values(chosen["in_commission_total"]) if "in_commission_total" in chosen else None
    extras = [v for c in ev.frame.columns if _read(c).entities & {"tip", "shipping"}
              and (v := ev.values(c)) is not None and (v.fillna(0) != 0).any()]
    for a, va in amounts.items():
        for b, vb in amounts.items():
            if a == b or _close(va, vb, 1.0):
                continue
            worse = None
            if discount is not None and (discount != 0).any() and _close(va, vb - discount.abs()):
                worse = b      # b is before the discount, a after it: a is the line's amount
            elif fee is not None and (fee != 0).any() and _close(va, vb - fee.abs()):
                worse = a      # a is what is left after the fee: b is what the customer paid
            elif any(_close(va, vb + extra.abs()) for extra in extras):
                worse = a      # a is b plus the tip or the shipping: b is the sale
            elif _close(va, vb * 1.19, 0.8):
                worse = b      # a is b plus IVA
            if worse is not None and scores[worse] >= MIN_SCORE:
                scores[worse] = round(scores[worse] * 0.85, 3)
                changed = True
    return changed


def propose(frame: pd.DataFrame, *, sample_rows: int = 2000) -> tuple[Mapping, Proposals]:
    """The best mapping for `frame` (source columns as text) and one proposal per canonical field.

    Header and content are judged on the first `sample_rows` rows; number and date formats are
    detected from the whole frame, since one late `1.234,5` can settle the convention. When the
    file names its products but has no code for them, the name column feeds in_product_id too,
    and `Proposals.notes` says so (code NAME_AS_ID)."""
    frame = frame.rename(columns=str)
    ev = _evidence(frame.head(sample_rows))
    chosen = _assign(ev.scores)
    if _refine(ev, chosen):
        chosen = _assign(ev.scores)
    scores = ev.scores
    notes: list[Note] = []
    confidence = {name: scores[name][c] for name, c in chosen.items()}
    if "in_product_id" not in chosen and "in_description" in chosen and "in_quantity" in chosen:
        # lines of a sale with products named but not coded: the name is the product
        column = chosen["in_description"]
        chosen["in_product_id"] = column
        confidence["in_product_id"] = round(0.9 * confidence["in_description"], 3)
        notes.append(Note(NAME_AS_ID, "in_product_id", column))
    proposals = []
    for name in canonical.NAMES:
        column = chosen.get(name)
        others = sorted(((c, s) for c, s in scores[name].items() if c != column and s >= MIN_ALTERNATIVE),
                        key=lambda cs: -cs[1])[:3]
        proposals.append(Proposal(name, column, confidence.get(name, 0.0), tuple(others)))
    mapping = Mapping(columns={n: chosen[n] for n in canonical.NAMES if n in chosen})
    return mapping.with_detected_formats(frame), Proposals(proposals, tuple(notes))
