"""Blank out what no scanner may read: code, math and comments.

Scanners for headings, links, tags and TODOs run on a masked copy of the
body in which every such region is replaced by spaces of the same length,
so offsets and line numbers still point into the original text.

Comments are found by one left-to-right scan (``comment_spans``), which the
renderer's ``markdown/comments.py`` shares: whichever of ``%%`` and ``<!--``
opens first owns the text up to its close, so a ``%%`` inside an HTML comment
opens nothing, and the reverse. A ``%%`` that is never closed hides the rest
of the note, as in Obsidian; an unclosed ``<!--`` is text, as Python-Markdown
renders it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})")
INDENTED_RE = re.compile(r"^(?: {4}|\t)")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")

# Comments are found by ``comment_spans``; their two patterns here serve
# parse/links.py, which reads text whose comments are blank already.
INLINE_RES = [
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),  # inline code
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"%%.*?%%", re.S),  # Obsidian comments
    re.compile(r"(?<!\\)\$\$.+?\$\$", re.S),  # display math
    re.compile(r"(?<!\\)\\\[.+?\\\]", re.S),
    re.compile(r"(?<!\\)\\\(.+?\\\)", re.S),
    re.compile(r"\\begin\{([a-z]+\*?)\}.+?\\end\{\1\}", re.S),
    # pandoc's rule for $…$, as in kb.markdown.math.
    re.compile(r"(?<![\\$])\$(?![\s$])(?:\\.|[^$\\\n])+?(?<![\s\\])\$(?!\d)"),
]


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _mask_blocks(lines: list[str]) -> list[str]:
    """Blank fenced and indented code blocks, line by line."""
    out: list[str] = []
    fence: str | None = None
    previous = ""  # the last line seen, for indented code's "after a blank line"
    paragraph_is_list = False
    in_indented = False
    for line in lines:
        if fence:
            out.append(_blank(line))
            stripped = line.lstrip(" \t>")
            if stripped.startswith(fence) and not stripped[len(fence) :].strip("`~ \t"):
                fence = None
            continue
        if m := FENCE_OPEN_RE.match(line):
            fence = m.group("fence")
            out.append(_blank(line))
            continue
        blank_before = not previous.strip()
        if INDENTED_RE.match(line) and (in_indented or (blank_before and not paragraph_is_list)):
            in_indented = True
            out.append(_blank(line))
            previous = line
            continue
        if line.strip():
            in_indented = False
            if LIST_ITEM_RE.match(line):
                paragraph_is_list = True
            elif not line.startswith((" ", "\t")):
                paragraph_is_list = False
        out.append(line)
        previous = line
    return out


def mask_code(text: str) -> str:
    """The text with only code (fenced, indented, inline) blanked."""
    masked = "\n".join(_mask_blocks(text.split("\n")))
    return INLINE_RES[0].sub(lambda m: _blank(m.group(0)), masked)


COMMENT_OPEN_RE = re.compile(r"<!--|%%")


@dataclass(frozen=True)
class Comment:
    start: int
    end: int
    obsidian: bool  # ``%%…%%``, which the renderer removes; else ``<!--…-->``
    closed: bool  # an unclosed ``%%`` runs to the end of the text


def comment_spans(masked: str) -> list[Comment]:
    """The comments of a text whose code ``mask_code`` has blanked, in order."""
    spans: list[Comment] = []
    pos = 0
    while m := COMMENT_OPEN_RE.search(masked, pos):
        obsidian = m.group(0) == "%%"
        close = masked.find("%%" if obsidian else "-->", m.end())
        if close == -1:
            if obsidian:
                spans.append(Comment(m.start(), len(masked), True, False))
                break
            pos = m.end()  # an unclosed <!-- is text; a later comment still counts
            continue
        pos = close + (2 if obsidian else 3)
        spans.append(Comment(m.start(), pos, obsidian, True))
    return spans


def unclosed_comment(text: str) -> int | None:
    """Where a ``%%`` that is never closed opens (outside code), if one does."""
    if "%%" not in text:  # most notes: no second pass over the text
        return None
    spans = comment_spans(mask_code(text))
    return spans[-1].start if spans and not spans[-1].closed else None


def _blank_spans(text: str, spans: list[Comment]) -> str:
    parts: list[str] = []
    pos = 0
    for span in spans:
        parts += [text[pos : span.start], _blank(text[span.start : span.end])]
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def blank_comments(text: str) -> str:
    """The text with ``%%…%%`` and ``<!--…-->`` comments blanked, code untouched."""
    return _blank_spans(text, comment_spans(mask_code(text)))


def mask(body: str) -> str:
    """The body with code, math and comments blanked, same length and lines."""
    masked = mask_code(body)
    masked = _blank_spans(masked, comment_spans(masked))
    for pattern in INLINE_RES[3:]:  # math; code and comments are blank already
        masked = pattern.sub(lambda m: _blank(m.group(0)), masked)
    return masked
