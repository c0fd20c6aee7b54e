"""Article images load lazily: ``loading="lazy"`` on every image a note shows.

A note with many screenshots then costs only what the reader scrolls to.
Wikilink images (``![[图.png]]``) and Markdown ones alike; raw HTML stays as
written, and an image that says otherwise keeps its own ``loading``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class LazyImages(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for img in root.iter("img"):
            img.attrib.setdefault("loading", "lazy")


class LazyImageExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After inline patterns (20) and attr_list (8), so ``{loading=eager}`` wins.
        md.treeprocessors.register(LazyImages(md), "kb-lazy-images", 7)
