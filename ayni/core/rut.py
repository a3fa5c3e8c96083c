"""Chilean RUTs: one stored form, `12345678-5`, validated with python-stdnum (modulo 11)."""

from __future__ import annotations

from stdnum.cl import rut as _rut
from stdnum.exceptions import InvalidChecksum, ValidationError

from ayni.core.messages import UserError


class InvalidRut(UserError, ValueError):
    """The text is not a RUT, or its check digit is wrong; the message says which."""


def normalize(value: str) -> str:
    """`12.345.678-5`, `12345678-5` or `123456785` → `12345678-5`; raises InvalidRut."""
    text = str(value or "").strip()
    try:
        compact = _rut.validate(text)
    except InvalidChecksum:
        raise InvalidRut("rut.check_digit", rut=text) from None
    except ValidationError:
        raise InvalidRut("rut.invalid", rut=text) from None
    return f"{compact[:-1]}-{compact[-1]}"


def is_valid(value: str) -> bool:
    return _rut.is_valid(str(value or ""))


def display(value: str) -> str:
    """The way Chileans write it: `12.345.678-5`; text that is not a RUT comes back as is."""
    text = str(value or "")
    return _rut.format(text) if _rut.is_valid(text) else text
