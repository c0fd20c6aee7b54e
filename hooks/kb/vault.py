"""The vault: every published note, and the links between them.

Resolution follows Obsidian: a name matches a file name, a title or an
``aliases`` entry, case-insensitively; ``文件夹/笔记`` matches by path; when
several notes share a name, the one nearest the linking note wins. Built
once per build in linear time: names are indexed, never searched.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from .drawings import Drawing, Drawings
from .mentions import Mention, find_mentions
from .model import Link, Note

ATTACHMENT_EXTS = {
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "webp",
    "bmp",
    "avif",
    "pdf",
    "mp3",
    "mp4",
    "webm",
    "wav",
    "ogg",
    "m4a",
    "flac",
    "ogv",
    "mov",
    "mkv",
    "csv",
    "zip",
}

BASE_EXT = ".base"  # an Obsidian Bases file: a page of its own (kb/query), linked as a file is


def is_attachment(target: str) -> bool:
    return target.rsplit(".", 1)[-1].lower() in ATTACHMENT_EXTS if "." in target else False


def _key(name: str) -> str:
    name = name.strip().lower()
    return name[:-3] if name.endswith(".md") else name


def _tails(path: str) -> list[str]:
    """The path's proper endings at folder boundaries: ``b/c`` and ``c`` for ``a/b/c``."""
    parts = path.split("/")
    return ["/".join(parts[i:]) for i in range(1, len(parts))]


def _nearness(source: Note, candidate: Note) -> tuple[int, int]:
    """More shared folders first, then the shallower path."""
    a, b = source.src_uri.split("/")[:-1], candidate.src_uri.split("/")[:-1]
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return (-shared, len(b))


@dataclass(frozen=True)
class Ref:
    """One link from ``source``, as the backlinks and to-write lists show it."""

    source: Note
    link: Link


class Vault:
    def __init__(
        self,
        notes: list[Note],
        attachments: set[str],
        hidden: set[str] = frozenset(),
        generated: set[str] = frozenset(),
        drawings: Drawings | None = None,
        keep_texts: bool = True,
    ):
        """``hidden`` names unpublished notes: links to them render as missing
        but never show their names in a list. ``generated`` are the build's own
        pages (TODO, tags, to-write), which notes may link to like any page.
        ``drawings`` are Excalidraw drawings, which links show as images.
        ``keep_texts``: the mentions' copies of each note's prose are kept for the
        next rebuild (``serve``); a build drops them once the mentions are found."""
        self.keep_texts = keep_texts
        self.notes = {note.src_uri: note for note in notes}
        self.drawings = drawings or Drawings([], set())
        self.attachments = attachments
        self.generated = generated
        self._hidden = {_key(name) for name in hidden}
        self._by_name: dict[str, list[Note]] = defaultdict(list)
        self._by_path: dict[str, Note] = {}
        self._by_tail: dict[str, list[Note]] = defaultdict(list)  # "文件夹/笔记" for "库/文件夹/笔记"
        self._files_by_name: dict[str, list[str]] = defaultdict(list)
        for note in notes:
            path = _key(note.src_uri)
            self._by_path[path] = note
            for tail in _tails(path):
                self._by_tail[tail].append(note)
            # A canvas answers to its file name, ``[[图.canvas]]``, as in Obsidian; not to ``[[图]]``.
            for name in {note.stem} if note.canvas else {note.stem, note.title, *note.aliases}:
                self._by_name[_key(name)].append(note)
        for path in attachments:
            self._files_by_name[path.rsplit("/", 1)[-1].lower()].append(path)
        # What each note's links lead to, in order: a note's or file's path, or None.
        self.link_targets: dict[str, list[str | None]] = defaultdict(list)
        self.backlinks: dict[str, list[Ref]] = defaultdict(list)
        self.missing_notes: dict[str, list[Ref]] = defaultdict(list)
        self.missing_files: dict[str, list[Ref]] = defaultdict(list)
        self._index_links()

    def resolve(self, link: Link, source: Note) -> Note | None:
        target = link.target
        if not target:
            return source
        if link.kind == "markdown":
            joined = posixpath.normpath(posixpath.join(source.folder, target))
            return self._by_path.get(_key(joined))
        key = _key(target)
        if key in self._by_path:
            return self._by_path[key]
        if "/" in key:
            found = self._by_tail.get(key, [])
        else:
            found = self._by_name.get(key, [])
        if len(found) == 1:  # the usual case: no nearness to weigh
            return found[0]
        return min(found, key=lambda n: (_nearness(source, n), n.src_uri)) if found else None

    def resolve_file(self, link: Link, source: Note) -> str | None:
        """The vault path of an image or attachment a note points at."""
        joined = posixpath.normpath(posixpath.join(source.folder, link.target))
        if joined in self.attachments:
            return joined
        if link.target in self.attachments:
            return link.target
        found = self._files_by_name.get(link.target.rsplit("/", 1)[-1].lower(), [])
        return min(found, key=lambda p: (p.count("/"), p)) if found else None

    def drawing(self, link: Link, source: Note) -> Drawing | None:
        """The Excalidraw drawing a link names, when no note has that name."""
        return None if self.resolve(link, source) else self.drawings.find(link.target, source.folder)

    def is_generated(self, link: Link, source: Note) -> bool:
        return posixpath.normpath(posixpath.join(source.folder, link.target)) in self.generated

    def is_hidden(self, link: Link) -> bool:
        return _key(link.target) in self._hidden or _key(link.target.rsplit("/", 1)[-1]) in self._hidden

    @cached_property
    def mentions(self) -> dict[str, list[Mention]]:
        """Unlinked mentions of each note (``mentions.py``), found when first asked for."""
        return find_mentions(list(self.notes.values()), self.link_targets, self.keep_texts)

    def _index_links(self) -> None:
        for source in self.notes.values():
            targets = self.link_targets[source.src_uri]
            for link in source.links:
                if is_attachment(link.target) or link.target.lower().endswith(BASE_EXT):  # a .base is a page of its own
                    path = self.resolve_file(link, source)
                    targets.append(path)
                    if path is None:
                        self.missing_files[link.target].append(Ref(source, link))
                    continue
                target = self.resolve(link, source)
                if target is None and (drawing := self.drawings.find(link.target, source.folder)):
                    targets.append(drawing.export or drawing.src_uri)  # an export appearing changes it
                    continue
                targets.append(target.src_uri if target else None)
                if target is None and link.kind == "markdown" and self.is_generated(link, source):
                    continue
                if target is None:
                    if not self.is_hidden(link):
                        self.missing_notes[link.target.removesuffix(".md")].append(Ref(source, link))
                elif target is not source:
                    self.backlinks[target.src_uri].append(Ref(source, link))
