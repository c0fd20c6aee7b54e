"""``mkdocs serve --dirty``: rebuild only the pages an edit can change.

MkDocs' dirty mode re-renders a page only when its own source is newer than
its output, which leaves other pages stale: a note whose backlinks changed,
one that embeds the edited note, one whose links now lead elsewhere. From two
snapshots of the vault we find exactly those pages and mark them modified:

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

A page MkDocs does not rebuild is not read either, so it has no title, and
the rebuilt pages' navigation would print "None" for it; Material's tags
plugin would not know its tags, so listings would drop it and chips lose
their links. ``describe_unbuilt`` gives those pages their title and tags from
the vault, and the tag pages of every rebuilt note are rebuilt with it.

MkDocs' dirty mode also never deletes: the page of a renamed or deleted note,
or of a tag no note has any more, would stay on the served site. Those
outputs are removed here.

Material's own dirty-mode search index keeps only the first rebuilt page's
entries up to date, so the index is merged here: entries of pages not
rebuilt are carried over from the previous build, and those of deleted
pages dropped.
"""

from __future__ import annotations

import hashlib
import html
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from . import nav_window
from .emit import tag_pages, todo_page
from .engine import seam
from .model import Note
from .query import query_pages
from .vault import Vault


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    structure: str  # what every page's navigation shows
    bodies: dict[str, str]
    outlines: dict[str, str]  # headings and block ids, which links from other notes point at
    resolved: dict[str, str]  # where each note's links lead, with the targets' titles
    labels: dict[str, tuple[str, list[str]]]  # title and tags, which tag listings show
    backlinks: dict[str, str]
    mentions: dict[str, str]  # unlinked mentions, shown under the backlinks
    neighbours: dict[str, tuple[str | None, str | None]]  # previous and next page, in the footer
    dates: dict[str, tuple[str, str]]  # 创建于 and 更新于, at the end of the page
    windows: dict[str, str]  # a folded folder's notes around each of its notes, in the sidebar
    todos: str  # everything the TODO page's list shows, which is filled in after Markdown


def snapshot(vault: Vault, folded: set[str], pages: list[Page]) -> Snapshot:
    """``folded``: the folders the navigation shows by their index page; ``pages``: the
    navigation's pages, in order."""
    notes = sorted(vault.notes.values(), key=lambda n: n.src_uri)
    structure = _digest(([(n.src_uri, n.title) for n in notes if n.folder not in folded], sorted(folded)))
    titles = {n.src_uri: n.title for n in notes}
    resolved = {n.src_uri: _digest([(t, titles.get(t)) for t in vault.link_targets.get(n.src_uri, ())]) for n in notes}
    backlinks = {
        uri: _digest([(r.source.src_uri, r.source.title, r.link.context, r.link.line) for r in refs])
        for uri, refs in vault.backlinks.items()
    }
    mentions = {
        uri: _digest([(m.source.src_uri, m.source.title, m.before, m.name, m.after) for m in found])
        for uri, found in vault.mentions.items()
    }
    return Snapshot(
        structure=structure,
        bodies={n.src_uri: _digest(n.body) for n in notes},
        outlines={n.src_uri: _digest(([h.id for h in n.headings], sorted(n.block_ids))) for n in notes},
        resolved=resolved,
        labels={n.src_uri: (n.title, n.tags) for n in notes},
        backlinks=backlinks,
        mentions=mentions,
        neighbours={page.file.src_uri: (_uri(page.previous_page), _uri(page.next_page)) for page in pages},
        dates={n.src_uri: _dates(n) for n in notes},
        windows=_windows(pages, folded, titles),
        todos=_todo_list(notes),
    )


def _todo_list(notes: list[Note]) -> str:
    """What the TODO page lists of each note with TODOs, and today, which its
    labels count days from (``emit/todo_page.py``)."""
    shown = [
        (
            n.src_uri,
            n.title,
            n.tags,
            [(t.text, t.status, t.kind, t.line, t.section, t.anchor, t.task) for t in n.todos],  # not its offsets
            sorted(n.dates.opened.items()) if n.dates else None,
        )
        for n in notes
        if n.todos
    ]
    return _digest((shown, date.today()))


def _windows(pages: list[Page], folded: set[str], titles: dict[str, str]) -> dict[str, str]:
    """What each note's window shows: whether notes are left out before and after,
    and the paths and titles of the notes in it."""
    found = {}
    for row in nav_window.rows(pages, folded).values():
        for at, page in enumerate(row):
            earlier, uris, later = nav_window.shown(row, at)
            found[page.file.src_uri] = _digest((earlier, [(uri, titles.get(uri)) for uri in uris], later))
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


