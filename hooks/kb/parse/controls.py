"""Control characters out of a note's text and front matter, once, as the note is read.

A terminal colour code pasted from a shell (``\\x1b[31m``) or another C0/C1
control character is invisible in an editor, but XML forbids it (the feed
writer stops the build), JSON and HTML carry it as garbage. They are removed
from the text MkDocs renders and from the values of the front matter, so
every emitter after the model sees clean strings.
"""

from __future__ import annotations

import re
from typing import Any

# ANSI escape sequences whole (CSI ``ESC [ … final`` and two-character ``ESC x``),
# then any other control character but tab and line breaks; DEL, C1 and the two
# non-characters XML forbids as well.
CONTROL_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_controls(text: str) -> tuple[str, list[int]]:
    """The text without control characters, and the 1-based lines they were on."""
    if CONTROL_RE.search(text) is None:  # the usual case: one scan, no copy
        return text, []
    lines: list[int] = []
    line, pos = 1, 0
    for m in CONTROL_RE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return CONTROL_RE.sub("", text), lines


def clean_value(value: Any) -> Any:
    """A front matter value with control characters removed from its strings (YAML's ``"\\e"``)."""
    if isinstance(value, str):
        return CONTROL_RE.sub("", value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value
