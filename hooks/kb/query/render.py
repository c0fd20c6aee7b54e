"""A query's result as HTML. Every value and name is escaped here: note text is
untrusted, and generated views must be safe before the site's sanitizer runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape
from typing import Any

from .expr import Duration
from .fields import NoteRef
from .result import Result, Row

UrlOf = Callable[[str], str]  # a note's path → its URL from the page the view is on

EMPTY = {"task": "没有符合条件的任务。"}


def value_html(value: Any, url_of: UrlOf) -> str:
    if value is None:
        return ""
    if isinstance(value, NoteRef):
        return link_html(value, url_of)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        shown = value.strftime("%Y-%m-%d %H:%M") if value.time() != datetime.min.time() else value.date().isoformat()
        return escape(shown)
    if isinstance(value, date):
        return escape(value.isoformat())
    if isinstance(value, float):
        return escape(f"{value:.2f}".rstrip("0").rstrip("."))
    if isinstance(value, (list, tuple)):
        return "，".join(value_html(item, url_of) for item in value)
    if isinstance(value, Duration):
        return escape(str(value))
    if isinstance(value, dict):
        return escape(", ".join(f"{k}: {v}" for k, v in value.items()))
    return escape(str(value))


def link_html(ref: NoteRef, url_of: UrlOf, anchor: str = "") -> str:
    href = url_of(ref.note.src_uri) + (f"#{anchor}" if anchor else "")
    return f'<a class="kb-query-link" href="{escape(href)}">{escape(ref.note.title)}</a>'


def notice(message: str) -> str:
    return f'<div class="kb-query-error" role="note">查询无法显示：{escape(message)}</div>'


def render(result: Result, url_of: UrlOf, title: str = "") -> str:
    count = sum(len(rows) for _, rows in result.groups)
    kind = result.kind
    parts = [f'<div class="kb-query kb-query-{kind}" data-rows="{count}">']
    if title:
        parts.append(f'<p class="kb-query-name">{escape(title)}</p>')
    if count == 0:
        parts.append(f'<p class="kb-query-empty">{EMPTY.get(kind, "没有符合条件的笔记。")}</p>')
    for key, rows in result.groups:
        if not rows:
            continue
        if result.grouped:
            parts.append(f'<p class="kb-query-group">{value_html(key, url_of) or "（无）"}</p>')
        draw = {"table": _table, "list": _list, "cards": _cards, "task": _tasks}[kind]
        parts.append(draw(result, rows, url_of))
    parts.append("</div>")
    return "".join(parts)


def _table(result: Result, rows: list[Row], url_of: UrlOf) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in result.headers)
    body = []
    for row in rows:
        cells = [link_html(NoteRef(row.note), url_of)] if result.link_first else []
        cells += [value_html(v, url_of) for v in row.cells]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _list(result: Result, rows: list[Row], url_of: UrlOf) -> str:
    items = []
    for row in rows:
        shown = [value_html(v, url_of) for v in row.cells]
        extra = "：" + " · ".join(s for s in shown if s) if any(shown) else ""
        items.append(f"<li>{link_html(NoteRef(row.note), url_of)}{extra}</li>")
    return f'<ul class="kb-query-list">{"".join(items)}</ul>'


def _cards(result: Result, rows: list[Row], url_of: UrlOf) -> str:
    cards = []
    for row in rows:
        fields = "".join(
            f'<div class="kb-query-field"><span class="kb-query-label">{escape(h)}</span>'
            f'<span class="kb-query-value">{value_html(v, url_of)}</span></div>'
            for h, v in zip(result.headers, row.cells, strict=True)
            if v is not None
        )
        title = f'<p class="kb-query-title">{link_html(NoteRef(row.note), url_of)}</p>'
        cards.append(f'<div class="kb-query-card">{title}{fields}</div>')
    return f'<div class="kb-query-deck">{"".join(cards)}</div>'


def _tasks(result: Result, rows: list[Row], url_of: UrlOf) -> str:
    """Tasks under the note they are in, each linking to its place in that note."""
    out, current = [], None
    for row in rows:
        if row.note is not current:
            if current is not None:
                out.append("</ul></li>")
            current = row.note
            out.append(f"<li>{link_html(NoteRef(row.note), url_of)}<ul>")
        task = row.task
        assert task is not None
        done = task.status != "open"
        label = "已完成的任务" if done else "未完成的任务"
        due = f' <span class="kb-query-due">截止 {escape(task.task.due.isoformat())}</span>' if task.task.due else ""
        out.append(
            f'<li class="kb-query-task" data-status="{task.status}">'
            f'<input type="checkbox" disabled{" checked" if done else ""} aria-label="{label}"> '
            f'<a href="{escape(url_of(row.note.src_uri) + "#" + task.anchor)}">{escape(task.text)}</a>{due}</li>'
        )
    if current is not None:
        out.append("</ul></li>")
    return f'<ul class="kb-query-tasks">{"".join(out)}</ul>'
