"""Excalidraw drawings are not published as pages.

A drawing (``图.excalidraw.md``, or any note whose front matter says
``excalidraw-plugin``) is Markdown only the plugin can draw: a "Switch to
EXCALIDRAW VIEW" banner, its text elements and compressed JSON. As a page it
would show that text and put it into search; links and embeds show its
exported image instead (``kb/drawings.py``).
"""

from __future__ import annotations

from ..model import Note


def is_drawing(note: Note) -> bool:
    return note.src_uri.lower().endswith(".excalidraw.md") or "excalidraw-plugin" in note.meta


def split_drawings(notes: list[Note]) -> tuple[list[Note], list[Note]]:
    """(notes, drawings)."""
    return [n for n in notes if not is_drawing(n)], [n for n in notes if is_drawing(n)]
