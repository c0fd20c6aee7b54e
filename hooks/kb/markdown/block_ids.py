"""Obsidian block ids: a paragraph or list item ending in `` ^id`` gets that id.

``[[笔记#^id]]`` links there. The marker itself is not shown, as in Obsidian.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

BLOCK_ID_RE = re.compile(r"\s\^(?P<id>[A-Za-z0-9-]+)\s*$")


class BlockIdTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for el in (e for e in root.iter() if e.tag in ("p", "li")):
            last = el[-1] if len(el) else None
            text = (last.tail if last is not None else el.text) or ""
            if not isinstance(text, str) or not (m := BLOCK_ID_RE.search(text)):
                continue
            if last is not None:
                last.tail = text[: m.start()]
            else:
                el.text = text[: m.start()]
            el.set("id", m.group("id"))


class BlockIdExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After inline patterns (20), before toc (5) collects ids.
        md.treeprocessors.register(BlockIdTreeprocessor(md), "kb-block-ids", 8)
