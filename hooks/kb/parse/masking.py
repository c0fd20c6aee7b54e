"""Blank out what no scanner may read: code, math and comments.

Scanners for headings, links, tags and TODOs run on a masked copy of the
body in which every such region is replaced by spaces of the same length,
so offsets and line numbers still point into the original text.
"""

from __future__ import annotations

import re

FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})")
INDENTED_RE = re.compile(r"^(?: {4}|\t)")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")

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


def blank_comments(text: str) -> str:
    """The text with ``%%…%%`` and ``<!--…-->`` comments blanked, code untouched."""
    masked = mask_code(text)
    for pattern in (INLINE_RES[1], INLINE_RES[2]):
        for m in pattern.finditer(masked):
            text = text[: m.start()] + _blank(m.group(0)) + text[m.end() :]
    return text


def mask(body: str) -> str:
    """The body with code, math and comments blanked, same length and lines."""
    masked = "\n".join(_mask_blocks(body.split("\n")))
    for pattern in INLINE_RES:
        masked = pattern.sub(lambda m: _blank(m.group(0)), masked)
    return masked
