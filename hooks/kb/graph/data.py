"""The global graph's data file, read by graph.js on the 图谱 page and by
each note's local graph when the reader asks for two steps.

It is a script that sets ``window.kbGraphData`` rather than JSON, because
the offline copy opened from disk cannot ``fetch()`` a file but can load a
script. It holds titles, URLs, folders, tags and positions: no note text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote

from ..vault import Vault
from .layout import layout
from .model import Graph

DATA_URI = "graph-data.js"

Layout = tuple[list[tuple[float, float]], list[str]]

# The last layout and the graph it was made for. ``model.note_graph`` hands
# back the same graph while no link changes (most edits under ``mkdocs
# serve``), and a note's folder is part of its path, so the layout holds too.
_last: tuple[Graph, Layout] | None = None


def _positions(graph: Graph, folders: list[str]) -> Layout:
    global _last
    if _last is None or _last[0] is not graph:
        _last = (graph, layout(graph, folders))
    return _last[1]


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
