"""A context's inline code and formulas, kept through parsing and shown as such.

A context (the sentence under 反向链接 or 未链接的提及) stays one string, so
it compares, hashes and digests as before; its inline code and formulas are
bracketed by control characters, which no note's text holds (the reader
removes them, ``parse/controls.py``). ``to_html`` is the one place a context
becomes HTML: plain text is escaped, code becomes ``<code>``, and a formula
becomes ``<span class="arithmatex">\\(…\\)</span>``, the markup the math
extension writes (``markdown/math.py``) and ``math.js`` typesets. A display
formula is typeset inline too: a context is one line.

``head`` and ``tail`` shorten a context only in plain text: code and formulas
are kept whole or left out.
"""

from __future__ import annotations

import re
from html import escape

CODE_OPEN, CODE_CLOSE = "\x0e", "\x0f"
MATH_OPEN, MATH_CLOSE = "\x10", "\x11"
PIECE_RE = re.compile("\x0e([^\x0e-\x11]*)\x0f|\x10([^\x0e-\x11]*)\x11")
STRAY_RE = re.compile("[\x0e-\x11]")
# A formula as written, and its TeX: $$…$$, \[…\], \(…\), $…$; \begin{…}…\end{…} is its own TeX.
DELIMITERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))


def code(text: str) -> str:
    return CODE_OPEN + STRAY_RE.sub("", text) + CODE_CLOSE


def math(written: str) -> str:
    """A formula as written in the note, marked by its TeX."""
    tex = written
    for left, right in DELIMITERS:
        if written.startswith(left) and written.endswith(right) and len(written) >= len(left) + len(right):
            tex = written[len(left) : len(written) - len(right)]
            break
    return MATH_OPEN + STRAY_RE.sub("", tex.strip()) + MATH_CLOSE


def plain(text: str) -> str:
    """The context as text: code as its content, formulas as ``$TeX$``."""
    return STRAY_RE.sub("", PIECE_RE.sub(lambda m: m.group(1) if m.group(2) is None else f"${m.group(2)}$", text))


def to_html(text: str) -> str:
    """The context as HTML: everything escaped but the marked code and formulas."""
    out: list[str] = []
    pos = 0
    for m in PIECE_RE.finditer(text):
        out.append(escape(STRAY_RE.sub("", text[pos : m.start()])))
        if m.group(2) is None:
            out.append(f"<code>{escape(m.group(1))}</code>")
        else:
            out.append(f'<span class="arithmatex">\\({escape(m.group(2))}\\)</span>')
        pos = m.end()
    out.append(escape(STRAY_RE.sub("", text[pos:])))
    return "".join(out)


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """The text split into (start, end, whole) stretches: plain text, and marked pieces."""
    spans: list[tuple[int, int, bool]] = []
    pos = 0
    for m in PIECE_RE.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start(), False))
        spans.append((m.start(), m.end(), True))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text), False))
    return spans


def head(text: str, budget: int) -> tuple[str, bool]:
    """At most ``budget`` characters from the start, cut only in plain text; and whether it was cut."""
    if len(text) <= budget:
        return text, False
    out: list[str] = []
    for start, end, whole in _spans(text):
        if end - start <= budget:
            out.append(text[start:end])
            budget -= end - start
            continue
        if not whole:
            out.append(text[start : start + budget])
        break
    return "".join(out), True


def tail(text: str, budget: int) -> tuple[str, bool]:
    """At most ``budget`` characters from the end, cut only in plain text; and whether it was cut."""
    if len(text) <= budget:
        return text, False
    out: list[str] = []
    for start, end, whole in reversed(_spans(text)):
        if end - start <= budget:
            out.append(text[start:end])
            budget -= end - start
            continue
        if not whole and budget > 0:
            out.append(text[end - budget : end])
        break
    return "".join(reversed(out)), True
