"""YAML front matter read so that no note can take the build down.

- **Aliases** are composed, not expanded, by libyaml: ``&a [x, x]`` and
  ``[*a, *a]`` share one node. A value that would expand past ``MAX_NODES``
  (the "billion laughs": nine levels of nine is 387 million strings once
  ``tags`` or ``aliases`` is read as a list), or that contains itself, is
  dropped before it is constructed, with the line of its key; the rest of the
  front matter stays. Counting is linear in the nodes as written.
- **Impossible dates** (``2024-02-30``) raise ValueError in PyYAML's
  constructor, not a YAMLError, so MkDocs and our reader lost the whole front
  matter. They stay the string written, with a message; ``kb/dates.py`` then
  takes the next date source.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's loader, where PyYAML was built with it: a tenth of the pure-Python
# loader's time, which was two fifths of parsing a vault. Same data and marks.
BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Far more than any real front matter value (a list of a few hundred tags has a few hundred).
MAX_NODES = 10_000


class _Loader(BASE):  # type: ignore[misc, valid-type]  # libyaml's class where there is one
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[str] = []

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:  # noqa: D102 (PyYAML's API)
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as err:
            self.problems.append(f"第 {node.start_mark.line + 2} 行: 日期 {node.value} 不存在（{err}），已忽略")
            return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def expanded_size(node: Node, limit: int = MAX_NODES) -> int:
    """How many nodes ``node`` stands for once its aliases are expanded; ``limit + 1``
    if more, or if it contains itself. Each distinct node is counted once (no recursion)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(node, False)]
    open_: set[int] = set()
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if children_done:
            open_.discard(key)
            children = _children(current)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
            continue
        if key in sizes:
            continue
        if key in open_:
            return limit + 1  # a node inside itself: endless once expanded
        open_.add(key)
        stack.append((current, True))
        stack.extend((c, False) for c in _children(current) if id(c) not in sizes)
    return sizes[id(node)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def load(text: str) -> tuple[Any, list[str]]:
    """The document in ``text`` and what was wrong in it; raises ``yaml.YAMLError`` as ``yaml.load`` does."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, loader.problems
        if isinstance(root, MappingNode):
            kept, dropped = [], []
            for key, value in root.value:
                if expanded_size(value) > MAX_NODES:
                    dropped.append((key.start_mark.line + 2, key.value if isinstance(key, ScalarNode) else "?"))
                else:
                    kept.append((key, value))
            root.value = kept
            if dropped:  # one message for the note, however many keys
                lines, names = "、".join(str(line) for line, _ in dropped), "、".join(name for _, name in dropped)
                loader.problems.append(f"第 {lines} 行: {names} 的 YAML 别名（&/*）展开后过大或指向自身，已忽略")
        elif expanded_size(root) > MAX_NODES:
            loader.problems.append("第 2 行: front matter 的 YAML 别名（&/*）展开后过大，已忽略")
            return {}, loader.problems
        return loader.construct_document(root), loader.problems
    finally:
        loader.dispose()
