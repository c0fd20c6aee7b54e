"""Quotes nest at most ``MAX_DEPTH`` levels, as lists do (``lists.py``).

Python-Markdown parses each level of a quote, and each level of a callout
(an admonition by then), in a recursion of its own. Its quote processor stops
nesting near the recursion limit, but callouts have no such stop: 500 nested
``> [!note]`` end in RecursionError. Nobody reads a quote 32 levels deep
either, so before callouts are read a line with more quote markers keeps
``MAX_DEPTH`` of them: its text is shown at that depth, with a warning naming
the note and line.

Code is never touched: a fenced block's lines (in a quote or not) keep their
text, and only the quote markers in front of them are cut, as its opening
line's are. An indented code block is no quote to begin with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .fences import OPEN_RE, closes, quote_markers

MAX_DEPTH = 32

log = logging.getLogger("mkdocs.plugins.kb")


def cap_quotes(lines: list[str]) -> tuple[list[str], str | None]:
    """The lines with at most ``MAX_DEPTH`` quote markers each, and the first line cut, as written."""
    out: list[str] = []
    first: str | None = None
    fence: str | None = None  # the open fence, and the quote depth it stands at
    fence_depth = 0
    for line in lines:
        if fence is not None:
            depth, pos = quote_markers(line, fence_depth)
            if depth == fence_depth:  # still in the quote the fence is in: code
                if closes(line[pos:], fence):
                    fence = None
                out.append(_cut(line, depth, pos))
                continue
            fence = None  # the quote ended, and the fence with it
        depth, pos = quote_markers(line)
        if m := OPEN_RE.match(line[pos:]):
            fence, fence_depth = m.group("fence"), depth
        if depth > MAX_DEPTH:
            first = first or line
            line = _cut(line, depth, pos)
        out.append(line)
    return out, first


def _cut(line: str, depth: int, pos: int) -> str:
    """``line`` with its ``depth`` quote markers (ending at ``pos``) cut to ``MAX_DEPTH``."""
    if depth <= MAX_DEPTH:
        return line
    return "> " * MAX_DEPTH + line[pos:]


class QuoteDepthPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, current_note: Callable[[], Any] | None) -> None:
        super().__init__(md)
        self.current_note = current_note

    def run(self, lines: list[str]) -> list[str]:
        if not any(line.count(">") > MAX_DEPTH for line in lines):
            return lines
        lines, first = cap_quotes(lines)
        if first is not None:
            self.warn(first)
        return lines

    def warn(self, line: str) -> None:
        note = self.current_note() if self.current_note else None
        message = f"引用嵌套超过 {MAX_DEPTH} 层，更深的内容按第 {MAX_DEPTH} 层显示"
        if note is None:
            log.warning("%s", message)
            return
        at = note.body.find(line.strip())  # a quote of an embedded note is not in this one
        where = f"第 {note.body_line + note.body.count(chr(10), 0, at)} 行: " if at >= 0 else ""
        log.warning("%s: %s%s", note.src_uri, where, message)


class QuoteDepthExtension(Extension):
    """Quotes and callouts nested deeper than ``MAX_DEPTH`` are shown at that depth."""

    def __init__(self, current_note: Callable[[], Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current_note = current_note  # () -> the Note being rendered, or None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After embeds (28) put other notes' text in, before callouts (27) read quotes.
        md.preprocessors.register(QuoteDepthPreprocessor(md, self.current_note), "kb-quote-depth", 27.9)
