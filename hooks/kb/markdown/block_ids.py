"""Obsidian block ids: a block ending in `` ^id`` gets that id, so ``[[笔记#^id]]`` lands there.

A paragraph or list item takes the id that ends its own text, even when the
text ends in bold, a link or a formula, or a nested list follows it. A table,
quote, callout or list takes an id written on its own line right after it
(Obsidian's form for structured blocks). The marker itself is never shown.
Runs on the element tree, so code and math (atomic text) are never read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

BLOCK_ID_RE = re.compile(r"(?:^|\s)\^(?P<id>[A-Za-z0-9-]+)\s*$")
ALONE_RE = re.compile(r"^\s*\^(?P<id>[A-Za-z0-9-]+)\s*$")
BLOCK_TAGS = {"p", "ul", "ol", "div", "table", "blockquote", "pre", "details", "dl", "hr"}
# What an id on its own line after a block names.
NAMEABLE = {"table", "blockquote", "ul", "ol", "div", "details"}


def _take_id(el: etree.Element) -> tuple[str, bool] | None:
    """Remove a trailing ``^id`` from the element's own text (before any nested block).

    Returns the id, and whether it stood alone on its line (after a line break).
    """
    inline = []
    for child in el:
        if child.tag in BLOCK_TAGS:
            break
        inline.append(child)
    last = inline[-1] if inline else None
    text = (last.tail if last is not None else el.text) or ""
    if not isinstance(text, str) or not (m := BLOCK_ID_RE.search(text)):
        return None
    if m.start() == 0 and text[0] == "^" and last is not None and last.tag != "br":
        return None  # ``**粗体**^x``: Obsidian wants a space or a new line before the id
    rest = text[: m.start()]
    alone = not rest.strip() and (last is None or last.tag == "br")
    if last is None:
        el.text = rest
    elif last.tag == "br" and not rest.strip():
        el.remove(last)  # the line break before an id on its own line
        alone = True
    else:
        last.tail = rest
    return m.group("id"), alone


def _table_id(table: etree.Element) -> str | None:
    """A table's last row that is only ``^id``: the line written right under the table."""
    rows = table.findall("./tbody/tr")
    if not rows:
        return None
    cells = list(rows[-1])
    texts = ["".join(cell.itertext()) for cell in cells]
    if not cells or not (m := ALONE_RE.match(texts[0])) or any(t.strip() for t in texts[1:]):
        return None
    table.find("tbody").remove(rows[-1])
    return m.group("id")


class BlockIdTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for el in list(root.iter()):
            if el.tag == "table":
                if block_id := _table_id(el):
                    el.set("id", block_id)
            elif el.tag in ("p", "li") and (found := _take_id(el)):
                self._place(el, *found, parents)

    def _place(self, el: etree.Element, block_id: str, alone: bool, parents: dict) -> None:
        parent = parents.get(el)
        if el.tag == "p" and parent is not None:
            siblings = list(parent)
            index = siblings.index(el)
            if alone and not el.text and not len(el) and index and siblings[index - 1].tag in NAMEABLE:
                siblings[index - 1].set("id", block_id)  # ``^id`` on its own line after a block
                parent.remove(el)
                return
            if parent.tag == "li" and index == 0:
                el = parent  # a loose list item's own paragraph
            elif parent.tag == "blockquote" and alone and index == len(siblings) - 1:
                el = parent  # ``^id`` on the line under a quote
        el.set("id", block_id)


class BlockIdExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After inline patterns (20), before toc (5) collects ids.
        md.treeprocessors.register(BlockIdTreeprocessor(md), "kb-block-ids", 8)
