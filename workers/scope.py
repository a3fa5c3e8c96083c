"""The aggregation scope of a dbt run: which companies and days the coalesced uploads changed.

An upload changed lines of its company only inside [date_from, date_to] (app.uploads):
append mode adds or updates lines dated there, replace mode also removes the company's
other lines of that range. dbt rebuilds from this what depends on it (dbt_project/
README.md, "Incremental builds"); the JSON is passed as AYNI_DBT_SCOPE, e.g.

    [{"company_id": 3, "date_from": "2025-07-01", "date_to": "2025-09-30"}, {"company_id": 5}]

An entry without dates stands for every line of the company.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Connection, text


def merge_ranges(ranges: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Inclusive day ranges merged where they overlap or touch (so each day appears once)."""
    merged: list[list[date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def build_scope(ranges: dict[int, list[tuple[date, date]]],
                whole_companies: Iterable[int] = ()) -> list[dict]:
    """Scope entries: one per merged range of each company, or one without dates for a
    company to rebuild whole."""
    whole = {int(c) for c in whole_companies}
    scope: list[dict] = []
    for company_id in sorted(set(ranges) | whole):
        if company_id in whole:
            scope.append({"company_id": company_id})
            continue
        for start, end in merge_ranges(ranges[company_id]):
            scope.append({"company_id": company_id, "date_from": start.isoformat(),
                          "date_to": end.isoformat()})
    return scope


def for_uploads(conn: Connection, upload_ids: Iterable[int],
                whole_companies: Iterable[int] = ()) -> list[dict]:
    """The scope of these uploads (uploads that loaded no line change nothing), plus the
    companies to rebuild whole."""
    rows = conn.execute(
        text("SELECT company_id, date_from, date_to FROM app.uploads WHERE id = ANY(:ids)"),
        {"ids": [int(i) for i in upload_ids]},
    ).all()
    ranges: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for company_id, date_from, date_to in rows:
        if date_from is not None and date_to is not None:
            ranges[int(company_id)].append((date_from, date_to))
    return build_scope(ranges, whole_companies)


def companies(scope: list[dict]) -> list[int]:
    return sorted({int(entry["company_id"]) for entry in scope})


def to_json(scope: list[dict]) -> str:
    return json.dumps(scope, separators=(",", ":"))
