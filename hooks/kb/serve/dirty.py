"""``mkdocs serve --dirty``: what MkDocs' dirty build needs told or fixed, so the
plan (``plan.py``) is what it rebuilds.

MkDocs' dirty mode re-renders a page only when its own source is newer than
its output; ``DirtyServe.plan`` marks modified exactly the pages the plan names.

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

import html
import json
import os
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from ..engine import seam
from ..query import query_pages
from ..vault import Vault
from .plan import Snapshot, relisted, snapshot, stale_pages


@dataclass
class GeneratedPages:
    """What each generated page said last time: unchanged ones are not rebuilt."""

    texts: dict[str, str] = field(default_factory=dict)

    def skip_unchanged(self, files: list, compare: bool) -> None:
        """Record each page's text; with ``compare``, mark unchanged ones not modified."""
        for file in files:
            text = file.content_string
            if compare and self.texts.get(file.src_uri) == text:
                seam.set_modified(file, False)
            self.texts[file.src_uri] = text


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
    than their output (a touched file, a front matter edit). Each page's answer is
    fixed as it is asked (``freeze_modified``): one look at its file's time, not two."""
    rebuilt = set()
    for file in files.documentation_pages():
        answer = file.is_modified()
        seam.set_modified(file, answer)
        if answer:
            rebuilt.add(file.src_uri)
    return rebuilt


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
    # Each page's entries as JSON, with the list they were serialized from: a page
    # not rebuilt keeps its list, so its JSON is not made again.
    serialized: dict[str, tuple[list[dict[str, Any]], str]] = field(default_factory=dict)

    def merge(self, entries: list[dict[str, Any]], pages: set[str], rebuilt: set[str]) -> list[dict[str, Any]]:
        """This build's entries, plus the last ones of ``pages`` that still exist but
        were not ``rebuilt`` (a rebuilt page may now have none: ``search: exclude``)."""
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        kept = {url: e for url, e in self.by_page.items() if url in pages and url not in rebuilt}
        self.by_page = kept | fresh
        return [entry for url in sorted(self.by_page) for entry in self.by_page[url]]

    def docs_json(self) -> str:
        """The merged entries as the JSON list Material writes (``json.dumps`` with
        ``separators=(",", ":")``, ``default=str``), made page by page."""
        parts = []
        serialized = {}
        for url in sorted(self.by_page):
            entries = self.by_page[url]
            known = self.serialized.get(url)
            if known is None or known[0] is not entries:
                text = ",".join(json.dumps(e, separators=(",", ":"), default=str) for e in entries)
                known = (entries, text)
            serialized[url] = known
            if entries:
                parts.append(known[1])
        self.serialized = serialized
        return f"[{','.join(parts)}]"


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
