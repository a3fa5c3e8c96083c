"""Every text a person reads — pages, the `ayni` command, the reasons of rejected lines, the
errors of files, uploads and jobs — in one keyed catalogue, Spanish (Chile, *tú*) and
English: `ayni/core/locale/es.toml` and `en.toml`, one `"key" = "text"` per message, with
`{name}` placeholders.

Why a keyed catalogue and not gettext (.po/.mo with Babel): a failure is written to the
database by a worker long before anyone reads it, and each reader reads it in their own
language (a company's owner in Spanish, its accountant in English, the CLI in
AYNI_LANGUAGE). So what is stored is the message's key and its values
(`{"key": "file.empty", "values": {}}`), never a sentence, and it is rendered when read.
With gettext the msgid is the Spanish sentence itself: storing it ties the database to
the wording (a fixed typo orphans every stored row) and its parameters are spliced in
before storage. Keys are stable names, the same in both files; a test checks that every
key has both languages and the same placeholders. Plain TOML needs no compile step and is
read by the standard library.

`UserError` is the base of every error whose message is written for a user: it carries
`.key` and `.values`; `str()` gives the Spanish text (for logs and the worker's output),
`.render(language)` the reader's, `.stored()` the JSON the uploads table keeps.
"""

from __future__ import annotations

import json
import string
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

LANGUAGES = ("es", "en")
LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def _load(language: str) -> dict[str, str]:
    with (LOCALE_DIR / f"{language}.toml").open("rb") as f:
        return tomllib.load(f)


def _catalogue() -> dict[str, tuple[str, str]]:
    es, en = _load("es"), _load("en")
    return {key: (es[key], en.get(key, "")) for key in es} | {
        key: ("", en[key]) for key in en.keys() - es.keys()}


# key -> (es, en): what pages and tests look up.
CATALOGUE: dict[str, tuple[str, str]] = _catalogue()


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def text(key: str, language: str = "es", **values: object) -> str:
    """The catalogue's text of `key` in `language`, its placeholders filled with `values`
    as given (the caller formats numbers and dates; `render` formats them itself)."""
    es, en = CATALOGUE[key]
    chosen = en if language == "en" else es
    return chosen.format(**values) if values else chosen


def has(key: str) -> bool:
    return key in CATALOGUE


@dataclass(frozen=True)
class Message:
    """A message not yet put into words: its key and values (a value may be a Message)."""

    key: str
    values: dict = field(default_factory=dict)

    def render(self, language: str = "es") -> str:
        return text(self.key, language, **{k: _value(v, language) for k, v in self.values.items()})

    def as_dict(self) -> dict:
        return {"key": self.key, "values": {k: _plain(v) for k, v in self.values.items()}}

    def stored(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> Message:
        values = {k: cls.from_dict(v) if isinstance(v, dict) and "key" in v else v
                  for k, v in (data.get("values") or {}).items()}
        return cls(data["key"], values)


def _plain(value: object) -> object:
    if isinstance(value, (Message, UserError)):
        return (value if isinstance(value, Message) else value.message).as_dict()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _value(value: object, language: str) -> str:
    """A value in the reader's words: messages rendered, numbers in their convention."""
    from ayni.core import formatting

    if isinstance(value, (Message, UserError)):
        return value.render(language)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return formatting.number(value, language)
    if isinstance(value, float):
        return formatting.decimal(value, language, most=2)
    return str(value)


class UserError(Exception):
    """An error whose message is written for the user: a catalogue key and its values."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key, self.values = key, values

    @property
    def message(self) -> Message:
        return Message(self.key, self.values)

    def render(self, language: str = "es") -> str:
        return self.message.render(language)

    def stored(self) -> str:
        return self.message.stored()

    def __str__(self) -> str:
        return self.render("es")


def render(message: object, language: str = "es") -> str:
    """Any message in `language`: a Message, a UserError, what `stored()` wrote to the
    database (JSON), or a plain text (rows written before messages had keys, an
    exception of a library) as it is."""
    if message is None:
        return ""
    if isinstance(message, (Message, UserError)):
        return message.render(language)
    raw = str(message)
    if raw.startswith("{"):
        try:
            data = json.loads(raw)
        except ValueError:
            return raw
        if isinstance(data, dict) and "key" in data and has(data["key"]):
            return Message.from_dict(data).render(language)
    return raw


def stored(message: Message | UserError | str) -> str:
    """What the database keeps of a message: its key and values as JSON."""
    if isinstance(message, (Message, UserError)):
        return message.stored()
    return str(message)
