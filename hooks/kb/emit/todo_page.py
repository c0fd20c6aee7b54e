"""The TODO tracker page and its machine-readable copy, ``todo.json``.

Both are generated from the vault on every build; neither is ever written
into docs/. Note text is escaped: a note's raw HTML must not run here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from ..model import Note, Todo
from ..page.todo_marks import item_id
from ..vault import Vault

SRC_URI = "todo.md"
JSON_URI = "todo.json"
LIST_SLOT = "<!-- kb:todo-list -->"


def open_count(vault: Vault) -> int:
    return sum(t.status == "open" for n in vault.notes.values() for t in n.todos)


def _item(note: Note, todo: Todo, url: str) -> str:
    where = escape(todo.section or note.title)
    return (
        f'<li id="{item_id(note, todo)}" class="kb-todo-item">'
        f'<a href="{escape(url)}#{todo.anchor}">{escape(todo.text)}</a>'
        f' <span class="kb-todo-where">{where} · 第 {todo.line} 行</span></li>'
    )


def render(vault: Vault, count_in_title: bool = True) -> str:
    """The page's Markdown, with ``LIST_SLOT`` where ``fill`` puts the list.

    The title is the page's name in every page's navigation, so with the count
    in it, a new TODO changes every page. ``serve --dirty`` leaves it out, so
    that an edit rebuilds a few pages rather than all; the page itself still
    says the count. The page is left out of search: each question is found in
    its own note, where a reader can answer it.
    """
    total = open_count(vault)
    done = sum(t.status == "done" for n in vault.notes.values() for t in n.todos)
    title = f"待办（{total}）" if count_in_title else "待办"
    return (
        f"---\ntitle: {title}\nsearch:\n  exclude: true\n---\n\n# 待办\n\n"
        f"所有笔记中还有 **{total}** 个未解决的问题，已完成 {done} 个。"
        f"点击问题跳到笔记中提出它的位置。机器可读版本：[todo.json]({JSON_URI})。\n\n"
        f"{'目前没有待办。' if not total + done else LIST_SLOT}\n"
    )


def fill(content: str, vault: Vault, url_of: Callable[[str], str]) -> str:
    """The rendered page with the list in its slot. The list is HTML we make,
    so it skips Markdown, whose HTML parser took seconds on a big vault."""
    return content.replace(LIST_SLOT, _list(vault, url_of), 1)


def _list(vault: Vault, url_of: Callable[[str], str]) -> str:
    """Each note with TODOs, its open ones first, done ones folded; ``url_of(src_uri)``
    is relative to the TODO page."""
    parts = []
    for note in sorted((n for n in vault.notes.values() if n.todos), key=lambda n: n.src_uri):
        url = url_of(note.src_uri)
        open_items = [t for t in note.todos if t.status == "open"]
        done_items = [t for t in note.todos if t.status == "done"]
        parts.append(
            f'<h2 class="kb-todo-note"><a href="{escape(url)}">{escape(note.title)}</a>'
            f' <span class="kb-count">{len(open_items)}</span></h2>'
        )
        if open_items:
            parts.append('<ul class="kb-todo-list">\n' + "\n".join(_item(note, t, url) for t in open_items) + "\n</ul>")
        if done_items:
            parts.append(
                f'<details class="kb-todo-done"><summary>已完成 {len(done_items)} 个</summary>\n'
                '<ul class="kb-todo-list">\n'
                + "\n".join(_item(note, t, url) for t in done_items)
                + "\n</ul>\n</details>"
            )
    return "\n".join(parts)


def render_json(vault: Vault) -> str:
    items = [
        {
            "note": note.src_uri,
            "title": note.title,
            "section": todo.section,
            "line": todo.line,
            "text": todo.text,
            "status": todo.status,
            "kind": todo.kind,
            "anchor": todo.anchor,
        }
        for note in sorted(vault.notes.values(), key=lambda n: n.src_uri)
        for todo in note.todos
    ]
    # No indent: only then does the json module use its C encoder.
    return json.dumps({"open": open_count(vault), "items": items}, ensure_ascii=False) + "\n"
