"""A note's local graph: the note in the middle, the notes it links to and
the notes linking to it around it, drawn at build time as SVG.

Drawn here rather than in the browser, it costs the reader no script and no
layout, shows without JavaScript, and adds a few KB to the page. Its nodes
are plain links. A hub with hundreds of neighbours shows the first
``MAX_SHOWN`` by title and says how many more there are, so a page's size
never grows with the vault. graph.js redraws it two steps deep on request.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from ..model import Note
from .model import Graph

MAX_SHOWN = 24
SIZE = 320  # the drawing's width and height, in SVG units
RING = 118  # radius of the circle the neighbours sit on
LABEL_CHARS = 9
MARGIN = 28  # room above and below the outermost nodes, for dots and labels


def _label(title: str) -> str:
    return title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…"


def _node(x: float, y: float, note: Note, url: str, css: str, top: int, height: int) -> str:
    """A node as an HTML link placed over the drawing: Material's instant
    navigation handles HTML links, and breaks on SVG ones (it assigns to
    ``a.href``, which SVG links only have a getter for). ``top`` and
    ``height``: the band of the drawing that is shown."""
    side = " kb-graph-left" if x < SIZE / 2 - 1 else " kb-graph-below" if abs(x - SIZE / 2) <= 1 else ""
    return (
        f'<a href="{escape(url)}" class="{css}{side}" title="{escape(note.title)}" '
        f'style="left:{100 * x / SIZE:.2f}%;top:{100 * (y - top) / height:.2f}%">'
        f"<span>{escape(_label(note.title))}</span></a>"
    )


def _band(ys: list[float]) -> tuple[int, int]:
    """The top and height of the band of the drawing the nodes need: a note
    with one neighbour is not drawn in a square of empty space."""
    top = max(0, round(min(ys) - MARGIN))
    bottom = min(SIZE, round(max(ys) + MARGIN))
    return top, bottom - top


def local_graph(
    graph: Graph, note: Note, notes: dict[str, Note], url_of: Callable[[str], str], key: str
) -> str:
    """The section's HTML, or "" for a note outside the graph. ``url_of`` is
    relative to the page; ``key`` is the note's URL in the graph's data."""
    me = graph.index.get(note.src_uri)
    if me is None:
        return ""
    near = sorted((notes[graph.nodes[i]] for i in graph.neighbours[me]), key=lambda n: (n.title, n.src_uri))
    shown, hidden = near[:MAX_SHOWN], len(near) - MAX_SHOWN
    centre = SIZE / 2
    at = []
    for k in range(len(shown)):
        angle = -math.pi / 2 + 2 * math.pi * k / len(shown)
        at.append((centre + RING * math.cos(angle), centre + RING * math.sin(angle)))
    top, height = _band([centre] + [y for _, y in at])
    lines, nodes = [], []
    for (x, y), other in zip(at, shown, strict=True):
        lines.append(f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}"/>')
        nodes.append(_node(x, y, other, url_of(other.src_uri), "kb-graph-node", top, height))
    nodes.append(
        _node(centre, centre, note, url_of(note.src_uri), "kb-graph-node kb-graph-current", top, height)
    )
    more = f'<p class="kb-graph-more">另有 {hidden} 篇相连的笔记未画出。</p>' if hidden > 0 else ""
    empty = "" if near else '<p class="kb-graph-more">还没有笔记和这篇相连。</p>'
    return (
        f'<section class="kb-local-graph" data-note="{escape(key)}">'
        '<h2 id="local-graph">关系图<button type="button" class="kb-graph-depth" hidden>显示两步内的笔记</button></h2>'
        f'<div class="kb-graph-box" style="aspect-ratio:{SIZE}/{height}">'
        f'<svg viewBox="0 {top} {SIZE} {height}" aria-hidden="true">'
        f'<g class="kb-graph-edges">{"".join(lines)}</g></svg>{"".join(nodes)}</div>{more}{empty}</section>'
    )
