"""Named mappings saved per company (app.column_mappings), and which one a new file gets.

A file from the same system as before has the same header: its signature picks the
saved mapping by itself, so the user maps a system's export once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, text

from ayni.core import canonical
from ayni.core.messages import Message
from loaders.errors import MappingError
from loaders.mapping import Mapping, Proposal, header_signature, propose
from loaders.source import Source

Origin = Literal["named", "saved", "canonical", "proposed"]


@dataclass(frozen=True)
class Resolution:
    mapping: Mapping
    origin: Origin            # named: asked for by name; saved: header matched; canonical: in_* header
    name: str | None
    proposals: list[Proposal]

    @property
    def needs_confirmation(self) -> bool:
        """A proposal nobody has accepted yet must be confirmed before loading."""
        return self.origin == "proposed"


def save(conn: Connection, company_id: int, name: str, mapping: Mapping,
         columns: list[str]) -> None:
    data = mapping.to_json()
    conn.execute(
        text(
            """
            INSERT INTO app.column_mappings (company_id, name, source_columns, mapping, formats,
                defaults)
            VALUES (:c, :n, :s, CAST(:m AS jsonb), CAST(:f AS jsonb), CAST(:d AS jsonb))
            ON CONFLICT (company_id, name) DO UPDATE SET source_columns = excluded.source_columns,
                mapping = excluded.mapping, formats = excluded.formats,
                defaults = excluded.defaults, updated_at = now()
            """
        ),
        {"c": company_id, "n": name.strip(), "s": header_signature(columns),
         "m": json.dumps({"columns": data["columns"]}),
         "f": json.dumps({"numbers": data["numbers"], "dates": data["dates"]}),
         "d": json.dumps(data["defaults"])},
    )


def _from_row(mapping: dict, formats: dict, defaults: dict) -> Mapping:
    return Mapping.from_json({**mapping, **formats, "defaults": defaults})


def get(conn: Connection, company_id: int, name: str) -> Mapping | None:
    row = conn.execute(
        text("SELECT mapping, formats, defaults FROM app.column_mappings "
             "WHERE company_id = :c AND name = :n"), {"c": company_id, "n": name.strip()},
    ).one_or_none()
    return _from_row(*row) if row else None


def names(conn: Connection, company_id: int) -> list[str]:
    return list(conn.execute(
        text("SELECT name FROM app.column_mappings WHERE company_id = :c ORDER BY updated_at DESC"),
        {"c": company_id}).scalars())


def for_header(conn: Connection, company_id: int, columns: list[str]) -> tuple[str, Mapping] | None:
    """The most recently saved mapping of this company made for this very header."""
    row = conn.execute(
        text("SELECT name, mapping, formats, defaults FROM app.column_mappings "
             "WHERE company_id = :c AND source_columns = :s ORDER BY updated_at DESC LIMIT 1"),
        {"c": company_id, "s": header_signature(columns)},
    ).one_or_none()
    return (row[0], _from_row(*row[1:])) if row else None


def resolve(conn: Connection, company_id: int, source: Source,
            name: str | None = None) -> Resolution:
    """The mapping for this file: by name, else the saved one for its header, else identity for
    a canonical header, else a proposal that the user must confirm."""
    mapping, proposals = propose(source.preview(2000).frame)
    if name:
        named = get(conn, company_id, name)
        if named is None:
            raise MappingError("mapping.unknown_name", name=name,
                               saved=", ".join(names(conn, company_id))
                               or Message("mapping.none"))
        return Resolution(named, "named", name, proposals)
    saved = for_header(conn, company_id, source.columns)
    if saved:
        return Resolution(saved[1], "saved", saved[0], proposals)
    if set(canonical.REQUIRED) <= set(source.columns) and all(
            mapping.columns.get(c) == c for c in source.columns if c in canonical.NAMES):
        return Resolution(mapping, "canonical", None, proposals)
    return Resolution(mapping, "proposed", None, proposals)
