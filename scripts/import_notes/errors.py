"""The one error type the CLI reports per file instead of crashing the whole run."""


class NoteImportError(Exception):
    """A source file cannot be imported; the message says why, without the file name."""
