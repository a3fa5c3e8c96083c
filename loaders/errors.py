"""Errors of the loaders whose messages are written for the user: a catalogue key and its
values (ayni/core/messages.py), rendered in the reader's language."""

from ayni.core.messages import UserError


class FileFormatError(UserError, ValueError):
    """The file cannot be read as it is; the message tells the user what to fix."""


class MappingError(UserError, LookupError):
    """The mapping asked for does not exist or leaves required fields without a column."""
