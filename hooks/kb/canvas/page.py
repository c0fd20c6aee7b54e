"""A canvas's page, as Markdown that the site renders like a note.

Every card is a ``<div markdown="1">`` in reading order (groups first, each
followed by the cards inside it; top to bottom, then left to right), carrying
its place on the canvas as CSS properties. Without JavaScript the page is that
list; ``canvas.js`` places the cards at those coordinates and shows the edges
drawn by ``draw.py``.

- A text card's text is Markdown, rendered on the page with the page's own
  extensions, math, wikilinks and sanitizer included. Its ``%%comments%%``
  and an unclosed code fence end with the card.
- A file card links the note (its title, and its opening as plain text), or
  shows the image, PDF, audio or video, through the same Markdown a note
  would write, so links, backlinks, the graph and the to-write list see it.
- A link card shows and links its http(s) address.
- A group shows its label.

Text that is not a card's Markdown (labels, names, excerpts) is escaped, and
the characters the vault's parsers read as links, tags, math or comments are
written as character references, so it never becomes one.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from html import escape
from urllib.parse import quote

from ..emit.feed import summary
from ..markdown.comments import strip_comments
from ..markdown.fences import FenceTracker
from ..markdown.trusted import Trusted
from ..model import Note
from ..vault import is_attachment
from .draw import board, card_id, colour_attrs, edge_list, frame, num
from .model import Canvas, Node

IMAGE_EXTS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif"}
MEDIA_EXTS = {"pdf", "mp3", "wav", "m4a", "ogg", "flac", "webm", "mp4", "ogv", "mov", "mkv"}
INERT = {c: f"&#{ord(c)};" for c in "[]#$%*_=~^`\\|{}!<>&\"'"}


def inert(text: str) -> str:
    """Text shown as written: escaped for HTML, and nothing in it read as Markdown."""
    return "".join(INERT.get(c, c) for c in text)


def page_uri(canvas_uri: str) -> str:
    """The page of ``图.canvas``: ``图.canvas.md``, so ``[[图.canvas]]`` finds it by name."""
    return canvas_uri + ".md"


def canvas_name(canvas_uri: str) -> str:
    return posixpath.basename(canvas_uri)[: -len(".canvas")]


def _reading_order(canvas: Canvas) -> Iterator[tuple[Node, int]]:
    """Each card with its depth: groups before what they hold, top to bottom, left to right."""
    groups = sorted((n for n in canvas.nodes if n.kind == "group"), key=lambda g: g.width * g.height)
    children: dict[str | None, list[Node]] = {}
    for node in canvas.nodes:
        area = node.width * node.height
        parent = next((g for g in groups if g is not node and g.width * g.height >= area and g.contains(node)), None)
        if parent is not None and node.kind == "group" and parent.width * parent.height == area:
            parent = None  # two groups of one size and place: neither holds the other
        children.setdefault(parent.id if parent else None, []).append(node)
    for nodes in children.values():
        nodes.sort(key=lambda n: (n.y, n.x, canvas.order[n.id]))

    def walk(key: str | None, depth: int) -> Iterator[tuple[Node, int]]:
        for node in children.get(key, []):
            yield node, depth
            if node.kind == "group":
                yield from walk(node.id, depth + 1)

    return walk(None, 0)


class CanvasPage:
    """Writes one canvas's page."""

    def __init__(
        self,
        canvas_uri: str,
        canvas: Canvas,
        notes: dict[str, Note],
        attachments: set[str],
        canvases: set[str],
        trusted: Trusted,
    ):
        self.uri = canvas_uri
        self.folder = posixpath.dirname(canvas_uri)
        self.canvas = canvas
        self.notes = notes
        self.attachments = attachments
        self.canvases = canvases
        self.trusted = trusted

    def markdown(self) -> str:
        canvas, f = self.canvas, frame(self.canvas)
        name = canvas_name(self.uri)
        kinds = sum(1 for n in canvas.nodes if n.kind != "group")
        lines = [
            "---",
            f"title: {json.dumps(name)}",
            "---",
            "",
            f"# {inert(name)}",
            "",
            f'<p class="kb-canvas-meta">画布：{kinds} 张卡片，{len(canvas.edges)} 条连线</p>',
            "",
            f'<div class="kb-canvas" data-kb-canvas="{num(f.width)} {num(f.height)}" '
            f'style="--w:{num(f.width)}px;--h:{num(f.height)}px" markdown="1">',
            "",
            self.trusted.hold(
                f'<div class="kb-canvas-board" aria-hidden="true" data-search-exclude>{board(canvas, f)}</div>'
            ),
            "",
        ]
        for node, depth in _reading_order(canvas):
            x, y = f.place(node)
            css, colour = colour_attrs(node.color)
            style = (
                f"--x:{num(x)}px;--y:{num(y)}px;--w:{num(node.width)}px;--h:{num(node.height)}px;"
                f"--z:{canvas.order[node.id]};--depth:{depth}" + (f";{colour}" if colour else "")
            )
            lines.append(
                f'<div class="kb-canvas-node kb-canvas-{node.kind}{css}" id="{card_id(canvas, node.id)}" '
                f'style="{style}" markdown="1">'
            )
            lines += ["", *self._content(node), "", "</div>", ""]
        if edges := edge_list(canvas):
            lines += [self.trusted.hold(edges), ""]
        lines += ["</div>", ""]
        return "\n".join(lines)

    def _content(self, node: Node) -> list[str]:
        if node.kind == "text":
            return _card_text(node.text)
        if node.kind == "group":
            label = inert(node.label.strip()) or "分组"
            return [f'<div class="kb-canvas-group-label">{label}</div>']
        if node.kind == "link":
            url = node.url
            if url.lower().startswith(("http://", "https://")):
                return [f'<p><a class="kb-canvas-url" href="{escape(url)}">{inert(url)}</a></p>']
            return [f'<p class="kb-canvas-url">{inert(url)}</p>']
        return self._file(node)

    def _relative(self, path: str) -> str:
        return quote(posixpath.relpath(path, self.folder or "."))

    def _file(self, node: Node) -> list[str]:
        path = node.file
        base = posixpath.basename(path)
        name = inert(base)
        note = self.notes.get(path) or self.notes.get(path + ".md")
        if note is not None:
            fragment = note.heading_id(node.subpath[1:]) if node.subpath else None
            href = self._relative(note.src_uri) + (f"#{fragment}" if fragment else "")
            title = inert(note.title + (f" › {node.subpath[1:]}" if node.subpath else ""))
            excerpt = summary(note)
            lines = [f"**[{title}]({href})**", ""]
            if excerpt:
                lines.append(
                    self.trusted.hold(f'<p class="kb-canvas-excerpt" data-search-exclude>{escape(excerpt)}</p>')
                )
            return lines
        if path.lower().endswith(".canvas") and path in self.canvases:
            return [f"[{inert(canvas_name(path))}]({self._relative(page_uri(path))})"]
        ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
        if ext in IMAGE_EXTS or ext in MEDIA_EXTS:  # an image, or a player (markdown/media.py)
            return [f"![{name}]({self._relative(path)})"]
        if path in self.attachments or path.lower().endswith(".md") or is_attachment(path):
            return [f"[{name}]({self._relative(path)})"]  # a missing note or attachment shows as missing
        return [f'<p><span class="kb-missing-file" title="{escape(path)}">缺失的文件：{name}</span></p>']


def _card_text(text: str) -> list[str]:
    """A text card's Markdown, with its comments gone and an open fence closed."""
    lines = strip_comments(text).replace("\r\n", "\n").split("\n")
    fences = FenceTracker()
    for line in lines:
        fences.inside(line)
    if fences.fence:
        lines.append(fences.fence)
    return lines
