"""Streamlit's own words in the user's language. Streamlit has no translations of its own:
the file uploader's button and limit, and the empty table's "empty", are written in
English by its frontend, so their text is hidden and the page's language written in its
place by CSS (a pseudo-element, so it also reads right to a screen reader's text)."""

from __future__ import annotations

import streamlit as st

from ayni.core.settings import get_settings
from streamlit_app.i18n import t

_UPLOADER = '[data-testid="stFileUploaderDropzone"]'


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def css() -> str:
    limit = get_settings().max_upload_mb
    return f"""
<style>
{_UPLOADER} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p {{
  display: none; }}
{_UPLOADER} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]::after {{
  content: {_quoted(t("chrome.upload"))}; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
/* The chosen file's size, written 0.5MB whatever the language. */
[data-testid="stFileChipName"] ~ * {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: {_quoted(t("chrome.upload_limit", mb=limit))}; font-size: 0.875rem;
  opacity: 0.7; }}
</style>"""


def apply() -> None:
    st.html(css())
