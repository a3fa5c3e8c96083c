"""Row features of the lines model: one value per transaction line."""

from __future__ import annotations

import holidays
import numpy as np
import pandas as pd

from ayni.core import documents
from engine.catalog.base import registry
from engine.catalog.helpers import (
    EPOCH_WEEKDAY,
    band_labels,
    categorical,
    codes_of,
    first_pairs,
    first_rows,
    first_seen_codes,
    int_values,
    wall_clock,
    with_missing,
)
from engine.errors import Skip

registry.model("lines", description="One row per line of a sales document (the canonical transaction line).")

DAY_SEGMENTS = ("morning", "afternoon", "evening", "night")
registry.param("morning_start_hour", 5, "Hour (0-23) the morning day segment starts; it runs until the afternoon.")
registry.param("afternoon_start_hour", 12, "Hour the afternoon day segment starts; it runs until the evening.")
registry.param("evening_start_hour", 17, "Hour the evening day segment starts; it runs until the night.")
registry.param("night_start_hour", 22, "Hour the night day segment starts; it runs until the next morning.")
registry.param(
    "holiday_subdivision",
    None,
    "Chilean region code (holidays package, e.g. 'AP' Arica y Parinacota, 'NB' Ñuble) whose regional "
    "holidays also count; None: national public holidays only.",
)
registry.param(
    "ticket_band_edges",
    (5_000, 10_000, 25_000, 50_000, 100_000),
    "Lower edges (CLP) of the ticket-size bands after the first: a document of total t falls in the band "
    "[edge_i, edge_i+1); the default gives 0-5K, 5K-10K, 10K-25K, 25K-50K, 50K-100K and 100K+.",
)

# IVA (docs/PRODUCT.md, "IVA"): margin is measured without it. The worker passes the company's
# settings (app.companies prices_include_vat, costs_include_vat); the defaults are the
# company defaults, and the rate is the warehouse's (dbt var vat_rate).
registry.param(
    "vat_rate", 0.19, "IVA rate of a taxed line (Chile: 19 %); the same as the warehouse's dbt var vat_rate."
)
registry.param(
    "prices_include_vat",
    True,
    "Whether line totals (in_price_total) include IVA, as on a boleta: sales without IVA are then "
    "in_price_total / (1 + vat_rate) in whole pesos; else the totals themselves.",
)
registry.param(
    "costs_include_vat",
    False,
    "Whether costs include IVA: the cost without IVA is then cost_total / (1 + vat_rate) in whole pesos; "
    "else (the default, as on a supplier's invoice) the cost as given.",
)

def _num(s: pd.Series) -> pd.Series:
    return s if s.dtype == np.float64 else s.astype("float64")


def _zero_if_absent(s: pd.Series | None) -> pd.Series | float:
    return 0.0 if s is None else _num(s).fillna(0.0)


