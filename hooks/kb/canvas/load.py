"""Each ``.canvas`` file of the vault becomes a note, with a page of its own.

Called once per build, after the notes are parsed and drafts withheld: a
file card shows a published note's title and opening, so the notes come
first. The canvas file itself is not copied into the site; its page stands
for it. A file that cannot be read as a canvas gets a warning naming it, and
no page; the rest of the site builds.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime

from mkdocs.structure.files import File, Files

from ..markdown.trusted import Trusted
from ..model import Note, NoteDates
from .model import CanvasError, read_canvas
from .page import CanvasPage, page_uri

log = logging.getLogger("mkdocs.plugins.kb")


@dataclass(frozen=True)
class CanvasSource:
    canvas_uri: str  # the vault's file, ``图.canvas``
    page_uri: str  # its page, ``图.canvas.md``
    markdown: str


def take_canvases(files: Files) -> list[File]:
    """The vault's canvas files, taken out of what MkDocs copies."""
    found = [f for f in files if f.src_uri.lower().endswith(".canvas") and not f.is_documentation_page()]
    for file in found:
        files.remove(file)
    return found


def load_canvases(
    found: list[File], notes: list[Note], attachments: set[str], docs_dir: str, trusted: Trusted, parse
) -> tuple[list[Note], list[CanvasSource]]:
    """The canvases' notes and pages. ``parse(src_uri, text)`` parses a note (cached)."""
    by_uri = {n.src_uri: n for n in notes}
    taken = {n.src_uri for n in notes} | attachments
    canvases = {f.src_uri for f in found if page_uri(f.src_uri) not in taken}
    out_notes: list[Note] = []
    sources: list[CanvasSource] = []
    for file in sorted(found, key=lambda f: f.src_uri):
        uri = page_uri(file.src_uri)
        if file.src_uri not in canvases:
            log.warning("%s: 已有同名笔记 %s，这个画布不生成页面", file.src_uri, uri)
            continue
        try:
            canvas = read_canvas(file.content_bytes)
        except (CanvasError, OSError) as e:
            log.warning("%s: 无法读取画布，未生成页面：%s", file.src_uri, e)
            continue
        if canvas.skipped:
            log.warning("%s: 画布里有 %d 个卡片或连线不合 JSON Canvas 规范，已略过", file.src_uri, canvas.skipped)
        markdown = CanvasPage(file.src_uri, canvas, by_uri, attachments, canvases, trusted).markdown()
        note = parse(uri, markdown)
        note.canvas = file.src_uri
        mtime = datetime.fromtimestamp(os.stat(os.path.join(docs_dir, file.src_uri)).st_mtime).astimezone()
        note.dates = NoteDates(mtime, mtime)
        out_notes.append(note)
        sources.append(CanvasSource(file.src_uri, uri, markdown))
    return out_notes, sources


def canvas_files(config, sources: list[CanvasSource]) -> list[File]:
    """The canvases' pages, as generated files; the edit button opens the canvas file."""
    out = []
    for source in sources:
        file = File.generated(config, source.page_uri, content=source.markdown)
        file.edit_uri = source.canvas_uri
        out.append(file)
    return out
