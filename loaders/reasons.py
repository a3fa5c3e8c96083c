"""Why a line is rejected or flagged: stable codes with the message a user can act on."""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"

# code -> (severity, Spanish message, English message)
REASONS: dict[str, tuple[str, str, str]] = {
    "bad_row": (ERROR, "la línea no tiene las columnas del encabezado",
                "the line does not have the header's columns"),
    "missing_required": (ERROR, "falta un valor obligatorio", "a required value is missing"),
    "bad_date": (ERROR, "fecha ilegible", "unreadable date"),
    "future_date": (ERROR, "fecha en el futuro", "date in the future"),
    "bad_number": (ERROR, "número ilegible", "unreadable number"),
    "number_out_of_range": (ERROR, "número fuera de rango (15 cifras enteras como máximo)",
                            "number out of range (at most 15 whole digits)"),
    "negative_price": (ERROR, "precio negativo en una venta", "negative price on a sale"),
    "zero_quantity": (ERROR, "cantidad cero", "quantity is zero"),
    "price_mismatch": (WARNING, "cantidad × precio unitario − descuento no cuadra con el total",
                       "quantity × unit price − discount does not match the total"),
    "unknown_doc_type": (WARNING, "tipo de documento desconocido", "unknown document type"),
    "invalid_rut": (WARNING, "RUT con dígito verificador incorrecto", "RUT with a wrong check digit"),
}


def message(code: str, language: str = "es") -> str:
    _, es, en = REASONS[code]
    return es if language == "es" else en


def severity(code: str) -> str:
    return REASONS[code][0]
