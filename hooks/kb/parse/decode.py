"""Read a note's bytes as text, or say clearly why it cannot be read.

MkDocs assumes UTF-8 and stops the whole build on anything else. A note
saved as GBK or UTF-16 by another editor is decoded with charset-normalizer
(a detector, not a guess) and the build goes on; a file that is no text at
all is reported with its name and left out.
"""

from __future__ import annotations

import logging

from charset_normalizer import from_bytes
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.kb")


def read_note(file: File) -> str | None:
    data = file.content_bytes
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best() if b"\x00" not in data or data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    if best is None:
        log.warning("%s: 无法识别的编码，这篇笔记未发布（请另存为 UTF-8）", file.src_uri)
        return None
    log.warning("%s: 以 %s 编码读取；建议另存为 UTF-8", file.src_uri, best.encoding)
    text = str(best)
    file.content_string = text  # MkDocs then renders the decoded text
    return text
