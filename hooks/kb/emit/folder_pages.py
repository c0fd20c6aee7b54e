"""An index page for each big folder, which stands for its notes in the navigation.

Material writes the whole navigation into every page, so a vault of N notes
costs N² in build time and output: 1.4 GB at 2,000 notes. A folder with more
than ``NAV_LIMIT`` notes is listed in the navigation by this one page, which
links to all of them; search, tags, links and backlinks reach them as before.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from html import escape

from ..vault import Vault

NAV_LIMIT = 40


def big_folders(vault: Vault, existing: set[str]) -> dict[str, list[str]]:
    """Folders with more than NAV_LIMIT notes and no index page of their own."""
    by_folder: dict[str, list[str]] = defaultdict(list)
    for note in vault.notes.values():
        by_folder[note.folder].append(note.src_uri)
    return {
        folder: uris
        for folder, uris in sorted(by_folder.items())
        if folder and len(uris) > NAV_LIMIT and index_uri(folder) not in existing
    }


def index_uri(folder: str) -> str:
    return f"{folder}/index.md"


def render(vault: Vault, folder: str, uris: list[str], url_of: Callable[[str], str]) -> str:
    notes = sorted((vault.notes[uri] for uri in uris), key=lambda n: n.title)
    name = folder.rsplit("/", 1)[-1]
    items = "\n".join(f'<li><a href="{escape(url_of(n.src_uri))}">{escape(n.title)}</a></li>' for n in notes)
    # The folder's name exactly as written: a quoted YAML string (``2024``, ``a: b``
    # and ``__init__`` stay text), escaped because Material prints titles as markup,
    # and no ``#`` heading for Markdown to read emphasis in; Material shows the title.
    return (
        f"---\ntitle: {json.dumps(escape(name), ensure_ascii=False)}\n---\n\n"
        f"这个文件夹有 {len(notes)} 篇笔记，按标题排列。\n\n"
        f'<ul class="kb-folder-index">\n{items}\n</ul>\n'
    )
