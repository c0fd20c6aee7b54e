"""The graph of the notes: published notes as nodes, resolved links as edges.

Read from the vault's one index of link targets, so drafts (never in the
vault) and links to missing notes or files (no target) are never edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vault import Vault


@dataclass(frozen=True)
class Graph:
    nodes: list[str]  # src_uris, sorted
    edges: list[tuple[int, int]]  # (source, target) node indices, each pair once, no self-links
    neighbours: list[list[int]]  # per node: linked to or from, sorted by index
    index: dict[str, int] = field(default_factory=dict)  # each node's position in ``nodes``


# The last graph and the links it was made from: under ``mkdocs serve`` most
# edits change no link, and the graph is then reused.
_last: tuple[dict[str, list[str | None]], Graph] | None = None


def note_graph(vault: Vault) -> Graph:
    global _last
    links = {uri: vault.link_targets.get(uri, []) for uri in vault.notes}
    if _last is not None and _last[0] == links:
        return _last[1]
    graph = _make(vault)
    _last = (links, graph)
    return graph


def _make(vault: Vault) -> Graph:
    nodes = sorted(vault.notes)
    index = {uri: i for i, uri in enumerate(nodes)}
    pairs: set[tuple[int, int]] = set()
    for source, targets in vault.link_targets.items():
        s = index.get(source)
        if s is None:
            continue
        for target in targets:
            t = index.get(target) if target else None
            if t is not None and t != s:
                pairs.add((s, t))
    edges = sorted(pairs)
    near: list[set[int]] = [set() for _ in nodes]
    for s, t in edges:
        near[s].add(t)
        near[t].add(s)
    return Graph(nodes, edges, [sorted(n) for n in near], index)
