"""The 最近更新 page: the notes updated last, with their dates.

Readers of a knowledge base ask what changed lately. The dates come from
``kb/dates.py`` (front matter, else git, else the file's time). Drafts are
never listed, even under ``mkdocs serve``. The page repeats titles only, so
it stays out of search.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..model import Note
from ..vault import Vault
from . import feed

SRC_URI = "recent.md"
SIZE = 50


def recently_updated(vault: Vault, size: int = SIZE) -> list[Note]:
    """The published notes updated last, newest first."""
    notes = [n for n in vault.notes.values() if not n.draft and n.dates]
    return sorted(notes, key=lambda n: (n.dates.updated, n.src_uri), reverse=True)[:size]


def render(vault: Vault, url_of: Callable[[str], str]) -> str:
    """The page's Markdown; ``url_of(src_uri)`` is relative to this page."""
    notes = recently_updated(vault)
    rows = "\n".join(
        f'<tr><td><a href="{escape(url_of(n.src_uri))}">{escape(n.title)}</a></td>'
        f'<td class="kb-date">{n.dates.updated.date()}</td><td class="kb-date">{n.dates.created.date()}</td></tr>'
        for n in notes
    )
    table = (
        # No class on the table: Material styles (and wraps for scrolling) only
        # tables without one, as Markdown writes them.
        '<table>\n<thead><tr><th>笔记</th><th>更新于</th><th>创建于</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )
    return (
        "---\ntitle: 最近更新\nsearch:\n  exclude: true\n---\n\n# 最近更新\n\n"
        f"最近更新的 {len(notes)} 篇笔记，最新的在前。"
        f"新写的笔记也可以订阅：[Atom 订阅]({feed.URI})。\n\n"
        f"{table if notes else '还没有笔记。'}\n"
    )
