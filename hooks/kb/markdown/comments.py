"""Obsidian comments ``%%…%%``: removed from the page, code excepted.

The parser blanks them before reading anything (so no TODO, link, tag or
backlink context comes from a comment); this removes them from the Markdown
that MkDocs renders, before search, the table of contents or any plugin sees
the page. Both find them with ``parse.masking.comment_spans``, so they agree:
``%%`` inside fenced or inline code or inside an HTML comment is left alone,
and a ``%%`` never closed hides the rest of the note. HTML comments are left
to the HTML sanitizer.
"""

from __future__ import annotations

from ..parse.masking import comment_spans, mask_code


def strip_comments(markdown: str) -> str:
    if "%%" not in markdown:
        return markdown
    parts: list[str] = []
    pos = 0
    for span in comment_spans(mask_code(markdown)):
        if span.obsidian:
            parts.append(markdown[pos : span.start])
            pos = span.end
    parts.append(markdown[pos:])
    return "".join(parts)
