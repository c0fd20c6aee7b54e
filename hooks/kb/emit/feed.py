"""An Atom feed of the newest notes, at ``feed.xml``, linked from every page's head.

Written by feedgen, a maintained library that escapes text and writes valid
Atom. Entries need absolute addresses, so ``site_url`` is required; they are
the notes created most recently (``kb/dates.py``). Drafts never reach it, even
under ``mkdocs serve``, and an entry's summary is read from the masked body,
so ``%%comments%%`` never do either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from ..model import Note
from ..parse.headings import plain
from ..parse.masking import mask
from ..vault import Vault

URI = "feed.xml"
SIZE = 20
SUMMARY = 200
HEADING_RE = re.compile(r"^[ \t]*#{1,6}[ \t].*$", re.M)


def newest(vault: Vault, size: int = SIZE) -> list[Note]:
    """The published notes created last, newest first."""
    notes = [n for n in vault.notes.values() if not n.draft and n.dates]
    return sorted(notes, key=lambda n: (n.dates.created, n.src_uri), reverse=True)[:size]


def summary(note: Note) -> str:
    """The note's first words as plain text: no code, math, comments or headings."""
    text = re.sub(r"\s+", " ", plain(HEADING_RE.sub(" ", mask(note.body)))).strip()
    return text if len(text) <= SUMMARY else text[:SUMMARY] + "…"


def render(vault: Vault, site_url: str, site_name: str, url_of: Callable[[str], str]) -> str:
    """The feed; ``url_of(src_uri)`` is a page's URL relative to the site's root."""
    notes = newest(vault)
    feed = FeedGenerator()
    feed.id(site_url)
    feed.title(site_name)
    feed.link(href=site_url, rel="alternate")
    feed.link(href=urljoin(site_url, URI), rel="self")
    feed.language("zh")
    # The newest date the feed shows, not the build's: an unchanged vault gives the same feed.
    feed.updated(max((n.dates.updated for n in notes if n.dates), default=datetime(1970, 1, 1, tzinfo=UTC)))
    for note in notes:
        url = urljoin(site_url, url_of(note.src_uri))
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(note.title)
        entry.link(href=url)
        entry.published(note.dates.created)
        entry.updated(note.dates.updated)
        entry.summary(summary(note))
    return feed.atom_str(pretty=True).decode("utf-8")
