"""Days given on the command line (`--as-of 2026-11-30`)."""

from __future__ import annotations

from datetime import date

import typer


def parse_day(text: str | None, option: str) -> date | None:
    """`text` as a YYYY-MM-DD day; None when the option was not given."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{option} must be a YYYY-MM-DD date, not {text!r}") from None
