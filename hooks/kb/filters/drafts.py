"""Drafts and private notes stay out of the published site, and so do their files.

``draft: true`` (Quartz, Material) or ``publish: false`` (Obsidian Publish),
keys in any case and ``"true"``/``"false"`` (``yes``/``no``, ``on``/``off``)
as booleans, removes a note from ``mkdocs build`` entirely; so does a front
matter that cannot be read, which might have said either (``Note.draft``).
``mkdocs serve`` shows them all, with a banner, so the author can read them
while writing.

An attachment (image, PDF, any file that is not a page) that only withheld
notes link to or embed is not copied into the site either. The files a note
uses are found by the vault's own resolution (``Vault.resolve_file``,
``Vault.drawing``), from its parsed links and the ``src``/``href`` of its raw
HTML; a file any published note may use is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import chain
from urllib.parse import unquote

from ..model import Link, Note
from ..vault import Vault

# Raw HTML pointing at a file: <img src="…">, <a href='…'>, <object data=…>.
HTML_REF_RE = re.compile(r"""\b(?:src|href|data)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'>]+))""", re.I)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)


def split_drafts(notes: list[Note], serving: bool) -> tuple[list[Note], list[Note]]:
    """(published, withheld)."""
    if serving:
        return notes, []
    return [n for n in notes if not n.draft], [n for n in notes if n.draft]


def _html_refs(note: Note) -> Iterator[str]:
    """The local paths a note's raw HTML points at, decoded, without query or fragment."""
    if "=" not in note.body:
        return
    for m in HTML_REF_RE.finditer(note.body):
        url = next(g for g in m.groups() if g is not None).strip()
        if url and not EXTERNAL_RE.match(url):
            yield unquote(url.partition("#")[0].partition("?")[0])


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1].lower()


def _files_of(vault: Vault, note: Note) -> Iterator[str]:
    """Every file of the vault a withheld note's links and HTML may point at."""
    html = [Link(path, "", None, True, "markdown", 0, "") for path in _html_refs(note)]
    for link in [*note.links, *html]:
        if path := vault.resolve_file(link, note):
            yield path
        elif (drawing := vault.drawing(link, note)) and drawing.export:
            yield drawing.export


def unpublished_files(vault: Vault, withheld: list[Note]) -> set[str]:
    """The attachments that only withheld notes use: one pass over the links.

    A published note keeps a file if its resolved links lead there
    (``vault.link_targets``), or if a link or HTML ``src`` it has bears the
    file's name at all: a file is left out only when no published note can
    be pointing at it.
    """
    candidates = {path for note in withheld for path in _files_of(vault, note)}
    if not candidates:
        return set()
    for targets in vault.link_targets.values():
        candidates.difference_update(targets)
    by_name: dict[str, set[str]] = defaultdict(set)
    for path in candidates:
        by_name[_name(path)].add(path)
    for note in vault.notes.values():
        for target in chain((link.target for link in note.links), _html_refs(note)):
            by_name.pop(_name(target), None)
        if not by_name:
            break
    return set().union(*by_name.values())
