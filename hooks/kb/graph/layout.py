"""Where each note sits on the global graph, decided at build time.

A force simulation in the browser (Quartz's d3 graph) costs every reader
seconds of CPU at a thousand notes, and a force layout at build time costs
N² per step without a spatial index. This layout is linear instead: each
folder is a cluster, and within it notes lie on a sunflower spiral in
breadth-first order from the most linked note, so hubs sit in the middle
with the notes they link to around them. Clusters are packed in rows,
biggest first. The same vault always gives the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

from .model import Graph

SPACING = 10.0  # between neighbouring notes on a spiral, in graph units
GAP = 2.5 * SPACING  # between clusters
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def _cluster_order(members: list[int], graph: Graph, degree: list[int]) -> list[int]:
    """Members breadth-first from the most linked one, staying inside the cluster."""
    inside = set(members)
    by_degree = sorted(members, key=lambda i: (-degree[i], i))
    seen: set[int] = set()
    order: list[int] = []
    for start in by_degree:
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            node = queue.popleft()
            order.append(node)
            for near in graph.neighbours[node]:
                if near in inside and near not in seen:
                    seen.add(near)
                    queue.append(near)
    return order


def _radius(count: int) -> float:
    return SPACING * math.sqrt(count) + SPACING


def layout(graph: Graph, folder_of: list[str]) -> tuple[list[tuple[float, float]], list[str]]:
    """Each node's position, and the clusters' folders in the order they were placed."""
    degree = [len(n) for n in graph.neighbours]
    clusters: dict[str, list[int]] = defaultdict(list)
    for i, folder in enumerate(folder_of):
        clusters[folder].append(i)
    ordered = sorted(clusters.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    total = sum((2 * _radius(len(m)) + GAP) ** 2 for _, m in ordered)
    row_width = max(math.sqrt(total) * 1.3, 2 * _radius(len(ordered[0][1])) if ordered else 0)
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(graph.nodes)
    x = y = row_height = 0.0
    for _, members in ordered:
        r = _radius(len(members))
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        cx, cy = x + r, y + r
        for k, node in enumerate(_cluster_order(members, graph, degree)):
            d = SPACING * math.sqrt(k + 0.5)
            angle = k * GOLDEN_ANGLE
            positions[node] = (round(cx + d * math.cos(angle), 1), round(cy + d * math.sin(angle), 1))
        x += 2 * r + GAP
        row_height = max(row_height, 2 * r)
    return positions, [folder for folder, _ in ordered]
