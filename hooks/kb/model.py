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


# Front matter flags read as booleans: YAML's own, or these words, in any case.
TRUE_WORDS = frozenset({"true", "yes", "on"})
FALSE_WORDS = frozenset({"false", "no", "off"})


def flag(value: Any) -> bool | None:
    """A front matter value as a boolean; None if it is empty or not a boolean word."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    return None


def withholding_keys(meta: dict[str, Any]) -> list[tuple[str, Any]]:
    """The ``draft`` and ``publish`` entries (any case) that keep a note unpublished.

    ``draft`` true or ``publish`` false does; so does either with a value that
    is neither empty nor a boolean (``draft: 1``, ``publish: later``): a note
    whose author meant to withhold it is never published by a misspelling.
    """
    found = []
    for key, value in meta.items():
        name = key.strip().lower() if isinstance(key, str) else None
        if name not in ("draft", "publish"):
            continue
        read = flag(value)
        empty = value is None or (isinstance(value, str) and not value.strip())
        if read is (name == "draft") or (read is None and not empty):
            found.append((key, value))
    return found


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
    broken_meta: bool = False  # front matter there but unreadable: withheld, as a draft is
    canvas: str | None = None  # a canvas's page (kb/canvas): the ``.canvas`` file it is drawn from

    @property
    def stem(self) -> str:
        return self.src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    @property
    def folder(self) -> str:
        return self.src_uri.rsplit("/", 1)[0] if "/" in self.src_uri else ""

    @property
    def draft(self) -> bool:
        """Not to be published: Quartz and Material say ``draft: true``, Obsidian
        Publish ``publish: false`` (keys in any case, ``"true"``/``"yes"``/``"on"``
        and ``"false"``/``"no"``/``"off"`` as booleans). A front matter that
        cannot be read might have said either, so its note is withheld too."""
        return self.broken_meta or bool(withholding_keys(self.meta))

    def heading_id(self, text: str) -> str | None:
        """The id of the heading a link names, by its text or its id."""
        wanted = text.strip().lower()
        for heading in self.headings:
            if heading.text.strip().lower() == wanted or heading.id == wanted:
                return heading.id
        return None
