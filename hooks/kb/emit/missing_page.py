"""The to-write list: every missing note and attachment, and who wants it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..vault import Ref, Vault
from .note_links import note_links

SRC_URI = "to-write.md"


def _wanted_by(refs: list[Ref], url_of: Callable[[str], str]) -> str:
    """Each note that wants the missing one, once, in the order of its first link."""
    sources = {ref.source.src_uri: ref.source for ref in refs}  # a key keeps its first place
    return note_links(sources.values(), url_of)


def _table(missing: dict[str, list[Ref]], url_of: Callable[[str], str], what: str) -> str:
    rows = "\n".join(
        f'<tr><td><span class="kb-missing">{escape(name)}</span></td><td>{len(refs)}</td>'
        f"<td>{_wanted_by(refs, url_of)}</td></tr>"
        for name, refs in sorted(missing.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    )
    return (
        f"<table>\n<thead><tr><th>{what}</th><th>引用次数</th><th>被这些笔记引用</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )


def render(vault: Vault, url_of: Callable[[str], str], count_in_title: bool = True) -> str:
    """The page's Markdown. Its title is in every page's navigation: ``serve --dirty``
    leaves the count out of it, as for the TODO page (see ``todo_page.render``)."""
    notes, files = vault.missing_notes, vault.missing_files
    title = f"待写笔记（{len(notes)}）" if count_in_title else "待写笔记"
    parts = [
        f"---\ntitle: {title}\n---\n",
        "# 待写笔记",
        f"笔记里链接了 **{len(notes)}** 篇还不存在的笔记，另有 {len(files)} 个图片或附件找不到。"
        "在页面上它们显示为红色虚线文字，而不是会 404 的链接。",
        "## 还没写的笔记",
        _table(notes, url_of, "笔记") if notes else "没有。",
        "## 缺失的图片和附件",
        _table(files, url_of, "文件") if files else "没有。",
    ]
    return "\n\n".join(parts) + "\n"
