"""``mkdocs serve --dirty``: which pages an edit changes, from two models of the vault.

MkDocs' dirty mode re-renders a page only when its own source is newer than
its output, which leaves other pages stale: a note whose backlinks changed,
one that embeds the edited note, one whose links now lead elsewhere. From two
snapshots of the vault we find exactly those pages (``dirty.py`` marks them for MkDocs):

- the edited notes, and the notes that embed them, at any depth;
- the notes whose backlinks or unlinked mentions changed (text, or a linking
  or mentioning note's title);
- the notes whose links lead elsewhere, or to a note with a new title: a note
  added, deleted or renamed, an alias, an attachment;
- the notes that link to a note whose headings or block ids changed;
- the notes whose created or updated date changed;
- the notes of a folded folder whose window of neighbours in the sidebar
  (``nav_window.py``) changed: a note added, deleted, renamed or retitled
  near them;
- the pages of the old and new tags of every rebuilt note.

When what every page's navigation shows changes (a note in a folder that is
not folded, its title, which folders are folded), every page is rebuilt. The
TODO and to-write pages' titles, in every navigation, carry no count under
``serve --dirty``. Generated pages are rebuilt when their text changed.

Nothing here changes MkDocs' objects: a snapshot is made of the vault and the
navigation's order, and the plan compares two of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from mkdocs.structure.pages import Page

from .. import nav_window
from ..emit import tag_pages, todo_page
from ..model import Note
from ..vault import Vault

# A snapshot keeps what it compares as plain values (strings, tuples), compared with
# ``==``: hashing every note's repr on every save cost more than the comparison.
Shown = tuple


@dataclass(frozen=True)
class Snapshot:
    structure: Shown  # what every page's navigation shows
    bodies: dict[str, str]
    outlines: dict[str, Shown]  # headings and block ids, which links from other notes point at
    resolved: dict[str, Shown]  # where each note's links lead, with the targets' titles
    labels: dict[str, tuple[str, list[str]]]  # title and tags, which tag listings show
    backlinks: dict[str, Shown]
    mentions: dict[str, Shown]  # unlinked mentions, shown under the backlinks
    neighbours: dict[str, tuple[str | None, str | None]]  # previous and next page, in the footer
    dates: dict[str, tuple[str, str]]  # 创建于 and 更新于, at the end of the page
    windows: dict[str, Shown]  # a folded folder's notes around each of its notes, in the sidebar
    todos: Shown  # everything the TODO page's list shows, which is filled in after Markdown


def snapshot(vault: Vault, folded: set[str], pages: list[Page]) -> Snapshot:
    """``folded``: the folders the navigation shows by their index page; ``pages``: the
    navigation's pages, in order."""
    notes = sorted(vault.notes.values(), key=lambda n: n.src_uri)
    structure = (tuple((n.src_uri, n.title) for n in notes if n.folder not in folded), tuple(sorted(folded)))
    titles = {n.src_uri: n.title for n in notes}
    targets = vault.link_targets
    resolved = {n.src_uri: tuple((t, titles.get(t)) for t in targets.get(n.src_uri, ())) for n in notes}
    backlinks = {
        uri: tuple((r.source.src_uri, r.source.title, r.link.context, r.link.line) for r in refs)
        for uri, refs in vault.backlinks.items()
    }
    mentions = {
        uri: tuple((m.source.src_uri, m.source.title, m.before, m.name, m.after) for m in found)
        for uri, found in vault.mentions.items()
    }
    return Snapshot(
        structure=structure,
        bodies={n.src_uri: n.body for n in notes},
        outlines={n.src_uri: (tuple(h.id for h in n.headings), tuple(sorted(n.block_ids))) for n in notes},
        resolved=resolved,
        labels={n.src_uri: (n.title, list(n.tags)) for n in notes},
        backlinks=backlinks,
        mentions=mentions,
        neighbours={page.file.src_uri: (_uri(page.previous_page), _uri(page.next_page)) for page in pages},
        dates={n.src_uri: _dates(n) for n in notes},
        windows=_windows(pages, folded, titles),
        todos=_todo_list(notes),
    )


