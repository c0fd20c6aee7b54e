"""Read a note's bytes as text, or say clearly why it cannot be read.

MkDocs assumes UTF-8 and stops the whole build on anything else. A note
saved as GBK or UTF-16 by another editor is decoded with charset-normalizer
(a detector, not a guess) and the build goes on; a file that is no text at
all is reported with its name and left out. A UTF-8 note with a few stray
bytes (a paste, a bad sync) keeps its text: each broken sequence becomes
U+FFFD, with a warning naming its lines. Control characters are removed
(``controls.py``). Whenever the text differs from the file's bytes, it
becomes the file's content, so MkDocs renders what the model was parsed from.
"""

from __future__ import annotations

import logging
import re

from charset_normalizer import from_bytes
from mkdocs.structure.files import File

from .controls import strip_controls

log = logging.getLogger("mkdocs.plugins.kb")

# Bytes that are not UTF-8, as ``surrogateescape`` decodes them: one run per broken sequence.
STRAY_RE = re.compile(r"[\udc80-\udcff]+")
# Valid UTF-8 beyond ASCII must outweigh the stray bytes this much for the note to
# count as UTF-8; GBK or Latin-1 text decodes to mostly stray bytes.
UTF8_MAJORITY = 4
SHOWN_LINES = 5


def _lines(text: str, starts: list[int]) -> str:
    lines, line, pos = [], 1, 0
    for start in starts[:SHOWN_LINES]:
        line += text.count("\n", pos, start)
        pos = start
        lines.append(str(line))
    return "、".join(dict.fromkeys(lines)) + ("…" if len(starts) > SHOWN_LINES else "")


def _mostly_utf8(data: bytes, name: str) -> str | None:
    """The text with U+FFFD for each stray sequence, if the rest is UTF-8; else None."""
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    strays = [m.start() for m in STRAY_RE.finditer(text)]
    good = sum(1 for c in text if "\x7f" < c < "\udc80" or c > "\udcff")
    if not strays or good < UTF8_MAJORITY * len(strays):
        return None
    log.warning("%s: 第 %s 行有 %d 处不是 UTF-8 的字节，已替换为 �", name, _lines(text, strays), len(strays))
    return STRAY_RE.sub("\ufffd", text)


def read_note(file: File) -> str | None:
    data = file.content_bytes
    try:
        text = data.decode("utf-8-sig")
        changed = False
    except UnicodeDecodeError:
        text = _mostly_utf8(data, file.src_uri) if b"\x00" not in data else None
        changed = True
    if text is None:
        best = from_bytes(data).best() if b"\x00" not in data or data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
        if best is None:
            log.warning("%s: 无法识别的编码，这篇笔记未发布（请另存为 UTF-8）", file.src_uri)
            return None
        log.warning("%s: 以 %s 编码读取；建议另存为 UTF-8", file.src_uri, best.encoding)
        text = str(best)
    text, lines = strip_controls(text)
    if lines:
        shown = "、".join(map(str, lines[:SHOWN_LINES])) + ("…" if len(lines) > SHOWN_LINES else "")
        log.warning("%s: 第 %s 行有控制字符（如终端颜色代码），已删除", file.src_uri, shown)
    if changed or lines:
        file.content_string = text  # MkDocs then renders the text the note was parsed from
    return text
