"""The pages' side of the catalogue: the language of the session, its picker, and `t`.

The texts themselves live in the ground, `ayni/core/messages.py` (and its locale files),
which the CLI, the loaders and the workers read too."""

from __future__ import annotations

import streamlit as st

from ayni.core import messages
from ayni.core.messages import CATALOGUE
from ayni.core.settings import get_settings

__all__ = ["CATALOGUE", "language", "language_switch", "say", "t"]

LANGUAGES = {"es": "Español", "en": "English"}


def language() -> str:
    return st.session_state.get("language") or get_settings().language


def language_switch() -> None:
    """The sidebar switch; a logged-in user's choice is saved with their account. The picker
    shows the session's language on every run (after login it becomes the account's), and
    only a choice of the person changes it: comparing the widget's value with the language
    instead would take the picker's stale value for a choice, and save it."""
    st.session_state["language_picker"] = language()
    st.sidebar.selectbox("Idioma / Language", list(LANGUAGES), format_func=LANGUAGES.get,
                         key="language_picker", on_change=_chosen)


def _chosen() -> None:
    chosen = st.session_state["language_picker"]
    st.session_state["language"] = chosen
    user = st.session_state.get("user")
    if user is not None:
        from ayni.core.db import app_tx
        from ayni.usecases import accounts

        with app_tx() as conn:
            accounts.set_language(conn, user.id, chosen)


def industry_label(key: str) -> str:
    return t(f"industry.{key}") if f"industry.{key}" in CATALOGUE else key


def size_label(key: str) -> str:
    return t(f"size.{key}") if f"size.{key}" in CATALOGUE else key


def column_label(name: str) -> str:
    """A table column's header in the user's language (exports included): its metric's
    name, its line field's, or its own entry; an unknown column keeps its name."""
    for prefix in ("metric.", "line.", "col."):
        if prefix + name in CATALOGUE:
            return t(prefix + name)
    return name


def t(key: str, **values: object) -> str:
    return messages.text(key, language(), **values)


def say(message: object) -> str:
    """A stored or raised message (an upload's error, a UserError) in the page's language."""
    return messages.render(message, language())
