"""What the `ayni` command prints: the catalogue's texts (ayni/core/messages.py) in the
command line's language, AYNI_LANGUAGE (a setting, not LANG: a server's locale says little
about who reads the output, and a script must not change with it)."""

from __future__ import annotations

from ayni.core import messages
from ayni.core.settings import get_settings


def language() -> str:
    return get_settings().language


def say(key: str, **values: object) -> str:
    return messages.text(key, language(), **values)
