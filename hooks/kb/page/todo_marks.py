"""Mark every TODO where it was written, linking to its entry on the TODO page.

The parser recorded each item's offsets in the body, outside code, math and
comments, so the marks go exactly there; nothing is searched again here.
"""

from __future__ import annotations

import hashlib
from html import escape

from ..model import Note, Todo
from ..parse.headings import SLUGIFY

LABELS = {"open": "待办", "done": "已完成", "cancelled": "已取消"}  # a task; ``- [-]`` is cancelled


def item_id(note: Note, todo: Todo) -> str:
    """The id of a TODO's entry on the TODO page, stable across builds and unique.

    Slugs drop ``/``, spaces and case, so ``笔记/甲.md`` and ``笔记甲.md`` would share
    ids; a path that is not its own slug gets a short hash of itself.
    """
    path = note.src_uri.removesuffix(".md")
    slug = SLUGIFY(path, "-")
    if slug != path:
        slug = f"{slug or 'note'}-{hashlib.sha1(path.encode('utf-8')).hexdigest()[:6]}"
    return f"{slug}-{todo.anchor}"


def mark(note: Note, todo: Todo, todo_url: str) -> str:
    word = todo.status == "open" and "TODO" or "DONE"
    text = word if todo.kind == "inline" else LABELS[todo.status]
    href = escape(f"{todo_url}#{item_id(note, todo)}")
    html = f'<a class="kb-todo kb-todo-{todo.status}" id="{todo.anchor}" href="{href}" title="在待办页查看">{text}</a>'
    return html if todo.kind == "inline" else html + " "


def apply(note: Note, markdown: str, todo_url: str) -> str:
    """The page's Markdown with every TODO marked; unchanged if it is not the parsed body."""
    if markdown != note.body:
        return markdown
    pieces, pos = [], 0  # one join, not a copy of the page per item
    for todo in note.todos:  # in order of their place in the body
        pieces += (markdown[pos : todo.start], mark(note, todo, todo_url))
        pos = todo.end
    pieces.append(markdown[pos:])
    return "".join(pieces)
