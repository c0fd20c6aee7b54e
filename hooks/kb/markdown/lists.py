"""Lists nest as in Obsidian: by two spaces, four spaces or a tab.

Obsidian follows CommonMark: an item's children are indented at least to
where its text starts, two columns under ``- `` and three under ``1. ``.
Python-Markdown nests by one fixed width, four spaces, so two-space lists
come out flat. Python-Markdown's sane_lists keeps that width, and
mdx_truly_sane_lists only swaps it for another fixed one (two spaces breaks
four-space and tab lists), so the nesting rule is hand-written here: before
a list is parsed, its lines are re-indented to four spaces a level. The
parsing stays Python-Markdown's, with sane_lists, so a change from bullets
to numbers starts a new list as in Obsidian.

This runs in the block parser, where quotes and callouts are already
stripped off and fenced code is stashed, so lists in them nest the same way
and code is never re-indented on its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension

# The items Python-Markdown's list processors know: ``-``, ``*``, ``+`` and ``1.``.
ITEM_RE = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+\.)(?P<space> +)(?=\S)")
# Python-Markdown's width of one nesting level (its tab length).
LEVEL = 4


@dataclass
class _Item:
    """An open list item: where its children start, in the note and in our output."""

    kind: str  # "ul" or "ol"
    child_col: int
    new_child_col: int


def _kind(marker: str) -> str:
    return "ul" if marker in "-*+" else "ol"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Normalizer:
    """Re-indents the blocks of one list in order, keeping track of its open items.

    Item lines move to four spaces a level. Other lines keep their place only where
    it matters: a block after a blank line that starts inside an item (a paragraph
    or code of that item) moves with the item. Text lines right under an item are
    left alone: they continue its paragraph however far they are indented.
    """

    def __init__(self) -> None:
        self.stack: list[_Item] = []
        self.done = False  # a new list starts in the last block: its own pass takes over

    def close_until(self, col: int) -> None:
        """Close the items a line at ``col`` is no longer inside."""
        while self.stack and col < self.stack[-1].child_col:
            self.stack.pop()

    def item(self, m: re.Match[str]) -> str:
        col = len(m.group("indent"))
        space = len(m.group("space"))
        # CommonMark: children start where the item's text does, or one column
        # after the marker if the text is indented like code. Never more than four
        # columns in, so a list re-indented here reads the same on a second pass.
        width = len(m.group("marker")) + (space if space <= 4 else 1)
        new_col = self.stack[-1].new_child_col if self.stack else 0
        self.stack.append(_Item(_kind(m.group("marker")), min(width, LEVEL) + col, new_col + LEVEL))
        return " " * new_col + m.string[col:]

    def continues(self, block: str) -> bool:
        """Whether a block after a blank line is still inside one of the list's items."""
        if not self.done:
            self.close_until(_indent(block))
        return not self.done and bool(self.stack)

    def block(self, block: str) -> list[str]:
        """The block re-indented, split where an item leaves the block's item or list.

        Python-Markdown would keep such an item inside the block's item, and a
        change from bullets to numbers inside the list it ends.
        """
        pieces: list[list[str]] = []
        shift: int | None = None  # how far the text lines of a block starting as text move
        for line in block.split("\n"):
            m = ITEM_RE.match(line)
            col = _indent(line)
            if not pieces:
                self.close_until(col)
                depth = len(self.stack)
                if not m:
                    shift = self.stack[-1].new_child_col - self.stack[-1].child_col
                pieces.append([])
            elif m:
                top = self.stack[0].kind if self.stack else None
                self.close_until(col)
                if not self.stack and col >= LEVEL:
                    m = None  # too deep to start a list: it continues the paragraph
                elif len(self.stack) < depth or (not self.stack and top != _kind(m.group("marker"))):
                    depth, shift = len(self.stack), None
                    self.done = self.done or not self.stack
                    pieces.append([])
            if m:
                pieces[-1].append(self.item(m))
            elif shift is not None:
                pieces[-1].append(" " * max(col + shift, 0) + line[col:])
            else:
                pieces[-1].append(line)
        return ["\n".join(lines) for lines in pieces]


class ListIndentProcessor(BlockProcessor):
    """Re-indents a list, and the blocks after it that belong to it, then lets the list processors parse it."""

    def test(self, parent: etree.Element, block: str) -> bool:
        m = ITEM_RE.match(block)
        return m is not None and len(m.group("indent")) < LEVEL

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        normalizer = _Normalizer()
        out = normalizer.block(blocks[0])
        end = 1
        while end < len(blocks) and normalizer.continues(blocks[end]):
            out += normalizer.block(blocks[end])
            end += 1
        blocks[:end] = out
        return False  # not parsed yet: the list processors come next


class ObsidianListsExtension(Extension):
    """Two-space, four-space and tab nesting; bullets and numbers never share a list."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        SaneListExtension().extendMarkdown(md)
        # Below horizontal rules (50), so ``- - -`` stays a rule; above ordered lists (40).
        md.parser.blockprocessors.register(ListIndentProcessor(md.parser), "kb-list-indent", 45)
