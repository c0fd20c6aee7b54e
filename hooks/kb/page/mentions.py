"""The "未链接的提及" section: notes that name this one in prose but do not link to it.

It follows the backlinks, in their style, with the name highlighted in its
sentence, so the reader sees where a link could go. The sentence is escaped
text with its inline code and formulas shown as such (``parse/context_marks.py``).
A name that every note uses would list every note on one page, so a page
shows at most ``SHOWN`` and counts the rest: each page's bytes stay bounded
as the vault grows.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..mentions import Mention
from ..parse.context_marks import to_html

HEADING = "未链接的提及"
SHOWN = 30


def section(mentions: list[Mention], url_of: Callable[[str], str]) -> str:
    """Markdown for the section; ``url_of(src_uri)`` gives a page-relative URL."""
    if not mentions:
        return ""
    items = [
        f'<li><a href="{escape(url_of(m.source.src_uri))}">{escape(m.source.title)}</a>'
        f'<div class="kb-backlink-context">{to_html(m.before)}<mark>{escape(m.name)}</mark>'
        f"{to_html(m.after)}</div></li>"
        for m in mentions[:SHOWN]
    ]
    if len(mentions) > SHOWN:
        items.append(f'<li class="kb-mentions-more">还有 {len(mentions) - SHOWN} 篇笔记提到它</li>')
    return f'\n\n## {HEADING} {{ #unlinked-mentions }}\n\n<ul class="kb-mentions">\n' + "\n".join(items) + "\n</ul>\n"
