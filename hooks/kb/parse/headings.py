"""Headings and their ids, computed exactly as the rendered page's ``toc``.

Links to ``[[笔记#标题]]`` must land on the id the page really has, so we use
the same slugify (pymdownx's, which keeps Chinese) and the same rule for
repeated headings (``id_1``, ``id_2``) as Python-Markdown's toc extension.
"""

from __future__ import annotations

import html
import re

from markdown.extensions.toc import unique
from pymdownx.slugs import slugify

from ..model import Heading

SLUGIFY = slugify(case="lower")
ATX_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
SETEXT_RE = re.compile(r"^(?P<text>[^\s>\-*+#|][^\n]*)\n(?P<rule>=+|-+)[ \t]*$", re.M)
MARKUP_RES = [
    (re.compile(r"!?\[\[([^\]|]+)\|([^\]]+)\]\]"), r"\2"),
    (re.compile(r"!?\[\[([^\]]+)\]\]"), r"\1"),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"(\*\*|__|\*|_|==|~~|`)"), ""),
]


def plain(text: str) -> str:
    """Heading text as the reader sees it: markup removed."""
    for pattern, repl in MARKUP_RES:
        text = pattern.sub(repl, text)
    return html.unescape(text).strip()


def slug(text: str) -> str:
    return SLUGIFY(plain(text), "-")


def find_headings(masked: str, body: str, first_line: int) -> list[Heading]:
    found: list[tuple[int, int, str]] = []
    for m in ATX_RE.finditer(masked):
        found.append((m.start(), len(m.group(1)), body[m.start(2) : m.end(2)]))
    for m in SETEXT_RE.finditer(masked):
        level = 1 if m.group("rule").startswith("=") else 2
        found.append((m.start(), level, body[m.start("text") : m.end("text")]))
    used: set[str] = set()
    headings = []
    for start, level, raw in sorted(found):
        text = plain(raw)
        headings.append(Heading(level, text, unique(slug(raw), used), first_line + body.count("\n", 0, start)))
    return headings
