"""`ayni docs`: regenerate the reference of every GabeDA feature (docs/features.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from ayni.cli.words import say


def docs(
    out: Path = typer.Option(Path("docs") / "features.md", "--out",
                             help="Where to write it (default docs/features.md of this folder)"),
) -> None:
    """Write docs/features.md from the feature registry (analysts and the assistant read it)."""
    from engine.reference import reference_markdown

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(reference_markdown())
    typer.echo(say("cli.docs_written", path=out))
