"""Tables as a person reads them: every cell written by ayni.core.formatting in the user's
language, while the numbers underneath stay numbers (a click on a header sorts by value)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ayni.core import formatting
from streamlit_app.i18n import language, t


def styled(frame: pd.DataFrame, kinds: dict[str, str] | None = None):
    """A Styler that writes each column by its kind (money, number, quantity, percent, day,
    month, rut, text…; unnamed columns by their dtype). Streamlit draws a missing value as
    "None" whatever the Styler says, so a column with blanks is written out as text, — for
    each blank (it then sorts as text); the others stay numbers under their written form."""
    lang, kinds = language(), kinds or {}
    writers = {column: formatting.formatter(kinds.get(column) or formatting.guess(frame[column]),
                                            lang)
               for column in frame.columns}
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].isna().any():
            frame[column] = frame[column].map(writers.pop(column)).astype(object)
    return frame.style.format(writers, na_rep=formatting.BLANK)


def show(frame: pd.DataFrame, kinds: dict[str, str] | None = None, **options) -> None:
    """st.dataframe of `frame` written the user's way; `options` go to st.dataframe."""
    if frame.empty:  # Streamlit would draw an empty grid that says "empty"
        st.caption(t("table.empty"))
        return
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    st.dataframe(styled(frame, kinds), **options)
