"""Navigation: notes first, then the generated pages; per-tag pages stay out.

Material lists every page in the navigation. A hundred tag pages would bury
the notes, so only the tag index is listed; the TODO page, whose title
carries the open count, the to-write list and the papers page come right after
the home page.
A folder too big to list is shown by its index page alone (see
``emit/folder_pages.py``), which keeps every page's navigation small; a note
of that folder opens it on a window of its neighbours (``nav_window.py``).
"""

from __future__ import annotations

from html import escape

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import dirname_to_title

from . import nav_window
from .emit import tag_pages
from .emit.generated import PINNED


def _tag_index(section: Section) -> Page | None:
    for child in section.children:
        if isinstance(child, Page) and child.file.src_uri == tag_pages.INDEX_URI:
            return child
    return None


def _collapse(items: list, collapsed: set[str]) -> None:
    for item in items:
        if not isinstance(item, Section):
            continue
        index = next(
            (c for c in item.children if isinstance(c, Page) and c.file.src_uri in collapsed),
            None,
        )
        if index:
            item.children = [index, *(c for c in item.children if isinstance(c, Section))]
        _collapse(item.children, collapsed)


def _first_page(section: Section) -> Page | None:
    for child in section.children:
        found = child if isinstance(child, Page) else _first_page(child) if isinstance(child, Section) else None
        if found:
            return found
    return None


def _folder_names(items: list, depth: int = 0) -> None:
    """Folders as written, as Obsidian shows them: MkDocs would make ``00_Inbox``
    ``00 Inbox`` and ``happy-llm`` ``Happy llm``. A title set in ``nav:`` stays."""
    for item in items:
        if not isinstance(item, Section):
            continue
        page = _first_page(item)
        parts = page.file.src_uri.split("/") if page else []
        if depth < len(parts) - 1 and item.title == dirname_to_title(parts[depth]):
            item.title = escape(parts[depth], quote=False)  # Material prints titles as markup
        _folder_names(item.children, depth + 1)


def arrange(nav: Navigation, collapsed: set[str]) -> Navigation:
    """``collapsed``: the index pages that stand for their folders' notes. The
    windows of their notes go with the navigation, as ``nav.kb_windows``."""
    _folder_names(nav.items)
    _collapse(nav.items, collapsed)
    nav.kb_windows = nav_window.windows(nav, {uri.rsplit("/", 1)[0] for uri in collapsed})  # type: ignore[attr-defined]
    pinned: dict[str, Page] = {}
    rest = []
    for item in nav.items:
        if isinstance(item, Page) and item.file.src_uri in PINNED:
            pinned[item.file.src_uri] = item
        elif isinstance(item, Section) and (index := _tag_index(item)):
            index.parent = None
            pinned[tag_pages.INDEX_URI] = index
        else:
            rest.append(item)
    head = rest[:1] if rest and isinstance(rest[0], Page) and rest[0].is_homepage else []
    nav.items = head + [pinned[uri] for uri in PINNED if uri in pinned] + rest[len(head) :]
    return nav
