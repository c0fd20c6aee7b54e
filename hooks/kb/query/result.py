"""What a query gives: rows of values, maybe in groups, for ``render.py`` to draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import Note, Todo


@dataclass
class Row:
    note: Note
    cells: list[Any]
    task: Todo | None = None


@dataclass
class Result:
    kind: Literal["table", "list", "cards", "task"]
    headers: list[str]
    groups: list[tuple[Any, list[Row]]] = field(default_factory=list)  # (key, rows); one group keyed None
    name: str = ""  # a Bases view's name
    grouped: bool = False
    link_first: bool = True  # the note's link leads each row (not in Dataview's TABLE WITHOUT ID)
