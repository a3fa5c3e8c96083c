"""Why a line is rejected or flagged: stable codes with the message a user can act on."""

from __future__ import annotations

# code -> (severity, Spanish message, English message)
REASONS: dict[str, tuple[str, str, str]] = {
    "missing_required": ("error", "falta un valor obligatorio", "a required value is missing"),
    "bad_date": ("error", "fecha ilegible", "unreadable date"),
    "future_date": ("error", "fecha en el futuro", "date in the future"),
    "bad_number": ("error", "número ilegible", "unreadable number"),
    "negative_price": ("error", "precio negativo en una venta", "negative price on a sale"),
    "zero_quantity": ("error", "cantidad cero", "quantity is zero"),
}


def message(code: str, language: str = "es") -> str:
    _, es, en = REASONS[code]
    return es if language == "es" else en