@dataclass
class GeneratedPages:
    """What each generated page said last time: unchanged ones are not rebuilt."""

    digests: dict[str, str] = field(default_factory=dict)

    def skip_unchanged(self, files: list, compare: bool) -> None:
        """Record each page's digest; with ``compare``, mark unchanged ones not modified."""
        for file in files:
            digest = _digest(file.content_string)
            if compare and self.digests.get(file.src_uri) == digest:
                seam.set_modified(file, False)
            self.digests[file.src_uri] = digest


def mark_modified(files: Files, uris: set[str] | None) -> None:
    """Mark the pages ``uris`` modified; None marks every page."""
    marked = files.documentation_pages() if uris is None else (files.get_file_from_path(uri) for uri in uris)
    for file in marked:
        if file is not None:
            seam.set_modified(file, True)


def freeze_modified(files: Files) -> None:
    """Decide once which pages this rebuild reads and writes.

    MkDocs asks a file whether it is newer than its output when it reads the page
    and again when it writes it. A save in between (a burst of saves under serve)
    made it write a page it never read: ``content`` None, a TypeError in Material's
    search. With the answer fixed here, such a save leaves this rebuild as planned
    and triggers the next one, which finds the file newer and its text changed.
    """
    for file in files.documentation_pages():
        seam.set_modified(file, file.is_modified())


def rebuilt_pages(files: Files) -> set[str]:
    """Every page this build rebuilds: the marked ones, and those MkDocs finds newer
    than their output (a touched file, a front matter edit)."""
    return {file.src_uri for file in files.documentation_pages() if file.is_modified()}


def describe_unbuilt(pages: list[Page], vault: Vault, tags_plugin: Any) -> None:
    """Title and tags for the pages this build does not read, as reading them would give."""
    for page in pages:
        if page.markdown is not None or page.file.is_modified():
            continue
        note = vault.notes.get(page.file.src_uri)
        if note is not None:  # front matter, with what on_page_markdown sets
            meta = {**note.meta, "title": html.escape(note.title, quote=False), "tags": note.tags}
        else:  # a generated page: its front matter
            meta = get_data(page.file.content_string)[1]
        page.markdown, page.meta = "", meta
        if tags_plugin is not None and meta.get("tags"):
            tags_plugin.mappings.add(page, "")


@dataclass
class SearchEntries:
    """The search index's entries by page URL, carried from build to build."""

    by_page: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def merge(self, entries: list[dict[str, Any]], pages: set[str], rebuilt: set[str]) -> list[dict[str, Any]]:
        """This build's entries, plus the last ones of ``pages`` that still exist but
        were not ``rebuilt`` (a rebuilt page may now have none: ``search: exclude``)."""
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        kept = {url: e for url, e in self.by_page.items() if url in pages and url not in rebuilt}
        self.by_page = kept | fresh
        return [entry for url in sorted(self.by_page) for entry in self.by_page[url]]


def page_urls(files: Files) -> tuple[set[str], set[str]]:
    """The URLs of every page, and of those this build rendered, as search writes them
    (the home page is ``""``, not its file's ``"./"``)."""
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    return {p.url for p in pages}, {p.url for p in pages if p.content is not None}


@dataclass
class Outputs:
    """The files the last build wrote, to delete those this build no longer has."""

    paths: set[str] = field(default_factory=set)

    def remove_gone(self, files: Files, site_dir: str) -> None:
        # Excluded files (.obsidian/, templates/) are listed but never written.
        current = {f.abs_dest_path for f in files if not f.inclusion.is_excluded()}
        for path in sorted(self.paths - current):
            if os.path.isfile(path):
                os.remove(path)
            folder = os.path.dirname(path)
            while folder.startswith(site_dir + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)
        self.paths = current


@dataclass
class DirtyServe:
    """What ``serve --dirty`` carries from one rebuild to the next."""

    previous: Snapshot | None = None
    generated: GeneratedPages = field(default_factory=GeneratedPages)
    outputs: Outputs = field(default_factory=Outputs)
    search: SearchEntries = field(default_factory=SearchEntries)

    def plan(self, vault: Vault, files: Files, generated: list, folded: set[str], pages: list[Page]) -> None:
        """Mark modified exactly the pages this rebuild must write."""
        current = snapshot(vault, folded, pages)
        stale = stale_pages(self.previous, current, vault)
        self.generated.skip_unchanged(generated, compare=stale is not None)
        mark_modified(files, stale)
        mark_modified(files, relisted(self.previous, current, rebuilt_pages(files)))
        mark_modified(files, query_pages(vault, generated))  # any note may have joined a query's result
        freeze_modified(files)
        self.previous = current

    def forget(self) -> None:
        """After a failed build: its snapshot was never written out, so rebuild all next time."""
        self.previous = None
