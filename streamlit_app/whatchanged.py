"""The owner page's «¿Qué cambió?»: the change in sales between the period and the one it
is compared with, in one or two sentences and a waterfall of its parts (drivers.py splits
it exactly)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import formatting
from streamlit_app import charts, dashboard, drivers
from streamlit_app.i18n import language, t
from streamlit_app.periods import Span

SPLITS = ("product", "category", "customer", "buyers", "ticket")
NO_CUSTOMER, NO_CATEGORY = "(sin cliente)", "(sin categoría)"


def splits(view: dashboard.View, against: Span) -> dict[str, drivers.Split]:
    """Every split the data allows: all five for whole months (the dimension marts are
    monthly), documents against ticket alone for other spans."""
    now, before = dashboard.span_totals(view, view.period.span), dashboard.span_totals(
        view, against)
    out = {"ticket": drivers.documents_and_ticket(before["net_sales"], before["documents"],
                                                  now["net_sales"], now["documents"])}
    if not (view.period.span.whole_months and against.whole_months):
        return out
    products = view.frames.get("product_aggregations", pd.DataFrame())
    if not products.empty:
        names = (products.dropna(subset=["product_name"]).groupby("product_id")["product_name"]
                 .last().to_dict())
        out["product"] = _by(products, "product_id", view, against, names)
    categories = view.frames.get("category_aggregations", pd.DataFrame())
    if not categories.empty:
        out["category"] = _by(categories, "category", view, against,
                              {NO_CATEGORY: t("change.no_category")})
    customers = view.frames.get("customer_aggregations", pd.DataFrame())
    if not customers.empty:
        labels = {k: formatting.rut(k) for k in customers["customer_id"].dropna().unique()}
        labels[NO_CUSTOMER] = t("change.no_customer")
        out["customer"] = _by(customers, "customer_id", view, against, labels)
        out["buyers"] = drivers.new_and_returning(
            drivers.customer_groups(dashboard.in_range(customers, view, against),
                                    pd.Timestamp(against.start)),
            drivers.customer_groups(dashboard.in_range(customers, view),
                                    pd.Timestamp(view.period.span.start)))
    return out


def _by(frame: pd.DataFrame, key: str, view: dashboard.View, against: Span,
        labels: dict[str, str]) -> drivers.Split:
    def sales(span: Span | None) -> pd.Series:
        return dashboard.in_range(frame, view, span).groupby(key)["net_sales"].sum()
    return drivers.by_key(sales(against), sales(view.period.span), top=5, labels=labels)


def label(part: drivers.Part) -> str:
    if part.key in (drivers.OTHERS, drivers.NEW, drivers.RETURNING, drivers.UNIDENTIFIED,
                    drivers.DOCUMENTS, drivers.TICKET):
        return t(f"change.part.{part.key.strip('_')}")
    return part.label


def sentences(view: dashboard.View, against: Span, found: dict[str, drivers.Split]) -> list[str]:
    lang = language()
    ticket = found["ticket"]
    change = ticket.change
    word = "up" if change > 0 else "down" if change < 0 else "same"
    first = t(f"change.sales_{word}", period=dashboard.span_text(view.period.span),
              amount=formatting.money(abs(change), lang),
              pct=formatting.signed_percent(dashboard.change_pct(ticket.now, ticket.before), lang),
              against=dashboard.span_text(against))
    out = [first]
    named = found.get("product") or found.get("category")
    if named is not None:
        up, down = drivers.largest(named)
        pieces = []
        if up:
            pieces.append(t("change.added", parts=_listed(up, lang)))
        if down:
            pieces.append(t("change.took", parts=_listed(down, lang)))
        if pieces:
            out.append("; ".join(pieces) + ".")
    now, before = dashboard.span_totals(view, view.period.span), dashboard.span_totals(
        view, against)
    documents = now["documents"] - before["documents"]
    ticket_change = now["avg_ticket"] - before["avg_ticket"]
    out.append(t("change.documents", documents=formatting.number(abs(documents), lang),
                 more=t("change.more" if documents >= 0 else "change.fewer"),
                 ticket=formatting.money(abs(ticket_change), lang),
                 went=t("change.rose" if ticket_change >= 0 else "change.fell")))
    return out


def _listed(parts: list[drivers.Part], lang: str) -> str:
    written = [f"{label(p)} ({formatting.signed_money(p.amount, lang)})" for p in parts]
    return f" {t('change.and')} ".join(written)


def waterfall(split: drivers.Split, before_label: str, now_label: str):
    return charts.waterfall([(label(p), p.amount) for p in split.parts],
                            (before_label, split.before), (now_label, split.now), language())


def section(view: dashboard.View) -> None:
    st.subheader(t("change.title"))
    choices = [s for s in (view.period.previous, view.period.year_ago) if s is not None]
    if not choices:
        st.caption(t("dash.no_comparison"))
        return
    against = st.radio(t("change.against"), choices, format_func=dashboard.span_text,
                       horizontal=True, key="change_against") if len(choices) > 1 else choices[0]
    found = splits(view, against)
    for sentence in sentences(view, against, found):
        st.markdown(sentence)
    available = [s for s in SPLITS if s in found]
    by = st.segmented_control(t("change.by"), available, default=available[0],
                              format_func=lambda s: t(f"change.by.{s}"), key="change_by") \
        or available[0]
    charts.show(waterfall(found[by], dashboard.span_text(against),
                          dashboard.span_text(view.period.span)), key="owner_waterfall")
    if len(available) == 1:
        st.caption(t("change.whole_months"))
