"""Bytes to text: notes arrive in any encoding, the site only stores UTF-8 with LF."""

import codecs

from charset_normalizer import from_bytes

from .errors import NoteImportError

# UTF-32 LE must be tried before UTF-16 LE: its BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> str:
    """Return the text of a note with LF line endings, or raise NoteImportError.

    A byte-order mark is authoritative; otherwise charset-normalizer decides. Text with NUL
    characters is treated as binary, and whitespace-only text as nothing to import.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise NoteImportError(f"not valid {encoding} after its byte-order mark") from exc
            break
    else:
        # Checked before guessing: charset-normalizer would happily read binary as UTF-16.
        if b"\x00" in data:
            raise NoteImportError("binary file (contains NUL bytes)")
        match = from_bytes(data).best()
        if match is None:
            raise NoteImportError("cannot tell the text encoding (binary or corrupt file?)")
        text = str(match)
    if "\x00" in text:
        raise NoteImportError("binary file (contains NUL characters)")
    if not text.strip():
        raise NoteImportError("empty file (nothing but whitespace)")
    return text.replace("\r\n", "\n").replace("\r", "\n")
