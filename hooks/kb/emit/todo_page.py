"""The TODO tracker page and its machine-readable copy, ``todo.json``.

Both are generated from the vault on every build; neither is ever written
into docs/. Note text is escaped: a note's raw HTML must not run here. The
list is in note order, which is what a reader without JavaScript sees; the
other views and the filters reorder it in the browser (``todo_views.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from html import escape

from ..model import Note, Todo
from ..page.todo_marks import item_id
from ..vault import Vault
from . import todo_views

SRC_URI = "todo.md"
JSON_URI = "todo.json"
LIST_SLOT = "<!-- kb:todo-list -->"


def open_count(vault: Vault) -> int:
    return sum(t.status == "open" for n in vault.notes.values() for t in n.todos)


def _item(note: Note, todo: Todo, url: str, order: int, today: date) -> str:
    """One entry; ``order`` is its place in the note order, which the views return to."""
    where = escape(todo.section or note.title)
    return (
        f'<li id="{item_id(note, todo)}" class="kb-todo-item"{todo_views.data_attributes(note, todo, order)}>'
        f'<a href="{escape(url)}#{todo.anchor}">{escape(todo.text)}</a>'
        f' <span class="kb-todo-where"><span class="kb-todo-from">{escape(note.title)} · </span>'
        f"{where} · 第 {todo.line} 行</span>{todo_views.labels(note, todo, today)}</li>"
    )


def _folded(summary: str, css: str, items: list[str]) -> str:
    return (
        f'<details class="{css}"><summary>{summary}</summary>\n<ul class="kb-todo-list">\n'
        + "\n".join(items)
        + "\n</ul>\n</details>"
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
    cancelled = sum(t.status == "cancelled" for n in vault.notes.values() for t in n.todos)
    title = f"待办（{total}）" if count_in_title else "待办"
    return (
        f"---\ntitle: {title}\nsearch:\n  exclude: true\n---\n\n# 待办\n\n"
        f"所有笔记中还有 **{total}** 个未解决的问题，已完成 {done} 个"
        f"{f'，已取消 {cancelled} 个' if cancelled else ''}。"
        f"点击问题跳到笔记中提出它的位置。机器可读版本：[todo.json]({JSON_URI})。\n\n"
        f"{'目前没有待办。' if not total + done + cancelled else LIST_SLOT}\n"
    )


def fill(content: str, vault: Vault, url_of: Callable[[str], str]) -> str:
    """The rendered page with the list in its slot. The list is HTML we make,
    so it skips Markdown, whose HTML parser took seconds on a big vault."""
    return content.replace(LIST_SLOT, _list(vault, url_of, date.today()), 1)


def _list(vault: Vault, url_of: Callable[[str], str], today: date) -> str:
    """The views' controls, then each note with TODOs, its open ones first, done and
    cancelled ones folded; ``url_of(src_uri)`` is relative to the TODO page."""
    notes = sorted((n for n in vault.notes.values() if n.todos), key=lambda n: n.src_uri)
    parts = [todo_views.controls(notes), '<div class="kb-todo-by-note">']
    order = 0
    for note in notes:
        url = url_of(note.src_uri)
        items: dict[str, list[str]] = {"open": [], "done": [], "cancelled": []}
        for todo in note.todos:
            items[todo.status].append(_item(note, todo, url, order, today))
            order += 1
        parts.append(
            '<section class="kb-todo-group">'
            f'<h2 class="kb-todo-note"><a href="{escape(url)}">{escape(note.title)}</a>'
            f' <span class="kb-count">{len(items["open"])}</span></h2>'
        )
        if items["open"]:
            parts.append('<ul class="kb-todo-list kb-todo-open">\n' + "\n".join(items["open"]) + "\n</ul>")
        if items["done"]:
            parts.append(_folded(f"已完成 {len(items['done'])} 个", "kb-todo-done", items["done"]))
        if items["cancelled"]:
            parts.append(_folded(f"已取消 {len(items['cancelled'])} 个", "kb-todo-cancelled", items["cancelled"]))
        parts.append("</section>")
    parts.append('</div>\n<ol class="kb-todo-flat" hidden></ol>')
    parts.append('<p class="kb-todo-none" hidden>没有符合条件的待办。</p>')
    return "\n".join(parts)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def render_json(vault: Vault) -> str:
    """Every item; ``created`` is when it was first written (see ``kb/dates.py``), the
    other dates and ``priority``/``recurrence`` its Tasks fields; null where absent."""
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
            "created": _iso(todo_views.opened(note, todo)),
            "due": _iso(todo.task.due),
            "scheduled": _iso(todo.task.scheduled),
            "start": _iso(todo.task.start),
            "done": _iso(todo.task.done),
            "cancelled": _iso(todo.task.cancelled),
            "priority": todo.task.priority,
            "recurrence": todo.task.recurrence,
        }
        for note in sorted(vault.notes.values(), key=lambda n: n.src_uri)
        for todo in note.todos
    ]
    # No indent: only then does the json module use its C encoder.
    return json.dumps({"open": open_count(vault), "items": items}, ensure_ascii=False) + "\n"