def _todo_list(notes: list[Note]) -> Shown:
    """What the TODO page lists of each note with TODOs, and today, which its
    labels count days from (``emit/todo_page.py``)."""
    shown = tuple(
        (
            n.src_uri,
            n.title,
            tuple(n.tags),
            tuple((t.text, t.status, t.kind, t.line, t.section, t.anchor, t.task) for t in n.todos),  # not offsets
            tuple(sorted(n.dates.opened.items())) if n.dates else None,
        )
        for n in notes
        if n.todos
    )
    return (shown, date.today())


def _windows(pages: list[Page], folded: set[str], titles: dict[str, str]) -> dict[str, Shown]:
    """What each note's window shows: whether notes are left out before and after,
    and the paths and titles of the notes in it."""
    found = {}
    for row in nav_window.rows(pages, folded).values():
        for at, page in enumerate(row):
            earlier, uris, later = nav_window.shown(row, at)
            found[page.file.src_uri] = (earlier, tuple((uri, titles.get(uri)) for uri in uris), later)
    return found


def _dates(note: Note) -> tuple[str, str]:
    dates = note.dates
    return (str(dates.created.date()), str(dates.updated.date())) if dates else ("", "")


def _uri(page: Page | None) -> str | None:
    return page.file.src_uri if page else None


def stale_pages(previous: Snapshot | None, current: Snapshot, vault: Vault) -> set[str] | None:
    """The pages to rebuild besides those MkDocs finds changed; None means all."""
    if previous is None or previous.structure != current.structure:
        return None
    # What an embed of a note shows: its text, where its links lead, its title.
    shown = {uri for uri, body in current.bodies.items() if previous.bodies.get(uri) != body}
    stale: set[str] = set()  # what only the note's own page shows
    for uri in current.bodies:
        if previous.outlines.get(uri) != current.outlines[uri]:
            shown.update(ref.source.src_uri for ref in vault.backlinks.get(uri, ()))
        if previous.resolved.get(uri) != current.resolved[uri]:
            shown.add(uri)
        before, after = previous.labels.get(uri), current.labels[uri]
        if before is None or before[0] != after[0]:
            shown.add(uri)
        if before != after or previous.backlinks.get(uri) != current.backlinks.get(uri):
            stale.add(uri)
        if previous.dates.get(uri) != current.dates[uri]:  # a commit, or a file saved on another day
            stale.add(uri)
        if previous.mentions.get(uri) != current.mentions.get(uri):
            stale.add(uri)
    stale |= {uri for uri, pair in current.neighbours.items() if previous.neighbours.get(uri) != pair}
    stale |= {uri for uri, window in current.windows.items() if previous.windows.get(uri) != window}
    # A note shows the notes it embeds, at any depth.
    embedders: dict[str, set[str]] = defaultdict(set)
    for note in vault.notes.values():
        for link, target in zip(note.links, vault.link_targets.get(note.src_uri, ()), strict=True):
            if link.embed and target is not None:
                embedders[target].add(note.src_uri)
    queue = list(shown)
    while queue:
        for uri in embedders.get(queue.pop(), ()):
            if uri not in shown:
                shown.add(uri)
                queue.append(uri)
    return stale | shown


def relisted(previous: Snapshot | None, current: Snapshot, rebuilt: set[str]) -> set[str]:
    """Generated pages to rebuild though their own text may be unchanged: the TODO
    page when what it lists changed (its list is filled in after Markdown), and the pages of the tags that
    rebuilt or deleted notes had or have, which list them through Material's tags
    plugin (a rebuilt note's tag chips link to the listings rebuilt with it). The
    tag index, too, when a note's title or tags changed."""
    before = previous.labels if previous else {}
    touched = (rebuilt & set(current.labels)) | (set(before) - set(current.labels))
    tags: set[str] = set()
    for uri in touched:
        for label in (before.get(uri), current.labels.get(uri)):
            if label is not None:
                tags.update(label[1])
    pages = {tag_pages.tag_uri(tag) for tag in tags}
    if previous is None or previous.todos != current.todos:
        pages.add(todo_page.SRC_URI)
    if any(before.get(uri) != current.labels.get(uri) for uri in touched):
        pages.add(tag_pages.INDEX_URI)
    return pages
