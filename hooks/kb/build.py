"""One build's state: the parsed vault and the files MkDocs will write.

A new ``Build`` is made on every ``on_config``, so ``mkdocs serve`` never
carries a stale note, link or TODO from one rebuild into the next.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from urllib.parse import unquote

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import dates
from .canvas.load import CanvasSource, canvas_files, load_canvases, take_canvases
from .drawings import Drawings
from .filters.drafts import split_drafts, unpublished_files
from .filters.excalidraw import split_drawings
from .graph.local import local_graph
from .graph.model import Graph, note_graph
from .markdown.guard import describe
from .markdown.trusted import Trusted
from .model import Note
from .parse.decode import read_note
from .parse.note import parse_note, unparsed_note
from .query import Queries
from .vault import Vault

log = logging.getLogger("mkdocs.plugins.kb")

# Parsed notes by path, with the text they were parsed from. A rebuild under
# ``mkdocs serve`` parses again only the notes whose text changed.
_parsed: dict[str, tuple[str, Note]] = {}


# Under ``mkdocs serve``, each note's text by its file's path, with the file's stat
# when it was read: a rebuild reads again only the files whose stat changed. Only
# files read cleanly are kept (``read_note`` set no content and logged nothing).
_read: dict[str, tuple[tuple[int, int, int, int], str]] = {}
# A file modified this recently is not kept: file systems stamp times coarsely (a few
# ms), so a second write so soon could leave the stat as it was (git's "racy clean").
RACY_NS = 2_000_000_000


def read_cached(file: File, kept: dict[str, tuple[tuple[int, int, int, int], str]]) -> str | None:
    """``read_note``'s text, from ``_read`` when the file's modification time, size,
    inode and change time are those it was read at; what was read is put in ``kept``."""
    path = file.abs_src_path
    if path is None or file.generated_by is not None or file._content is not None:
        return read_note(file)
    try:
        stat = os.stat(path)
    except OSError:
        return read_note(file)  # reports the file as reading it always did
    key = (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)
    cached = _read.get(path)
    if cached is not None and cached[0] == key:
        kept[path] = cached
        return cached[1]
    text = read_note(file)  # stat first: a write after it changes the key for next time
    if text is not None and file._content is None and time.time_ns() - stat.st_mtime_ns > RACY_NS:
        kept[path] = (key, text)
    return text


def parse_cached(src_uri: str, text: str) -> Note:
    cached = _parsed.get(src_uri)
    if cached is None or cached[0] != text:
        cached = _parsed[src_uri] = (text, parse_safely(src_uri, text))
    return cached[1]


def parse_safely(src_uri: str, text: str) -> Note:
    """The parsed note; if parsing fails (a bug one note's text sets off), the note
    as ``unparsed_note`` makes it, its problem naming the exception: never the
    end of the build."""
    try:
        return parse_note(src_uri, text)
    except Exception as error:  # noqa: BLE001 (one note's failure, reported with its file)
        return unparsed_note(src_uri, text, describe(error))


@dataclass
class Build:
    serving: bool
    vault: Vault = field(default_factory=lambda: Vault([], set()))
    files: dict[str, File] = field(default_factory=dict)
    page: Page | None = None
    extra_files: list[File] = field(default_factory=list)
    collapsed: set[str] = field(default_factory=set)  # folder index pages standing in the nav
    generated: list[File] = field(default_factory=list)  # the emit stage's pages
    doc_files: Files | None = None
    graph: Graph = field(default_factory=lambda: Graph([], [], []))
    queries: Queries = field(default_factory=Queries)  # .base files, and the index queries read
    trusted: Trusted = field(default_factory=Trusted)  # HTML of ours put in after the sanitizer
    canvases: list[CanvasSource] = field(default_factory=list)  # the canvases' pages, to add to the files

    def load(self, files: Files, generated: set[str], docs_dir: str) -> None:
        """Parse every note once, drop what is not published (notes, and files only
        they use), date and index the rest."""
        notes: list[Note] = []
        # Under ``serve`` each note's text is kept to parse again only what changed;
        # a build parses each note once, and keeps no copy of its text.
        parse = parse_cached if self.serving else parse_safely
        kept: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        for file in list(files.documentation_pages()):
            text = read_cached(file, kept) if self.serving else read_note(file)
            if text is None:
                files.remove(file)
                continue
            note = parse(file.src_uri, text)
            for problem in note.problems:
                log.warning("%s: %s", file.src_uri, problem)
            notes.append(note)
        if self.serving:
            _read.clear()
            _read.update(kept)  # deleted files are forgotten
        published, withheld = split_drafts(notes, self.serving)
        for note in withheld:
            files.remove(files.get_file_from_path(note.src_uri))
            log.info("草稿不发布: %s", note.src_uri)
        published, drawings = split_drawings(published)
        for note in drawings:  # shown by their exported images, never as pages
            files.remove(files.get_file_from_path(note.src_uri))
        found = take_canvases(files)  # drawn as pages, not copied
        attachments = {f.src_uri for f in files if not f.is_documentation_page()}
        hidden = {n.stem for n in withheld} | {n.title for n in withheld}
        dates.assign(published, docs_dir)
        canvases, self.canvases = load_canvases(found, published, attachments, docs_dir, self.trusted, parse)
        drawn = Drawings([n.src_uri for n in drawings], attachments)
        self.vault = Vault(published + canvases, attachments, hidden, generated, drawn, keep_texts=self.serving)
        for path in sorted(unpublished_files(self.vault, withheld)):
            files.remove(files.get_file_from_path(path))
            log.info("附件只有未发布的笔记用到，不复制: %s", path)
        self.queries.load(files, self.vault)  # a .base file is a page, not a copied file
        self.files = {f.src_uri: f for f in files}

    def canvas_pages(self, config) -> list[File]:
        """The canvases' pages (``kb/canvas``), known to the build's links."""
        pages = canvas_files(config, self.canvases)
        self.files.update((f.src_uri, f) for f in pages)
        return pages

    def link_graph(self) -> None:
        """The notes' graph, once per build, after the vault is indexed."""
        self.graph = note_graph(self.vault)

    def local_graph(self, page_file: File, note: Note) -> str:
        """The note's local graph, with links relative to its page."""
        key = unquote(self.root_url(note.src_uri))  # as graph/data.py stores it
        return local_graph(self.graph, note, self.vault.notes, lambda src: self.url_from(page_file, src), key)

    def current(self) -> tuple[Page | None, Note | None]:
        """The page being rendered now, and its note."""
        return self.page, self.note_for(self.page) if self.page else None

    def note_for(self, page: Page) -> Note | None:
        return self.vault.notes.get(page.file.src_uri)

    def root_url(self, src_uri: str) -> str:
        """A file's URL relative to the site's root."""
        return self.files[src_uri].url

    def url_from(self, page_file: File, src_uri: str) -> str:
        """A page-relative URL to another file of the site."""
        return self.files[src_uri].url_relative_to(page_file)
