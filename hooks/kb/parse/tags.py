"""Obsidian's inline ``#标签`` in prose.

Obsidian's rule: a tag starts after whitespace or at the start of a line,
holds letters, digits, ``_``, ``-`` and ``/``, and is not all digits. Code,
math, links and URLs are not prose, so they are blanked first; a heading's
``#`` is followed by a space, so it never matches.
"""

from __future__ import annotations

import re

LINKISH_RES = [
    re.compile(r"!?\[\[[^\]\n]*\]\]"),
    re.compile(r"\]\([^)\n]*\)"),
    re.compile(r"<[a-z][a-z0-9+.-]*:[^>\n]*>", re.I),
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.I),
    re.compile(r"<[^>\n]*>"),  # raw HTML: colours like #fff are not tags
    re.compile(r"&#?\w+;"),  # entities such as &#35;
]
TAG_RE = re.compile(r"(?:(?<=\s)|^)#(?P<tag>[\w/-]+)", re.M)


def find_inline_tags(masked: str) -> list[str]:
    for pattern in LINKISH_RES:
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    tags: list[str] = []
    for m in TAG_RE.finditer(masked):
        tag = m.group("tag").strip("/")
        if tag and not tag.replace("/", "").isdigit() and tag not in tags:
            tags.append(tag)
    return tags
