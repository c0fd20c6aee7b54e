"""Excalidraw drawings, found by the names notes link to them with.

The Excalidraw plugin stores a drawing as ``图.excalidraw.md``: Markdown that
only the plugin can draw. It is not published (``filters/excalidraw.py``);
a link or embed shows the image the plugin's auto-export writes beside it
(``图.excalidraw.svg`` or ``.png``) instead. Names resolve as Obsidian's do:
by path, or by file name case-insensitively, the nearest drawing winning.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

EXPORT_EXTS = ("svg", "png")  # the plugin's auto-export formats, in order of preference


@dataclass(frozen=True)
class Drawing:
    src_uri: str
    export: str | None  # the vault path of its exported image, if there is one

    @property
    def name(self) -> str:
        """The name Obsidian shows: the file name without ``.md`` and ``.excalidraw``."""
        stem = posixpath.basename(self.src_uri)[:-3]
        return stem[: -len(".excalidraw")] if stem.lower().endswith(".excalidraw") else stem


def _key(path: str) -> str:
    key = path.strip().lower()
    return key[:-3] if key.endswith(".md") else key


class Drawings:
    """Every drawing, indexed by path and by file name, with its export."""

    def __init__(self, src_uris: Iterable[str], attachments: set[str]):
        self._by_path: dict[str, Drawing] = {}
        self._by_name: dict[str, list[Drawing]] = defaultdict(list)
        for uri in src_uris:
            base = uri[:-3]
            export = next((f"{base}.{ext}" for ext in EXPORT_EXTS if f"{base}.{ext}" in attachments), None)
            drawing = Drawing(uri, export)
            self._by_path[_key(uri)] = drawing
            self._by_name[posixpath.basename(_key(uri))].append(drawing)

    def find(self, target: str, folder: str) -> Drawing | None:
        """The drawing ``target`` names, written in a note in ``folder``."""
        key = _key(target)
        if not key:
            return None
        relative = posixpath.normpath(posixpath.join(folder.lower(), key))
        if found := self._by_path.get(relative) or self._by_path.get(key):
            return found
        tail = "/" + key
        candidates = [
            d for d in self._by_name.get(posixpath.basename(key), []) if ("/" + _key(d.src_uri)).endswith(tail)
        ]
        return min(candidates, key=lambda d: _nearness(folder, d.src_uri)) if candidates else None


def _nearness(folder: str, src_uri: str) -> tuple[int, int, str]:
    """More folders shared with the linking note first, then the shallower path."""
    mine, theirs = folder.split("/") if folder else [], src_uri.split("/")[:-1]
    shared = 0
    for a, b in zip(mine, theirs, strict=False):
        if a != b:
            break
        shared += 1
    return (-shared, len(theirs), src_uri)