def without_vat(amount: pd.Series, includes_vat: bool, rate: float, exempt: pd.Series | None = None) -> pd.Series:
    """`amount` without IVA: amount / (1 + rate) rounded to whole pesos (halves away from zero, as
    PostgreSQL rounds, so a return gives back exactly what its sale counted) when it includes IVA,
    on every line but the exempt ones; else the amount itself. Per line, as the warehouse does it
    (dbt_project/macros/metrics/vat.sql), so the sums agree with the marts to the peso."""
    values = _num(amount)
    if not includes_vat:
        return values
    raw = values.to_numpy() / (1.0 + float(rate))
    rounded = np.copysign(np.floor(np.abs(raw) + 0.5), raw)
    if exempt is not None:
        flag = exempt.to_numpy(dtype=bool, na_value=False)
        rounded = np.where(flag, values.to_numpy(), rounded)
    return pd.Series(rounded, index=amount.index)


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="Cost of the line: in_cost_total when given, else in_cost_unit × in_quantity, "
    "else in_price_total − in_margin − commission.",
)
def cost_total(
    in_quantity: pd.Series,
    in_price_total: pd.Series,
    in_cost_total: pd.Series | None = None,
    in_cost_unit: pd.Series | None = None,
    in_margin: pd.Series | None = None,
    in_commission_total: pd.Series | None = None,
) -> pd.Series:
    candidates = []
    if in_cost_total is not None:
        candidates.append(_num(in_cost_total))
    if in_cost_unit is not None:
        candidates.append(_num(in_cost_unit) * _num(in_quantity))
    if in_margin is not None:
        candidates.append(_num(in_price_total) - _num(in_margin) - _zero_if_absent(in_commission_total))
    if not candidates:
        raise Skip("no cost column (in_cost_total, in_cost_unit or in_margin)", ("in_cost_total", "in_cost_unit"))
    cost = candidates[0]
    for other in candidates[1:]:  # each line takes the first source that has a value
        cost = cost.fillna(other)
    return cost


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="List price per unit: in_price_unit when given, else (in_price_total + discount) / in_quantity "
    "(missing when the quantity is 0).",
)
def price_unit(
    in_price_total: pd.Series,
    in_quantity: pd.Series,
    in_price_unit: pd.Series | None = None,
    in_discount_total: pd.Series | None = None,
) -> pd.Series:
    quantity = _num(in_quantity)
    derived = (_num(in_price_total) + _zero_if_absent(in_discount_total)) / quantity.where(quantity != 0)
    return derived if in_price_unit is None else _num(in_price_unit).fillna(derived)


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="cost_total without IVA: cost_total / (1 + vat_rate) in whole pesos when the costs include IVA "
    "(param costs_include_vat), else cost_total; an exempt line (in_vat_exempt, a boolean the lines may carry) "
    "keeps its cost, whose IVA is not recovered.",
)
def cost_ex_vat(cost_total: pd.Series, params: dict, in_vat_exempt: pd.Series | None = None) -> pd.Series:
    return without_vat(cost_total, params["costs_include_vat"], params["vat_rate"], in_vat_exempt)


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="in_price_total without IVA: in_price_total / (1 + vat_rate) in whole pesos when the prices "
    "include IVA (param prices_include_vat, the default), else in_price_total; an exempt line (in_vat_exempt) "
    "carries no IVA.",
)
def price_total_ex_vat(in_price_total: pd.Series, params: dict, in_vat_exempt: pd.Series | None = None) -> pd.Series:
    return without_vat(in_price_total, params["prices_include_vat"], params["vat_rate"], in_vat_exempt)


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="Gross margin of the line without IVA: price_total_ex_vat − cost_ex_vat − commission (commission "
    "0 when absent); a given in_margin counts through cost_total (price − margin − commission).",
)
def line_margin(
    price_total_ex_vat: pd.Series,
    cost_ex_vat: pd.Series,
    in_commission_total: pd.Series | None = None,
) -> pd.Series:
    return price_total_ex_vat - cost_ex_vat - _zero_if_absent(in_commission_total)


@registry.row(
    "lines",
    dtype="float",
    unit="%",
    description="Line margin as a percentage of the line's sales without IVA (price_total_ex_vat; missing when "
    "it is 0).",
)
def margin_pct(line_margin: pd.Series, price_total_ex_vat: pd.Series) -> pd.Series:
    price = price_total_ex_vat
    return line_margin / price.where(price != 0) * 100.0


@registry.row(
    "lines",
    dtype="bool",
    description="True on a return line: negative quantity or total, or a credit-note / return document type "
    "(kind credit in ayni/core/seeds/document_types.csv: nota de crédito, NC, 61, devolución, return, ...).",
)
def is_return(
    in_quantity: pd.Series, in_price_total: pd.Series, in_trans_type: pd.Series | None = None
) -> pd.Series:
    flag = (in_quantity < 0).to_numpy(dtype=bool, na_value=False) | (in_price_total < 0).to_numpy(
        dtype=bool, na_value=False
    )
    if in_trans_type is not None:
        flag |= documents.is_credit(in_trans_type).to_numpy()
    return pd.Series(flag, index=in_quantity.index)


@registry.row(
    "lines",
    dtype="bool",
    needs=("in_customer_id",),
    description="True when the line names a customer (in_customer_id neither missing nor empty).",
)
def has_customer(in_customer_id: pd.Series) -> pd.Series:
    return in_customer_id.notna() & (in_customer_id != "")


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="in_price_total with the sign of the movement: negative on a return line even when the source "
    "writes credit notes with positive amounts.",
)
def signed_total(in_price_total: pd.Series, is_return: pd.Series) -> pd.Series:
    return _with_sign(in_price_total, is_return)


