"""Errors of the loaders whose messages are written for the user (Spanish)."""


class FileFormatError(ValueError):
    """The file cannot be read as it is; the message tells the user what to fix."""


class MappingError(LookupError):
    """The mapping asked for does not exist or leaves required fields without a column."""
