"""The "反向链接" section: every published note that links to or embeds this one.

Links through an alias or to a heading count, since the vault resolved them
all to this note. Context is escaped text, with its inline code and formulas
shown as such (``parse/context_marks.py``).
"""

from __future__ import annotations

from html import escape

from ..parse.context_marks import to_html
from ..vault import Ref

HEADING = "反向链接"


def section(refs: list[Ref], url_of) -> str:
    """Markdown for the section; ``url_of(src_uri)`` gives a page-relative URL."""
    if not refs:
        return ""
    items = []
    seen: set[tuple[str, str]] = set()
    for ref in sorted(refs, key=lambda r: (r.source.title, r.link.line)):
        key = (ref.source.src_uri, ref.link.context)
        if key in seen:
            continue
        seen.add(key)
        items.append(
            f'<li><a href="{escape(url_of(ref.source.src_uri))}">{escape(ref.source.title)}</a>'
            f'<div class="kb-backlink-context">{to_html(ref.link.context)}</div></li>'
        )
    return f'\n\n## {HEADING} {{ #backlinks }}\n\n<ul class="kb-backlinks">\n' + "\n".join(items) + "\n</ul>\n"
