"""Open questions and done items, with the exact place each was written.

Sources, as the issue lists them: the word ``TODO`` in prose (``xxx？TODO``,
``TODO: xxx``), each item of a list introduced by a ``TODO：`` line,
unchecked tasks ``- [ ]`` and callouts ``> [!todo]``/``> [!question]``.
``- [x]`` and ``DONE`` are done items. The scan runs on the masked body, so
nothing in code, math or comments counts.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Heading, Todo
from .headings import plain

INTRO_RE = re.compile(r"^[ \t]*(?:\*\*)?TODO(?:\*\*)?[ \t]*[:：][ \t]*$", re.M)
LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
TASK_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)])[ \t]+\[(?P<mark>[ xX])\][ \t]+", re.M)
CALLOUT_RE = re.compile(
    r"^(?P<quote>[ \t]*(?:>[ \t]*)+)\[!(?:todo|question)\][+-]?[ \t]*(?P<title>[^\n]*)$", re.M | re.I
)
WORD_RE = re.compile(r"(?<![A-Za-z\[!])(?P<word>TODO|DONE)(?![A-Za-z])")
SENTENCE_END = "。！？!?"
SHORT = 20
MAX_TEXT = 300


def _line_span(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def _clean(text: str) -> str:
    text = plain(text).strip(" \t-*+:：")
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _sentence_before(text: str) -> str:
    """The sentence a trailing TODO ends, with the one before it if it is short."""
    text = text.rstrip()
    cut = len(text.rstrip(SENTENCE_END))
    idx = max((text.rfind(c, 0, cut) for c in SENTENCE_END), default=-1)
    if cut - idx - 1 < SHORT and idx > 0:
        idx = max((text.rfind(c, 0, idx) for c in SENTENCE_END), default=-1)
    return text[idx + 1 :]


class _Scan:
    def __init__(self, body: str, masked: str, headings: list[Heading], first_line: int):
        self.body = body
        self.masked = masked
        self.first_line = first_line
        self.headings = headings
        self.heading_lines = [h.line for h in headings]
        self.found: list[tuple[int, int, str, str, str]] = []  # start, end, status, kind, text

    def add(self, start: int, end: int, status: str, kind: str, text: str) -> None:
        if text := _clean(text):
            self.found.append((start, end, status, kind, text))

    def tasks(self) -> set[int]:
        lines = set()
        for m in TASK_RE.finditer(self.masked):
            _, end = _line_span(self.body, m.end())
            status = "open" if m.group("mark") == " " else "done"
            self.add(m.end(), m.end(), status, "task", self.body[m.end() : end])
            lines.add(_line_span(self.body, m.start())[0])
        return lines

    def intro_lists(self) -> set[int]:
        """Items of a list under a ``TODO：`` line; returns the intro lines' starts."""
        lines = set()
        for m in INTRO_RE.finditer(self.masked):
            lines.add(m.start())
            pos = m.end() + 1
            while pos < len(self.body):
                start, end = _line_span(self.body, pos)
                line = self.masked[start:end]
                item = LIST_ITEM_RE.match(line)
                if item:
                    self.add(
                        start + item.end(), start + item.end(), "open", "list", self.body[start + item.end() : end]
                    )
                elif line.strip():
                    break
                pos = end + 1
        return lines

    def callouts(self) -> None:
        for m in CALLOUT_RE.finditer(self.masked):
            nxt = m.end() + 1
            start, end = _line_span(self.body, min(nxt, len(self.body)))
            quote = re.match(r"[ \t]*(?:>[ \t]*)+", self.body[start:end])
            insert = start + (quote.end() if quote else 0)
            title = m.group("title").strip()
            self.add(insert, insert, "open", "callout", title or self.body[insert:end])

    def words(self, skip_lines: set[int]) -> None:
        for m in WORD_RE.finditer(self.masked):
            start, end = _line_span(self.body, m.start())
            if start in skip_lines:
                continue
            status = "open" if m.group("word") == "TODO" else "done"
            after = self.body[m.end() : end].lstrip(" \t:：")
            item = LIST_ITEM_RE.match(self.body[start:end])
            before = self.body[start + (item.end() if item else 0) : m.start()]
            text = after if after.strip() else _sentence_before(before)
            self.add(m.start(), m.end(), status, "inline", text)

    def todos(self) -> list[Todo]:
        todos = []
        for n, (start, end, status, kind, text) in enumerate(sorted(self.found), 1):
            line = self.first_line + self.body.count("\n", 0, start)
            idx = bisect_right(self.heading_lines, line) - 1
            heading = self.headings[idx] if idx >= 0 else None
            todos.append(
                Todo(
                    text,
                    status,
                    kind,
                    line,  # type: ignore[arg-type]
                    heading.text if heading else "",
                    heading.id if heading else "",
                    f"todo-{n}",
                    start,
                    end,
                )
            )
        return todos


def find_todos(body: str, masked: str, headings: list[Heading], first_line: int) -> list[Todo]:
    scan = _Scan(body, masked, headings, first_line)
    skip = scan.tasks() | scan.intro_lists()
    scan.callouts()
    scan.words(skip)
    return scan.todos()
