"""Blocks that start right under a paragraph line, as Obsidian allows.

Obsidian (like CommonMark) lets a list or table begin on the line after a
paragraph; Python-Markdown needs a blank line first, and otherwise runs
``TODO：`` and its three questions into one sentence. Python-Markdown's
quotes already split a paragraph themselves. This works in the block
parser, so it holds at every depth: in callouts, nested callouts, quotes
and list items alike. Fenced code is stashed by then, and lines inside
math or inline code are masked before looking, so neither is split. Only
the marker has to survive the masking: an item whose text is all formula
(``- $f(\\alpha x) = |\\alpha|f(x)$``) or all code is still an item.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from ..parse.masking import mask
from .lists import ITEM_RE, LEVEL

TABLE_RE = re.compile(r"^ {0,3}\|")


def _starts_block(line: str, masked: str | None = None) -> bool:
    """Whether ``line`` starts a list or table; ``masked``: the line with code and math blanked.

    The line itself is matched, and its marker (``- ``, ``1. ``, ``|``) must be
    left by the masking: a line that only looks like an item inside a formula
    or inline code is not one.
    """
    if m := ITEM_RE.match(line):
        if len(m.group("indent")) >= LEVEL:
            return False
        return masked is None or masked[: m.end("space")] == line[: m.end("space")]
    if t := TABLE_RE.match(line):
        return masked is None or masked[: t.end()] == line[: t.end()]
    return False


def block_start(block: str) -> int:
    """Where in a paragraph block the first list or table line starts, or 0 if none does."""
    lines = block.split("\n")
    if not any(_starts_block(line) for line in lines[1:]):
        return 0  # the common case, without masking
    offset = len(lines[0]) + 1
    for line, masked in zip(lines[1:], mask(block).split("\n")[1:], strict=True):
        if _starts_block(line, masked):
            return offset
        offset += len(line) + 1
    return 0


class BlockAfterParagraph(BlockProcessor):
    """Splits a paragraph block before its first list or table line, as a blank line would."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return block_start(block) > 0

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        cut = block_start(block)
        blocks[:0] = [block[: cut - 1], block[cut:]]


class ObsidianBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Just above paragraphs (10): every other kind of block has had its turn.
        md.parser.blockprocessors.register(BlockAfterParagraph(md.parser), "kb-block-after-paragraph", 12)