@registry.row(
    "lines",
    dtype="float",
    unit="units",
    description="in_quantity with the sign of the movement: negative on a return line.",
)
def signed_quantity(in_quantity: pd.Series, is_return: pd.Series) -> pd.Series:
    return _with_sign(in_quantity, is_return)


def _with_sign(amount: pd.Series, is_return: pd.Series) -> pd.Series:
    """|amount|, negated on return lines (numpy: a third of the passes of Series.where)."""
    sign = np.where(is_return.to_numpy(), -1.0, 1.0)
    return pd.Series(np.copysign(_num(amount).to_numpy(), sign), index=amount.index)


@registry.row(
    "lines",
    dtype="timestamp",
    description="in_dt on sale lines; missing on return lines, so a return never counts as a purchase.",
)
def sale_dt(in_dt: pd.Series, is_return: pd.Series) -> pd.Series:
    return in_dt.where(~is_return)


@registry.row(
    "lines",
    dtype="int",
    description="Document of the line (in_trans_id) as an integer code in order of first appearance: equal "
    "codes, equal documents.",
)
def doc_code(in_trans_id: pd.Series) -> pd.Series:
    # Integer codes make the distinct counts per customer and per product about 3x cheaper
    # than on the document strings, and the strings are hashed only once here.
    return pd.Series(first_seen_codes(in_trans_id), index=in_trans_id.index)


@registry.row(
    "lines",
    dtype="int",
    description="doc_code on sale lines; missing on return lines, so counting distinct codes counts sale "
    "documents.",
)
def sale_doc(doc_code: pd.Series, is_return: pd.Series) -> pd.Series:
    return doc_code.astype("Int64").where(~is_return & (doc_code >= 0))


@registry.row(
    "lines",
    dtype="bool",
    description="True on the first sale line of each document: summing it counts sale documents.",
)
def doc_first(doc_code: pd.Series, is_return: pd.Series) -> pd.Series:
    return pd.Series(first_rows(np.where(is_return.to_numpy(), -1, doc_code.to_numpy())), index=doc_code.index)


# -- calendar: local wall clock of in_dt (an aware in_dt keeps its own zone's clock) -----


@registry.row(
    "lines",
    dtype="int",
    unit="days",
    description="Calendar day of in_dt on its own wall clock (the business's local date) as days since "
    "1970-01-01: whole-day arithmetic for the other features, safe across daylight-saving changes.",
)
def day_number(in_dt: pd.Series) -> pd.Series:
    days, valid = wall_clock(in_dt, "D")
    return with_missing(days, valid, in_dt.index)


@registry.row("lines", dtype="int", description="Day of the week of in_dt: 0 = Monday … 6 = Sunday.")
def weekday(day_number: pd.Series) -> pd.Series:
    return (day_number + EPOCH_WEEKDAY) % 7


@registry.row("lines", dtype="int", unit="hour", description="Hour of the day of in_dt (wall clock), 0-23.")
def hour(in_dt: pd.Series) -> pd.Series:
    hours, valid = wall_clock(in_dt, "h")
    return with_missing(hours % 24, valid, in_dt.index)


@registry.row(
    "lines",
    dtype="text",
    description="Part of the day of in_dt: morning (05-11 h), afternoon (12-16 h), evening (17-21 h) or night "
    "(22-04 h), with the start hours of the params (ordered categorical).",
)
def day_segment(hour: pd.Series, params: dict) -> pd.Series:
    starts = np.array([params[f"{name}_start_hour"] for name in DAY_SEGMENTS])
    # Segment of each of the 24 hours: the last start at or before it; before the first, night.
    passed = np.searchsorted(starts, np.arange(24), side="right")
    of_hour = np.append(np.where(passed == 0, len(DAY_SEGMENTS) - 1, passed - 1), -1)  # [24]: missing
    h = hour.to_numpy(dtype="float64", na_value=np.nan) if hour.hasnans else hour.to_numpy()
    index = np.where(np.isnan(h), 24, h).astype(np.int64) if hour.hasnans else h
    return categorical(of_hour[index], DAY_SEGMENTS, hour.index)


