"""Files a page holds for a user: the upload being mapped, and reports to download.

Streamlit keeps an uploaded file in memory; the loaders read from a path, so the bytes
are written once to a private folder of this session and reused on every rerun.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import streamlit as st

from ayni.core.settings import get_settings
from loaders.source import sheet_names


def _folder() -> Path:
    if "files_dir" not in st.session_state:
        st.session_state["files_dir"] = uuid.uuid4().hex
    folder = get_settings().data_dir / "tmp" / "pages" / st.session_state["files_dir"]
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def keep(upload) -> Path:
    """The uploaded file on disk (written on the first rerun that sees it)."""
    path = _folder() / f"{upload.file_id}{Path(upload.name).suffix.lower()}"
    if st.session_state.get("files_current") != upload.file_id:
        for old in _folder().iterdir():  # one file at a time per session
            old.unlink(missing_ok=True)
        path.write_bytes(upload.getvalue())
        st.session_state["files_current"] = upload.file_id
    return path


def current_id() -> str:
    return st.session_state.get("files_current", "none")


def forget(upload) -> None:
    shutil.rmtree(_folder(), ignore_errors=True)
    st.session_state.pop("files_current", None)


def sheets(path: Path) -> list[str]:
    return sheet_names(path)


def report_bytes(path: str, language: str = "es") -> bytes:
    """An upload's error report in the reader's language (its stored form holds codes)."""
    from loaders import report

    try:
        return report.render(path, language)
    except FileNotFoundError:
        return b""
