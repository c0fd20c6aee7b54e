"""A note's neighbours in the navigation of a folded folder.

A folder of more than ``NAV_LIMIT`` notes stands in every page's navigation
by its index page alone (``emit/folder_pages.py``): listing it would cost N²
bytes. On a note of such a folder the reader would lose their place, so that
page's sidebar opens the folder on a window of ``WIDTH`` notes around it, in
navigation order (as the footer's previous and next, and unfolded folders):
the note highlighted by Material, its neighbours a click away, and "⋯" links
to the index where notes are left out. Each page pays for the window only,
so the navigation's bytes stay linear in the number of notes.

Material renders one shared navigation, so the window is put into the
folder's section just before each page is rendered and taken out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

WIDTH = 11  # the note and 5 on each side, more on one side at a folder's ends
EARLIER = "⋯ 前面的笔记"
LATER = "⋯ 后面的笔记"


def rows(pages: Sequence[Page], folded: set[str]) -> dict[str, list[Page]]:
    """The notes directly in each ``folded`` folder, in navigation order, without
    the folder's index page."""
    found: dict[str, list[Page]] = {}
    for page in pages:
        folder, _, name = page.file.src_uri.rpartition("/")
        if folder in folded and name != "index.md":
            found.setdefault(folder, []).append(page)
    return found


def span(count: int, at: int) -> tuple[int, int]:
    """The window of a row of ``count`` around position ``at``: ``WIDTH`` wide
    where the row allows, shifted inwards at its ends."""
    start = max(0, min(at - WIDTH // 2, count - WIDTH))
    return start, min(count, start + WIDTH)


def shown(row: Sequence[Page], at: int) -> tuple[bool, list[str], bool]:
    """What the window at ``at`` shows: notes left out before, the notes' paths,
    notes left out after. Titles are the caller's to add."""
    start, stop = span(len(row), at)
    return start > 0, [page.file.src_uri for page in row[start:stop]], stop < len(row)


@dataclass
class _Folder:
    section: Section
    notes: list[Page]
    folded: list  # the section's children in every other page's navigation


@dataclass
class Windows:
    """Each folded folder's section and notes, and which section shows a window now."""

    by_note: dict[str, tuple[_Folder, int]] = field(default_factory=dict)
    open: _Folder | None = None

    def show(self, page: Page) -> None:
        """Open ``page``'s folder on its window, and close the one opened before."""
        if self.open is not None:
            self.open.section.children = self.open.folded
            self.open = None
        if (found := self.by_note.get(page.file.src_uri)) is None:
            return
        folder, at = found
        start, stop = span(len(folder.notes), at)
        index = folder.folded[:1]  # the index page, which Material shows as the folder's link
        window = [
            *([_more(EARLIER, index[0])] if start > 0 else []),
            *folder.notes[start:stop],
            *([_more(LATER, index[0])] if stop < len(folder.notes) else []),
        ]
        folder.section.children = [*index, *window, *folder.folded[1:]]
        self.open = folder


def _more(title: str, index: Page) -> Link:
    link = Link(title, index.url)
    link.parent = index.parent
    return link


def windows(nav: Navigation, folded: set[str]) -> Windows:
    """The windows of ``nav``, whose folded sections already hold only their index
    page and subfolders; ``nav.pages`` still lists every note."""
    found = Windows()
    for notes in rows(nav.pages, folded).values():
        section = notes[0].parent
        if not isinstance(section, Section):
            continue
        folder = _Folder(section, notes, list(section.children))
        found.by_note |= {page.file.src_uri: (folder, at) for at, page in enumerate(notes)}
    return found


def show_window(nav: Navigation, page: Page) -> None:
    """Before ``page`` is rendered: its folder's window in, the last page's out."""
    nav.kb_windows.show(page)  # type: ignore[attr-defined]  # set by nav.arrange
