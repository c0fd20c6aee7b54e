"""One page per tag, plus the tag index, all rendered by Material's tags plugin.

We only write the listing directives; the plugin fills them. Each tag page
also says how many open TODOs its notes hold, from the vault.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html import escape

from ..parse.headings import SLUGIFY
from ..vault import Vault

INDEX_URI = "tags/index.md"


def tag_uri(tag: str) -> str:
    return f"tags/{SLUGIFY(tag.replace('/', '-'), '-') or 'tag'}.md"


def notes_by_tag(vault: Vault) -> dict[str, list[str]]:
    by_tag: dict[str, list[str]] = defaultdict(list)
    for note in vault.notes.values():
        for tag in note.tags:
            by_tag[tag].append(note.src_uri)
    return dict(sorted(by_tag.items(), key=lambda kv: kv[0].lower()))


def render_index(vault: Vault) -> str:
    by_tag = notes_by_tag(vault)
    rows = "\n".join(
        f"| [{escape(tag).replace('|', '&#124;')}]({tag_uri(tag).removeprefix('tags/')}) | {len(uris)} |"
        for tag, uris in by_tag.items()
    )
    return (
        "---\ntitle: 标签\n---\n\n# 标签\n\n"
        f"共 {len(by_tag)} 个标签。点击标签名查看它的页面，或在下面按标签浏览所有笔记。\n\n"
        f"| 标签 | 笔记数 |\n|---|---|\n{rows}\n\n<!-- material/tags -->\n"
    )


def render_tag(vault: Vault, tag: str) -> str:
    notes = [vault.notes[uri] for uri in notes_by_tag(vault).get(tag, [])]
    open_todos = sum(t.status == "open" for n in notes for t in n.todos)
    name = json.dumps(tag, ensure_ascii=False)
    return (
        f"---\ntitle: {json.dumps('标签：' + tag, ensure_ascii=False)}\n---\n\n"
        f"这些笔记共有 **{open_todos}** 个未解决的待办（见[待办页](../todo.md)）。\n\n"
        f"<!-- material/tags {{ include: [{name}] }} -->\n"
    )
