"""Hover previews' data: one small script per note, and one listing the notes' pages.

Each file registers itself with ``previews.js`` (``kbPreviews.add``), so a
plain ``<script>`` loads it over http and from ``file://`` alike, where
``fetch()`` fails. The browser loads the listing on the first hover of a
link, and a note's file on the first hover of a link to that note; pages
themselves carry nothing. Every published note's file is listed in
``on_files`` and filled when its page is rendered, so under ``serve
--dirty`` it is rewritten exactly when its page is, and a deleted note's
file is deleted with its page (``incremental.Outputs``). Drafts have no page
in a build, hence no file and no entry in the listing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..engine import seam
from ..model import Note
from ..page.previews import slice_page
from ..vault import Vault

FOLDER = "previews"
INDEX_NAME = "index"


def data_name(src_uri: str) -> str:
    """A short, stable file name: a note keeps it across rebuilds until it moves."""
    return hashlib.blake2b(src_uri.encode("utf-8"), digest_size=6).hexdigest()


def page_key(url: str) -> str:
    """A page's URL as ``previews.js`` reads a link: decoded, without ``index.html``."""
    return unquote(url).removesuffix("index.html")


def _script(name: str, data: object) -> str:
    return f"kbPreviews.add({json.dumps(name)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


def _is_filled(file: File) -> bool:
    return bool(file.content_string)


class PreviewFiles:
    """This build's preview files: all listed up front, each filled by its page."""

    def __init__(self) -> None:
        self.by_note: dict[str, File] = {}
        self.linked: dict[str, set[str]] = {}  # per note, the fragments links lead to
        self.written: set[str] = set()  # notes whose file ``store`` wrote

    @staticmethod
    def _linked(vault: Vault) -> dict[str, set[str]]:
        """Each note's fragments that some link names (``标题``, ``^id``), from the vault's one resolution."""
        linked: dict[str, set[str]] = defaultdict(set)
        for source in vault.notes.values():
            for link, target in zip(source.links, vault.link_targets[source.src_uri], strict=True):
                if target in vault.notes and link.fragment:
                    linked[target].add(link.fragment)
        return linked

    def listed(self, config: MkDocsConfig, vault: Vault, pages: dict[str, File]) -> list[File]:
        """The listing and an empty file per note; ``pages``: the site's files by path."""
        self.by_note = {}
        self.written = set()
        self.linked = self._linked(vault)
        index: dict[str, str] = {}
        for note in vault.notes.values():
            name = data_name(note.src_uri)
            index[page_key(pages[note.src_uri].url)] = name
            file = File.generated(config, f"{FOLDER}/{name}.js", content="")
            # Under --dirty, a file whose page is not rebuilt keeps what it last wrote.
            seam.set_modified(file, lambda file=file: _is_filled(file))
            self.by_note[note.src_uri] = file
        listing = File.generated(
            config, f"{FOLDER}/{INDEX_NAME}.js", content=_script(INDEX_NAME, dict(sorted(index.items())))
        )
        return [listing, *self.by_note.values()]

    def fill(self, note: Note, html: str) -> None:
        """Slice the note's rendered page into its preview file, unless a worker did
        (``kb/engine/parallel.py``, which then calls ``store``)."""
        file = self.by_note.get(note.src_uri)
        if file is not None and not file.content_string and note.src_uri not in self.written:
            file.content_string = self.script(note, html)

    def store(self, note: Note, script: str) -> None:
        """Write a note's preview file where it goes, as its page comes (the parallel
        build): the build never holds every note's file. The file is then left out of
        MkDocs' copying (``inclusion``), as it is written."""
        file = self.by_note[note.src_uri]
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        with open(file.abs_dest_path, "w", encoding="utf-8") as out:
            out.write(script)
        file.inclusion = InclusionLevel.EXCLUDED
        self.written.add(note.src_uri)

    def script(self, note: Note, html: str) -> str:
        """The note's preview file: its page sliced, as a script that registers it."""
        # Only the sections and blocks some link leads to: the rest would never show.
        fragments = self.linked.get(note.src_uri, set())
        blocks = {f[1:] for f in fragments if f.startswith("^")} & set(note.block_ids)
        sections = {note.heading_id(f) for f in fragments if not f.startswith("^")} - {None}
        preview = slice_page(html, blocks, sections)
        data = {
            "title": note.title,
            "opening": preview.opening,
            "sections": preview.sections,
            "blocks": preview.blocks,
        }
        return _script(data_name(note.src_uri), data)
