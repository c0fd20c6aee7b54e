"""What the TODO page's views read: each item's labels and data, and the controls.

The page is built in the note order; ``assets/javascripts/todo_views.js``
reorders and filters it in the reader's browser from the ``data-`` attributes
written here. Dates are written as dates, so "已开 N 天" and "已逾期" are
counted from the reader's today, not frozen at build time; the build-time
text is what a reader without JavaScript sees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from html import escape

from ..model import Note, Todo

PRIORITY_NAMES = {"highest": "最高", "high": "高", "medium": "中", "low": "低", "lowest": "最低"}
# Sorting rank, as the Tasks plugin sorts: an item without a priority sits between medium and low.
PRIORITY_RANK = {"highest": 0, "high": 1, "medium": 2, None: 3, "low": 4, "lowest": 5}
KINDS = {"inline": "todo", "list": "todo", "task": "task", "callout": "question"}
KIND_NAMES = {"todo": "TODO", "task": "任务", "question": "提问"}
VIEWS = {"note": "按笔记", "due": "按截止日期", "priority": "按优先级", "age": "最早提出"}
ROOT_FOLDER = "（根目录）"


def opened(note: Note, todo: Todo) -> date | None:
    return note.dates.opened.get(todo.anchor) if note.dates else None


def data_attributes(note: Note, todo: Todo, order: int) -> str:
    """What the views sort and filter an item by."""
    values = {
        "kind": KINDS[todo.kind],
        "folder": note.folder,
        "tags": json.dumps(note.tags, ensure_ascii=False),
        "order": str(order),
        "priority": str(PRIORITY_RANK[todo.task.priority]),
        "due": todo.task.due.isoformat() if todo.task.due else "",
        "opened": (day.isoformat() if (day := opened(note, todo)) else ""),
    }
    return "".join(f' data-{name}="{escape(value)}"' for name, value in values.items())


def labels(note: Note, todo: Todo, today: date) -> str:
    """Small labels after an item's text: its Tasks fields, and how long it has been open."""
    task = todo.task
    parts = []
    if task.due:
        parts.append(f'<span class="kb-label kb-due" data-due="{task.due}">截止 {task.due}</span>')
    if task.priority:
        name = PRIORITY_NAMES[task.priority]
        parts.append(f'<span class="kb-label kb-priority-{task.priority}">优先级 {name}</span>')
    for name, value in (("计划", task.scheduled), ("开始", task.start), ("完成于", task.done)):
        if value:
            parts.append(f'<span class="kb-label">{name} {value}</span>')
    if task.recurrence:
        parts.append(f'<span class="kb-label">重复 {escape(task.recurrence)}</span>')
    if task.cancelled:
        parts.append(f'<span class="kb-label">取消于 {task.cancelled}</span>')
    day = opened(note, todo)
    if todo.status == "open" and day:
        parts.append(f'<span class="kb-label kb-age" data-opened="{day}">已开 {(today - day).days} 天</span>')
    return f' <span class="kb-labels">{" ".join(parts)}</span>' if parts else ""


def _select(name: str, label: str, options: Iterable[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
    return f'<label>{label} <select data-filter="{name}"><option value="">全部</option>{items}</select></label>'


def controls(notes: list[Note]) -> str:
    """The view buttons and filters, hidden until the script shows them: without
    JavaScript they would do nothing."""
    items = [(n, t) for n in notes for t in n.todos if t.status == "open"]
    tags = sorted({tag for n, _ in items for tag in n.tags})
    folders = sorted({n.folder for n, _ in items})
    kinds = [kind for kind in KIND_NAMES if any(KINDS[t.kind] == kind for _, t in items)]
    buttons = "".join(
        f'<button type="button" class="md-button" data-view="{view}" aria-pressed="{str(view == "note").lower()}">'
        f"{name}</button>"
        for view, name in VIEWS.items()
    )
    return (
        '<div class="kb-todo-views" hidden>'
        f'<div class="kb-todo-view-buttons" role="group" aria-label="排列">{buttons}</div>'
        '<div class="kb-todo-filters">'
        + _select("tag", "标签", ((t, t) for t in tags))
        + _select("folder", "文件夹", ((f, f or ROOT_FOLDER) for f in folders))
        + _select("kind", "类型", ((k, KIND_NAMES[k]) for k in kinds))
        + "</div></div>"
    )
