"""Links to notes by their titles, as the generated pages list them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from ..model import Note


def note_links(notes: Iterable[Note], url_of: Callable[[str], str]) -> str:
    """``notes`` as escaped links, separated as a Chinese list is; ``url_of(src_uri)``
    is relative to the page they appear on."""
    return "、".join(f'<a href="{escape(url_of(n.src_uri))}">{escape(n.title)}</a>' for n in notes)
