"""One page per tag, plus the tag index, all rendered by Material's tags plugin.

We only write the listing directives; the plugin fills them. Each tag page
also says how many open TODOs its notes hold, from the vault.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from html import escape

from ..parse.headings import SLUGIFY
from ..vault import Vault

INDEX_URI = "tags/index.md"


def tag_slug(tag: str) -> str:
    """A tag's URL part: the tag itself when it is its own slug, else slug and a short hash.

    Slugs lose case and punctuation (``C`` and ``C++``, ``LLM`` and ``llm``, ``a/b`` and
    ``a-b``), and ``index`` is the tag index itself; two tags must never share a page.
    The hash depends on the tag alone, so a tag's URL is the same on every build.
    """
    slug = SLUGIFY(tag.replace("/", "-"), "-")
    if slug == tag and slug != "index":
        return slug
    digest = hashlib.sha1(tag.encode("utf-8")).hexdigest()[:6]
    return f"{slug or 'tag'}-{digest}"


def tag_uri(tag: str) -> str:
    return f"tags/{tag_slug(tag)}.md"


def _markdown_text(text: str) -> str:
    """Text inside Markdown: HTML escaped, Markdown's own characters backslash-escaped."""
    return escape(re.sub(r"([\\`*_\[\]|#!])", r"\\\1", text), quote=False)


def _yaml_string(text: str) -> str:
    """A YAML string that cannot end the HTML comment or the front matter it sits in."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def notes_by_tag(vault: Vault) -> dict[str, list[str]]:
    by_tag: dict[str, list[str]] = defaultdict(list)
    for note in vault.notes.values():
        for tag in note.tags:
            by_tag[tag].append(note.src_uri)
    return dict(sorted(by_tag.items(), key=lambda kv: kv[0].lower()))


def render_index(vault: Vault) -> str:
    """The tag index. It lists every note under each of its tags, so it stays out of
    search: a title would be found there as well as on its own page."""
    by_tag = notes_by_tag(vault)
    rows = "\n".join(
        f"| [{_markdown_text(tag)}]({tag_uri(tag).removeprefix('tags/')}) | {len(uris)} |"
        for tag, uris in by_tag.items()
    )
    return (
        "---\ntitle: 标签\nsearch:\n  exclude: true\n---\n\n# 标签\n\n"
        f"共 {len(by_tag)} 个标签。点击标签名查看它的页面，或在下面按标签浏览所有笔记。\n\n"
        f"| 标签 | 笔记数 |\n|---|---|\n{rows}\n\n<!-- material/tags {{ toc: false }} -->\n"
    )


def render_tag(vault: Vault, tag: str, uris: list[str]) -> str:
    """The page of ``tag``, whose notes are ``uris`` (from ``notes_by_tag``). Out of
    search, as the index: its notes are found on their own pages."""
    notes = [vault.notes[uri] for uri in uris]
    open_todos = sum(t.status == "open" for n in notes for t in n.todos)
    # Material prints a page's title raw (<title>, header, <h1>), so it is escaped here;
    # the listing's table of contents would print the tag raw too, so it has none.
    return (
        f"---\ntitle: {_yaml_string('标签：' + escape(tag))}\nsearch:\n  exclude: true\n---\n\n"
        f"这些笔记共有 **{open_todos}** 个未解决的待办（见[待办页](../todo.md)）。\n\n"
        f"<!-- material/tags {{ include: [{_yaml_string(tag)}], toc: false }} -->\n"
    )
