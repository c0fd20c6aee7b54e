"""Drafts and private notes stay out of the published site.

``draft: true`` (Quartz, Material) or ``publish: false`` (Obsidian Publish)
removes a note from ``mkdocs build`` entirely. ``mkdocs serve`` shows it,
with a banner, so the author can read it while writing.
"""

from __future__ import annotations

from ..model import Note


def split_drafts(notes: list[Note], serving: bool) -> tuple[list[Note], list[Note]]:
    """(published, withheld)."""
    if serving:
        return notes, []
    return [n for n in notes if not n.draft], [n for n in notes if n.draft]
