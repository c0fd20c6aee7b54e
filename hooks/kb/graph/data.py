"""The global graph's data file, read by graph.js on the 图谱 page and by
each note's local graph when the reader asks for two steps.

It is a script that sets ``window.kbGraphData`` rather than JSON, because
the offline copy opened from disk cannot ``fetch()`` a file but can load a
script. It holds titles, URLs, folders, tags and positions: no note text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from urllib.parse import unquote

from ..vault import Vault
from .layout import layout
from .model import Graph

DATA_URI = "graph-data.js"

# The last layout, by the graph it was made for: under ``mkdocs serve`` most
# edits change no link, and the layout is then reused.
_layouts: dict[str, tuple[list[tuple[float, float]], list[str]]] = {}


def _positions(graph: Graph, folders: list[str]) -> tuple[list[tuple[float, float]], list[str]]:
    key = hashlib.sha1(json.dumps([graph.nodes, graph.edges, folders]).encode()).hexdigest()
    if key not in _layouts:
        _layouts.clear()
        _layouts[key] = layout(graph, folders)
    return _layouts[key]


def render_data(graph: Graph, vault: Vault, url_of: Callable[[str], str]) -> str:
    """``url_of(src_uri)``: the note's URL relative to the site's root. URLs are
    stored unescaped (the browser escapes them), a third of the bytes in Chinese."""
    notes = [vault.notes[uri] for uri in graph.nodes]
    positions, clusters = _positions(graph, [n.folder for n in notes])
    cluster_index = {folder: i for i, folder in enumerate(clusters)}
    tags = sorted({tag for n in notes for tag in n.tags})
    tag_index = {tag: i for i, tag in enumerate(tags)}
    data = {
        "folders": clusters,
        "tags": tags,
        "nodes": [
            [n.title, unquote(url_of(n.src_uri)), x, y, cluster_index[n.folder], [tag_index[t] for t in n.tags]]
            for n, (x, y) in zip(notes, positions, strict=True)
        ],
        "edges": [i for edge in graph.edges for i in edge],
    }
    return "window.kbGraphData = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"
