"""`ayni docs`: regenerate the reference of every GabeDA feature (docs/features.md)."""

from __future__ import annotations

from pathlib import Path

import typer

DOCS = Path(__file__).resolve().parents[2] / "docs" / "features.md"


def docs() -> None:
    """Write docs/features.md from the feature registry (analysts and the assistant read it)."""
    from engine.reference import reference_markdown

    DOCS.write_text(reference_markdown())
    typer.echo(f"wrote {DOCS}")
