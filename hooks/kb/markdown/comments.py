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


def strip_comments(markdown: str, start: int = 0, end: int | None = None) -> str:
    """``markdown[start:end]`` without its comments, found in the whole text: a
    comment opened before ``start`` still hides what it covers after it."""
    end = len(markdown) if end is None else end
    if "%%" not in markdown:
        return markdown[start:end]
    parts: list[str] = []
    pos = start
    for span in comment_spans(mask_code(markdown)):
        if span.obsidian and span.end > pos and span.start < end:
            parts.append(markdown[pos : max(pos, span.start)])
            pos = min(span.end, end)
    parts.append(markdown[pos:end])
    return "".join(parts)
