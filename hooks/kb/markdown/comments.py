"""Obsidian comments ``%%…%%``: removed from the page, code excepted.

The parser blanks them before reading anything (so no TODO, link, tag or
backlink context comes from a comment); this removes them from the Markdown
that MkDocs renders, before search, the table of contents or any plugin sees
the page. ``%%`` inside fenced or inline code is left alone.
"""

from __future__ import annotations

import re

from ..parse.masking import mask_code

COMMENT_RE = re.compile(r"%%.*?%%", re.S)


def strip_comments(markdown: str) -> str:
    masked = mask_code(markdown)
    spans = [m.span() for m in COMMENT_RE.finditer(masked)]
    for start, end in reversed(spans):
        markdown = markdown[:start] + markdown[end:]
    return markdown
