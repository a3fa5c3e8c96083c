"""One catalogue for every text a person reads: both languages, the same placeholders, and
errors that carry a key and are rendered in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from ayni.core import messages
from ayni.core.messages import Message, UserError
from loaders.errors import FileFormatError
from loaders.reasons import REASONS
from loaders.report import ReportWriter, read_report, render

ROOT = Path(__file__).resolve().parents[2]


def test_every_key_exists_in_both_languages_with_the_same_placeholders():
    es, en = messages._load("es"), messages._load("en")
    assert sorted(es) == sorted(en)
    for key in es:
        assert es[key].strip() and en[key].strip(), key
        assert messages.placeholders(es[key]) == messages.placeholders(en[key]), key


def test_every_key_the_code_asks_for_exists():
    """Literal keys of UserErrors, Messages and the CLI's `say` are in the catalogue."""
    pattern = re.compile(r'(?:Error|Message|say|_say|text)\(\s*"([a-z_]+\.[a-z_.0-9]+)"')
    used = set()
    for folder in ("ayni", "loaders", "workers", "streamlit_app"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(pattern.findall(path.read_text()))
    assert used and used - set(messages.CATALOGUE) == set()
    assert {f"reason.{code}" for code in REASONS} <= set(messages.CATALOGUE)


def test_an_error_carries_its_key_and_renders_in_each_language():
    exc = FileFormatError("file.no_sheet", sheet="Ventas", sheets="Hoja1, Hoja2")
    assert (exc.key, exc.values) == ("file.no_sheet", {"sheet": "Ventas", "sheets": "Hoja1, Hoja2"})
    assert str(exc) == "la hoja «Ventas» no existe; las hojas del archivo son: Hoja1, Hoja2"
    assert exc.render("en") == "there is no sheet “Ventas”; the file's sheets are: Hoja1, Hoja2"
    stored = exc.stored()
    assert messages.render(stored, "en") == exc.render("en")
    assert messages.render(stored, "es") == str(exc)


def test_stored_values_are_written_in_the_readers_convention():
    nested = Message("job.internal", {"stage": Message("stage.load"), "error": "KeyError"})
    stored = nested.stored()
    assert "Validating" not in stored and "Validando" not in stored  # words only when read
    assert messages.render(stored, "en").startswith("internal error in the stage “Validating")
    assert messages.render(stored, "es").startswith("error interno en la etapa «Validando")
    many = UserError("load.too_many_errors", rejected=1234, read=5000, share=24.7, limit=5.0)
    assert messages.render(many.stored(), "es").startswith("1.234 de 5.000 líneas")
    assert "24,7 %" in messages.render(many.stored(), "es")
    assert messages.render(many.stored(), "en").startswith("1,234 of 5,000 lines")


def test_a_plain_stored_text_is_shown_as_it_is():
    assert messages.render("el archivo está vacío", "en") == "el archivo está vacío"
    assert messages.render(None, "en") == ""
    assert messages.render('{"not": "a message"}', "en") == '{"not": "a message"}'


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_report_is_rendered_in_the_readers_language(tmp_path, language):
    writer = ReportWriter(tmp_path / "r.csv")
    writer.write(pd.DataFrame({"line": [3], "column": ["Fecha"], "value": [""],
                               "code": ["missing_required"]}))
    writer.close()
    assert (tmp_path / "r.csv").read_text().splitlines() == [
        "line,column,value,code", "3,Fecha,,missing_required"]  # stored: codes, no words
    other = "en" if language == "es" else "es"
    text = render(tmp_path / "r.csv", language).decode("utf-8-sig")
    assert messages.text("reason.missing_required", language) in text
    assert messages.text("reason.missing_required", other) not in text
    frame = read_report(tmp_path / "r.csv", language)
    assert list(frame.columns) == [messages.text(f"report.{c}", language) for c in
                                   ("line", "column", "value", "reason", "code", "severity")]
