"""The one model of the vault: every note parsed once per build.

Link resolution, backlinks, missing notes, the TODO page, tag counts and
drafts all read these structures; none of them reads docs/ again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int


@dataclass(frozen=True)
class Link:
    """A link or embed as written: ``[[target#fragment|alias]]`` or ``[x](target)``."""

    target: str
    fragment: str
    alias: str | None
    embed: bool
    kind: Literal["wiki", "markdown"]
    line: int
    context: str


@dataclass(frozen=True)
class TaskMeta:
    """Obsidian Tasks fields of a task item (``parse/tasks_meta.py``); None where absent."""

    due: date | None = None
    scheduled: date | None = None
    start: date | None = None
    created: date | None = None
    done: date | None = None
    cancelled: date | None = None
    priority: Literal["highest", "high", "medium", "low", "lowest"] | None = None
    recurrence: str | None = None


@dataclass(frozen=True)
class Todo:
    """An open, done or cancelled (``- [-]``) item, and where its marker goes in the note's body."""

    text: str
    status: Literal["open", "done", "cancelled"]
    kind: Literal["inline", "list", "task", "callout"]
    line: int
    section: str
    section_id: str
    anchor: str
    # The marker replaces body[start:end] (an empty span for an insertion).
    start: int
    end: int
    task: TaskMeta = TaskMeta()  # its Tasks metadata, which has left ``text``


@dataclass(frozen=True)
class NoteDates:
    """When a note was created and last updated, and when each item was first written.

    Not parsed from the text: git history and the file's time change them, so
    ``kb/dates.py`` sets them on every build.
    """

    created: datetime
    updated: datetime
    opened: dict[str, date] = field(default_factory=dict)  # by ``Todo.anchor``


@dataclass
class Note:
    src_uri: str
    title: str
    meta: dict[str, Any]
    body: str
    body_line: int
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    todos: list[Todo] = field(default_factory=list)
    block_ids: dict[str, int] = field(default_factory=dict)
    papers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dates: NoteDates | None = None  # set per build, after parsing

    @property
    def stem(self) -> str:
        return self.src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    @property
    def folder(self) -> str:
        return self.src_uri.rsplit("/", 1)[0] if "/" in self.src_uri else ""

    @property
    def draft(self) -> bool:
        """Quartz and Material say ``draft: true``; Obsidian Publish ``publish: false``."""
        return self.meta.get("draft") is True or self.meta.get("publish") is False

    def heading_id(self, text: str) -> str | None:
        """The id of the heading a link names, by its text or its id."""
        wanted = text.strip().lower()
        for heading in self.headings:
            if heading.text.strip().lower() == wanted or heading.id == wanted:
                return heading.id
        return None
