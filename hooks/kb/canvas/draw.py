"""A canvas's edges, drawn at build time: one SVG with a curve and arrowheads
per edge, and each edge's label as text over it.

Cards keep the canvas's coordinates, moved so the top-left card sits at
``PAD``; the browser only pans and zooms what is drawn here. Curves leave and
enter a card at the side the edge names, or, when it names none, at the sides
facing each other, as Obsidian draws them. Everything written is numbers,
the spec's words, a checked colour or escaped text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from .model import Canvas, Edge, Node

PAD = 40
ARROW = 14  # arrowhead length, in canvas units
SIDE_VECTORS = {"top": (0.0, -1.0), "right": (1.0, 0.0), "bottom": (0.0, 1.0), "left": (-1.0, 0.0)}


@dataclass(frozen=True)
class Frame:
    """Where the canvas's cards sit on the page: its offset and size."""

    left: float
    top: float
    width: float
    height: float

    def place(self, node: Node) -> tuple[float, float]:
        return node.x - self.left + PAD, node.y - self.top + PAD


def frame(canvas: Canvas) -> Frame:
    if not canvas.nodes:
        return Frame(0, 0, 2 * PAD, 2 * PAD)
    left = min(n.x for n in canvas.nodes)
    top = min(n.y for n in canvas.nodes)
    right = max(n.x + n.width for n in canvas.nodes)
    bottom = max(n.y + n.height for n in canvas.nodes)
    return Frame(left, top, right - left + 2 * PAD, bottom - top + 2 * PAD)


def num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def colour_attrs(colour: str | None) -> tuple[str, str]:
    """A preset's class (``kb-canvas-c3``), or a hex colour as the ``--c`` property."""
    if colour is None:
        return "", ""
    if colour.startswith("#"):
        return "", f"--c:{colour}"
    return f" kb-canvas-c{colour}", ""


def _anchor(node: Node, side: str, f: Frame) -> tuple[float, float]:
    x, y = f.place(node)
    return {
        "top": (x + node.width / 2, y),
        "right": (x + node.width, y + node.height / 2),
        "bottom": (x + node.width / 2, y + node.height),
        "left": (x, y + node.height / 2),
    }[side]


def _facing(a: Node, b: Node) -> tuple[str, str]:
    dx = (b.x + b.width / 2) - (a.x + a.width / 2)
    dy = (b.y + b.height / 2) - (a.y + a.height / 2)
    if abs(dx) >= abs(dy):
        return ("right", "left") if dx >= 0 else ("left", "right")
    return ("bottom", "top") if dy >= 0 else ("top", "bottom")


def _arrowhead(tip: tuple[float, float], towards: tuple[float, float]) -> str:
    """A triangle whose point is ``tip``, pointing along ``towards``."""
    ux, uy = towards
    length = math.hypot(ux, uy) or 1.0
    ux, uy = ux / length, uy / length
    bx, by = tip[0] - ux * ARROW, tip[1] - uy * ARROW
    nx, ny = -uy * ARROW / 2, ux * ARROW / 2
    points = [tip, (bx + nx, by + ny), (bx - nx, by - ny)]
    return '<polygon points="' + " ".join(f"{num(x)},{num(y)}" for x, y in points) + '"/>'


@dataclass(frozen=True)
class Curve:
    edge: Edge
    path: str
    heads: str
    middle: tuple[float, float]


def curve(edge: Edge, nodes: dict[str, Node], f: Frame) -> Curve:
    a, b = nodes[edge.source], nodes[edge.target]
    facing = _facing(a, b)
    from_side, to_side = edge.from_side or facing[0], edge.to_side or facing[1]
    p1, p2 = _anchor(a, from_side, f), _anchor(b, to_side, f)
    reach = max(40.0, min(math.dist(p1, p2) / 2, 200.0))
    v1, v2 = SIDE_VECTORS[from_side], SIDE_VECTORS[to_side]
    c1 = (p1[0] + v1[0] * reach, p1[1] + v1[1] * reach)
    c2 = (p2[0] + v2[0] * reach, p2[1] + v2[1] * reach)
    path = f"M{num(p1[0])},{num(p1[1])} C{num(c1[0])},{num(c1[1])} {num(c2[0])},{num(c2[1])} {num(p2[0])},{num(p2[1])}"
    heads = ""
    if edge.to_end == "arrow":
        heads += _arrowhead(p2, (-v2[0], -v2[1]))
    if edge.from_end == "arrow":
        heads += _arrowhead(p1, (-v1[0], -v1[1]))
    middle = ((p1[0] + 3 * c1[0] + 3 * c2[0] + p2[0]) / 8, (p1[1] + 3 * c1[1] + 3 * c2[1] + p2[1]) / 8)
    return Curve(edge, path, heads, middle)


def board(canvas: Canvas, f: Frame) -> str:
    """The edges' SVG and their labels, for the board (hidden in the list)."""
    nodes = {n.id: n for n in canvas.nodes}
    curves = [curve(e, nodes, f) for e in canvas.edges]
    w, h = num(f.width), num(f.height)
    parts = [f'<svg class="kb-canvas-edges" width="{w}" height="{h}" viewBox="0 0 {w} {h}" aria-hidden="true">']
    for c in curves:
        css, style = colour_attrs(c.edge.color)
        style_attr = f' style="{style}"' if style else ""
        parts.append(f'<g class="kb-canvas-edge{css}"{style_attr}><path d="{c.path}"/>{c.heads}</g>')
    parts.append("</svg>")
    for c in curves:
        if c.edge.label.strip():
            css, style = colour_attrs(c.edge.color)
            place = f"--x:{num(c.middle[0])}px;--y:{num(c.middle[1])}px" + (f";{style}" if style else "")
            parts.append(f'<div class="kb-canvas-label{css}" style="{place}">{escape(c.edge.label)}</div>')
    return "".join(parts)


def card_name(node: Node) -> str:
    """A card as an edge list names it: its first words, file, address or label."""
    if node.kind == "text":
        first = next((line.strip(" #>*-_`") for line in node.text.splitlines() if line.strip(" #>*-_`")), "")
        name = first or "文本卡片"
    elif node.kind == "file":
        name = node.file.rsplit("/", 1)[-1].removesuffix(".md") or "文件"
    elif node.kind == "link":
        name = node.url or "链接"
    else:
        name = node.label.strip() or "分组"
    return name if len(name) <= 40 else name[:40] + "…"


def edge_list(canvas: Canvas) -> str:
    """The edges as sentences, for a reader without JavaScript (hidden on the board)."""
    if not canvas.edges:
        return ""
    nodes = {n.id: n for n in canvas.nodes}
    items = []
    for e in canvas.edges:
        arrow = "↔" if e.from_end == "arrow" and e.to_end == "arrow" else "→" if e.to_end == "arrow" else "—"
        label = f"：{escape(e.label)}" if e.label.strip() else ""
        items.append(
            f'<li><a href="#{card_id(canvas, e.source)}">{escape(card_name(nodes[e.source]))}</a> {arrow} '
            f'<a href="#{card_id(canvas, e.target)}">{escape(card_name(nodes[e.target]))}</a>{label}</li>'
        )
    return '<div class="kb-canvas-list-only"><p><strong>连线</strong></p><ul>' + "".join(items) + "</ul></div>"


def card_id(canvas: Canvas, node_id: str) -> str:
    """The HTML id of a card: its place in the file, never the file's own id."""
    return f"kb-card-{canvas.order[node_id]}"
