"""A note's 创建于 and 更新于, shown at the end of its page.

They go into the page's meta, which the theme's ``partials/source-file.html``
prints after the article: a template, not the page's content, so the search
index never holds them.
"""

from __future__ import annotations

from ..model import Note


def meta(note: Note) -> dict[str, str]:
    """The dates as the template reads them; none for a note without dates."""
    if note.dates is None:
        return {}
    return {"kb_created": note.dates.created.date().isoformat(), "kb_updated": note.dates.updated.date().isoformat()}
