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

Nesting stops at ``MAX_DEPTH`` levels: deeper items become siblings at that
depth, with a warning naming the note and line. Obsidian indents each level
by about 30 pixels, so 32 levels start the text beyond a wide pane; and
Python-Markdown parses each level in a recursion of its own, which a list of
a few hundred levels (a generated or damaged note) ends in RecursionError.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension

# The items Python-Markdown's list processors know: ``-``, ``*``, ``+`` and ``1.``.
ITEM_RE = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+\.)(?P<space> +)(?=\S)")
# Python-Markdown's width of one nesting level (its tab length).
LEVEL = 4
# Deeper items are shown at this depth (see above).
MAX_DEPTH = 32

log = logging.getLogger("mkdocs.plugins.kb")


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
        self.too_deep: str | None = None  # the first item moved up to MAX_DEPTH, as written

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
        if new_col > (MAX_DEPTH - 1) * LEVEL:
            new_col = (MAX_DEPTH - 1) * LEVEL  # a sibling of the deepest item shown
            self.too_deep = self.too_deep or m.string
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

    def __init__(self, parser: Any, current_note: Callable[[], Any] | None = None) -> None:
        super().__init__(parser)
        self.current_note = current_note  # the note being rendered, to name it in a warning

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        normalizer = _Normalizer()
        out = normalizer.block(blocks[0])
        end = 1
        while end < len(blocks) and normalizer.continues(blocks[end]):
            out += normalizer.block(blocks[end])
            end += 1
        blocks[:end] = out
        if normalizer.too_deep is not None:
            self.warn(normalizer.too_deep)
        return False  # not parsed yet: the list processors come next

    def warn(self, line: str) -> None:
        note = self.current_note() if self.current_note else None
        if note is None:
            log.warning("列表嵌套超过 %d 层，更深的项按第 %d 层显示", MAX_DEPTH, MAX_DEPTH)
            return
        at = note.body.find(line.strip())  # a list of an embedded note is not in this one
        where = f"第 {note.body_line + note.body.count(chr(10), 0, at)} 行: " if at >= 0 else ""
        log.warning("%s: %s列表嵌套超过 %d 层，更深的项按第 %d 层显示", note.src_uri, where, MAX_DEPTH, MAX_DEPTH)


class ObsidianListsExtension(Extension):
    """Two-space, four-space and tab nesting; bullets and numbers never share a list."""

    def __init__(self, current_note: Callable[[], Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current_note = current_note  # () -> the Note being rendered, or None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        SaneListExtension().extendMarkdown(md)
        # Below horizontal rules (50), so ``- - -`` stays a rule; above ordered lists (40).
        processor = ListIndentProcessor(md.parser, self.current_note)
        md.parser.blockprocessors.register(processor, "kb-list-indent", 45)
