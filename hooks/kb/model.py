"""The one model of the vault: every note parsed once per build.

Link resolution, backlinks, missing notes, the TODO page, tag counts and
drafts all read these structures; none of them reads docs/ again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
class Todo:
    """An open or done item, and where its marker goes in the note's body."""

    text: str
    status: Literal["open", "done"]
    kind: Literal["inline", "list", "task", "callout"]
    line: int
    section: str
    section_id: str
    anchor: str
    # The marker replaces body[start:end] (an empty span for an insertion).
    start: int
    end: int


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