@registry.row(
    "lines",
    dtype="bool",
    description="True when the line's date is a Chilean public holiday (holidays package; regional holidays "
    "too with the holiday_subdivision param).",
)
def is_holiday(day_number: pd.Series, params: dict) -> pd.Series:
    day, valid = int_values(day_number)
    if not valid.any():
        return pd.Series(False, index=day_number.index)
    first, last = int(day[valid].min()), int(day[valid].max())
    years = range(_year(first), _year(last) + 1)
    calendar = holidays.country_holidays("CL", subdiv=params["holiday_subdivision"], years=years)
    # A lookup table over the days of the data: one array index per line, no search.
    table = np.zeros(last - first + 2, dtype=bool)  # the last cell stands for a missing day
    off = np.array(sorted(calendar), dtype="datetime64[D]").view(np.int64) - first
    table[off[(off >= 0) & (off <= last - first)]] = True
    offset = day - first if valid.all() else np.where(valid, day - first, len(table) - 1)
    return pd.Series(table[offset], index=day_number.index)


def _year(day: int) -> int:
    return int(np.datetime64(day, "D").astype("datetime64[Y]").astype(np.int64)) + 1970


# -- money per line and per document ---------------------------------------------------


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="line_margin with the sign of the movement: a return written with positive amounts takes "
    "the margin back (negative), like signed_total.",
)
def signed_margin(line_margin: pd.Series, is_return: pd.Series, in_price_total: pd.Series) -> pd.Series:
    written_positive = is_return & (_num(in_price_total) > 0)
    return line_margin.where(~written_positive, -line_margin)


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="price_total_ex_vat with the sign of the movement (negative on a return line): the line's "
    "sales without IVA, as the warehouse's sales_ex_vat.",
)
def sales_ex_vat(price_total_ex_vat: pd.Series, is_return: pd.Series) -> pd.Series:
    return _with_sign(price_total_ex_vat, is_return)


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="sales_ex_vat on lines whose margin is known (missing elsewhere): the sales without IVA a "
    "margin % is taken over, so lines without a cost do not dilute it.",
)
def costed_total(sales_ex_vat: pd.Series, signed_margin: pd.Series) -> pd.Series:
    return sales_ex_vat.where(signed_margin.notna())


@registry.row(
    "lines",
    dtype="float",
    unit="CLP",
    description="Total of the line's document: the sum of signed_total over the lines sharing its in_trans_id.",
)
def doc_total(doc_code: pd.Series, signed_total: pd.Series) -> pd.Series:
    codes = doc_code.to_numpy()
    ok = codes >= 0
    amounts = np.nan_to_num(signed_total.to_numpy())
    if ok.all():
        return pd.Series(np.bincount(codes, weights=amounts)[codes], index=doc_code.index)
    totals = np.append(np.bincount(codes[ok], weights=amounts[ok]), np.nan)  # code −1 picks the NaN
    return pd.Series(totals[np.where(ok, codes, len(totals) - 1)], index=doc_code.index)


@registry.row(
    "lines",
    dtype="text",
    description="Ticket-size band of the line's document by its total (doc_total, CLP): 0-5K, 5K-10K, 10K-25K, "
    "25K-50K, 50K-100K, 100K+ with the default edges (param ticket_band_edges, lower edge included); "
    "missing on return lines and documents whose total is negative (ordered categorical).",
)
def ticket_band(doc_total: pd.Series, is_return: pd.Series, params: dict) -> pd.Series:
    edges = sorted(params["ticket_band_edges"])
    total = doc_total.to_numpy()
    band = np.searchsorted(np.asarray(edges, dtype="float64"), total, side="right")
    missing = is_return.to_numpy() | ~(total >= 0)  # NaN fails the comparison too
    return categorical(np.where(missing, -1, band), band_labels(edges), doc_total.index)


@registry.row(
    "lines",
    dtype="bool",
    description="True on the first sale line of each product in each document: the rows market-basket "
    "pairs are counted over (a product twice in one boleta is one item).",
)
def basket_item(doc_code: pd.Series, is_return: pd.Series, in_product_id: pd.Series) -> pd.Series:
    products, names = codes_of(in_product_id)
    sale = ~is_return.to_numpy()
    # Return lines get codes of their own, so they never hide a sale line of the same product.
    items = np.where(sale, products, products + len(names))
    first = first_pairs(doc_code.to_numpy(), items)
    return pd.Series(first & sale & (products >= 0), index=doc_code.index)
