"""A ``.canvas`` file read as JSON Canvas 1.0 (https://jsoncanvas.org/spec/1.0/).

A file that is not JSON, or not a canvas, raises ``CanvasError`` naming
why; a card or edge that breaks the spec is left out and counted, so one bad
card costs only itself. Nothing from the file is trusted: numbers must be
finite, colours are a preset ``"1"``–``"6"`` or ``#rrggbb``, sides and ends
are the spec's words, and text is kept as text for the page to escape.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

KINDS = ("text", "file", "link", "group")
SIDES = ("top", "right", "bottom", "left")
ENDS = ("none", "arrow")
HEX_RE = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")
LIMIT = 1_000_000  # a coordinate or size past this is no canvas Obsidian drew


class CanvasError(ValueError):
    pass


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # one of KINDS
    x: float
    y: float
    width: float
    height: float
    color: str | None = None  # "1"-"6" or "#rrggbb"
    text: str = ""  # a text card's Markdown
    file: str = ""  # a file card's vault path
    subpath: str = ""  # "#标题" of a file card
    url: str = ""  # a link card's address
    label: str = ""  # a group's label

    def contains(self, other: Node) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.x + other.width <= self.x + self.width
            and other.y + other.height <= self.y + self.height
        )


@dataclass(frozen=True)
class Edge:
    id: str
    source: str  # fromNode
    target: str  # toNode
    from_side: str | None = None
    to_side: str | None = None
    from_end: str = "none"
    to_end: str = "arrow"
    color: str | None = None
    label: str = ""


@dataclass
class Canvas:
    nodes: list[Node] = field(default_factory=list)  # in the file's order, which is bottom to top
    edges: list[Edge] = field(default_factory=list)
    skipped: int = 0  # cards and edges left out for breaking the spec
    order: dict[str, int] = field(default_factory=dict)  # each card's place in the file, by its id


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CanvasError("not a number")
    if abs(value) > LIMIT:
        raise CanvasError("out of range")
    return float(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def colour(value: Any) -> str | None:
    """A preset ("1"–"6") or a hex colour; anything else is no colour."""
    if isinstance(value, str):
        value = value.strip()
        if value in {"1", "2", "3", "4", "5", "6"} or HEX_RE.fullmatch(value):
            return value.lower()
    return None


def _node(raw: Any) -> Node:
    if not isinstance(raw, dict) or raw.get("type") not in KINDS or not isinstance(raw.get("id"), str):
        raise CanvasError("not a card")
    width, height = _number(raw.get("width")), _number(raw.get("height"))
    if width <= 0 or height <= 0:
        raise CanvasError("no size")
    subpath = _text(raw.get("subpath"))
    return Node(
        id=raw["id"],
        kind=raw["type"],
        x=_number(raw.get("x")),
        y=_number(raw.get("y")),
        width=width,
        height=height,
        color=colour(raw.get("color")),
        text=_text(raw.get("text")),
        file=_text(raw.get("file")).strip().lstrip("/"),
        subpath=subpath if subpath.startswith("#") else "",
        url=_text(raw.get("url")).strip(),
        label=_text(raw.get("label")),
    )


def _edge(raw: Any, ids: set[str]) -> Edge:
    if not isinstance(raw, dict) or raw.get("fromNode") not in ids or raw.get("toNode") not in ids:
        raise CanvasError("not an edge between cards")
    return Edge(
        id=_text(raw.get("id")),
        source=raw["fromNode"],
        target=raw["toNode"],
        from_side=raw.get("fromSide") if raw.get("fromSide") in SIDES else None,
        to_side=raw.get("toSide") if raw.get("toSide") in SIDES else None,
        from_end=raw.get("fromEnd") if raw.get("fromEnd") in ENDS else "none",
        to_end=raw.get("toEnd") if raw.get("toEnd") in ENDS else "arrow",
        color=colour(raw.get("color")),
        label=_text(raw.get("label")),
    )


def read_canvas(data: bytes) -> Canvas:
    """The canvas in ``data``; ``CanvasError`` if it is not JSON Canvas at all."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise CanvasError(f"不是 UTF-8 文本（第 {e.start} 字节）") from None
    except json.JSONDecodeError as e:
        raise CanvasError(f"不是合法的 JSON：{e.msg}（第 {e.lineno} 行第 {e.colno} 列）") from None
    if not isinstance(raw, dict):
        raise CanvasError("不是 JSON Canvas：顶层应是对象")
    nodes_raw, edges_raw = raw.get("nodes", []), raw.get("edges", [])
    if not isinstance(nodes_raw, list) or not isinstance(edges_raw, list):
        raise CanvasError("不是 JSON Canvas：nodes 和 edges 应是数组")
    canvas = Canvas()
    seen: set[str] = set()
    for item in nodes_raw:
        try:
            node = _node(item)
        except CanvasError:
            canvas.skipped += 1
            continue
        if node.id in seen:
            canvas.skipped += 1
            continue
        seen.add(node.id)
        canvas.order[node.id] = len(canvas.nodes)
        canvas.nodes.append(node)
    for item in edges_raw:
        try:
            canvas.edges.append(_edge(item, seen))
        except CanvasError:
            canvas.skipped += 1
    return canvas
