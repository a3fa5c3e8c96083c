"""Why a line is rejected or flagged: stable codes and their severity. The message a user can
act on is the catalogue's `reason.<code>` (ayni/core/messages.py), in each reader's language."""

from __future__ import annotations

from ayni.core import messages

ERROR = "error"
WARNING = "warning"

# code -> (severity,); the words are messages' reason.<code>
REASONS: dict[str, tuple[str]] = {
    "bad_row": (ERROR,),
    "missing_required": (ERROR,),
    "bad_date": (ERROR,),
    "future_date": (ERROR,),
    "bad_number": (ERROR,),
    "number_out_of_range": (ERROR,),
    "negative_price": (ERROR,),
    "zero_quantity": (ERROR,),
    "price_mismatch": (WARNING,),
    "unknown_doc_type": (WARNING,),
    "invalid_rut": (WARNING,),
}


def message(code: str, language: str = "es") -> str:
    return messages.text(f"reason.{code}", language)


def severity(code: str) -> str:
    return REASONS[code][0]


def severity_label(code: str, language: str = "es") -> str:
    return messages.text(f"severity.{severity(code)}", language)
