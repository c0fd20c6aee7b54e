"""Open questions and done items, with the exact place each was written.

Sources, as the issue lists them: the word ``TODO`` in prose (``xxx？TODO``,
``TODO: xxx``), each item of a list introduced by a ``TODO：`` line,
unchecked tasks ``- [ ]`` and callouts ``> [!todo]``/``> [!question]``.
``- [x]`` and ``DONE`` are done items; ``- [-]`` is cancelled, as in Obsidian
Tasks, whose metadata a task's text loses to ``Todo.task``. The scan runs on
the masked body, so nothing in code, math or comments counts.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

from ..model import Heading, TaskMeta, Todo
from . import tasks_meta
from .headings import MARKUP_RES

INTRO_RE = re.compile(r"^[ \t]*(?:\*\*)?TODO(?:\*\*)?[ \t]*[:：][ \t]*$", re.M)
LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX-]\][ \t]+)?")
TASK_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)])[ \t]+\[(?P<mark>[ xX-])\][ \t]+", re.M)
TASK_STATUS = {" ": "open", "x": "done", "X": "done", "-": "cancelled"}
NO_TASK = TaskMeta()
CALLOUT_RE = re.compile(
    r"^(?P<quote>[ \t]*(?:>[ \t]*)+)\[!(?:todo|question)\][+-]?[ \t]*(?P<title>[^\n]*)$", re.M | re.I
)
WORD_RE = re.compile(r"(?<![A-Za-z\[!])(?P<word>TODO|DONE)(?![A-Za-z])")
# Where the word is part of an address, not prose: link targets, autolinks, bare URLs.
ADDRESS_RES = [
    re.compile(r"\]\([^)\n]*\)"),
    re.compile(r"<[a-z][a-z0-9+.-]*:[^>\n]*>", re.I),
    re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>]+", re.I),
]
SENTENCE_END = "。！？!?"
SHORT = 20
MAX_TEXT = 300


def _line_span(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


# Markdown's links and emphasis go; raw HTML stays, as text the TODO page escapes:
# a question about ``<pad>`` keeps its ``<pad>``, and a note's <script> is shown, never run.
TEXT_RES = [(pattern, repl) for pattern, repl in MARKUP_RES if pattern.pattern != "<[^>]+>"]


def _clean(text: str) -> str:
    for pattern, repl in TEXT_RES:
        text = pattern.sub(repl, text)
    text = re.sub(r"[ \t]{2,}", " ", html.unescape(text)).strip(" \t-*+:：")
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
        # start, end, status, kind, text, Tasks metadata
        self.found: list[tuple[int, int, str, str, str, TaskMeta]] = []

    def add(self, start: int, end: int, status: str, kind: str, text: str, task: TaskMeta = NO_TASK) -> None:
        if text := _clean(text):
            self.found.append((start, end, status, kind, text, task))

    def tasks(self) -> set[int]:
        lines = set()
        for m in TASK_RE.finditer(self.masked):
            _, end = _line_span(self.body, m.end())
            text, task = tasks_meta.split(self.body[m.end() : end])
            self.add(m.end(), m.end(), TASK_STATUS[m.group("mark")], "task", text, task)
            lines.add(_line_span(self.body, m.start())[0])
        return lines

    def intro_lists(self, task_lines: set[int]) -> set[int]:
        """Items of a list under a ``TODO：`` line; returns the intro lines' starts.

        A task in such a list is already an item (``task_lines``), so it is not added twice.
        """
        lines = set()
        for m in INTRO_RE.finditer(self.masked):
            lines.add(m.start())
            pos = m.end() + 1
            while pos < len(self.body):
                start, end = _line_span(self.body, pos)
                line = self.masked[start:end]
                item = LIST_ITEM_RE.match(line)
                if item and start not in task_lines:
                    self.add(
                        start + item.end(), start + item.end(), "open", "list", self.body[start + item.end() : end]
                    )
                elif not item and line.strip():
                    break
                pos = end + 1
        return lines

    def callouts(self) -> None:
        """A titled callout's question is its title, on its own line; the marker goes before it.

        An untitled one asks its first line, which must still be inside the quote: a marker
        put on the blank line after a callout would pull the next paragraph into the quote.
        """
        for m in CALLOUT_RE.finditer(self.masked):
            title = m.group("title").strip()
            if title:
                self.add(m.start("title"), m.start("title"), "open", "callout", title)
                continue
            if m.end() >= len(self.body):
                continue
            start, end = _line_span(self.body, m.end() + 1)
            quote = re.match(r"[ \t]*(?:>[ \t]*)+", self.body[start:end])
            if quote:
                insert = start + quote.end()
                self.add(insert, insert, "open", "callout", self.body[insert:end])

    def words(self, skip_lines: set[int]) -> None:
        prose = self.masked
        for pattern in ADDRESS_RES:
            prose = pattern.sub(lambda m: " " * len(m.group(0)), prose)
        for m in WORD_RE.finditer(prose):
            start, end = _line_span(self.body, m.start())
            if start in skip_lines:
                continue
            status = "open" if m.group("word") == "TODO" else "done"
            after = self.body[m.end() : end].lstrip(" \t:：")
            item = LIST_ITEM_RE.match(self.body[start:end])
            before = self.body[start + (item.end() if item else 0) : m.start()]
            # "TODO: xxx" asks what follows; "xxx？TODO" and "xxx TODO。" the sentence it ends.
            ends_sentence = not after.strip() or after[0] in SENTENCE_END + "，,.;；)）"
            text = _sentence_before(before) if ends_sentence else after
            self.add(m.start(), m.end(), status, "inline", text)

    def todos(self) -> list[Todo]:
        todos = []
        line, counted = self.first_line, 0  # lines counted from the last item on: one pass over the body
        for n, (start, end, status, kind, text, task) in enumerate(sorted(self.found, key=lambda f: f[:2]), 1):
            line += self.body.count("\n", counted, start)
            counted = start
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
                    task,
                )
            )
        return todos


def find_todos(body: str, masked: str, headings: list[Heading], first_line: int) -> list[Todo]:
    scan = _Scan(body, masked, headings, first_line)
    task_lines = scan.tasks()
    skip = task_lines | scan.intro_lists(task_lines)
    scan.callouts()
    scan.words(skip)
    return scan.todos()
