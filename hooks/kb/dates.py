"""Each note's created and updated dates, and when each of its items was first written.

A note's own front matter wins (``date``/``created``, ``updated``/``modified``/
``lastmod``), then git history, then the file's modification time. An item's
own Tasks created date (``➕``) wins over git, which dates the line it was
written on; then the note's created date from front matter, then the file's
time. The dates change without the note's text changing, so they are set on
the parsed notes at every build, never cached with them.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from typing import Any

from .git_history import FileHistory, history
from .model import Note, NoteDates

CREATED_KEYS = ("date", "created")
UPDATED_KEYS = ("updated", "modified", "lastmod")


def _meta_time(meta: dict[str, Any], keys: tuple[str, ...]) -> datetime | None:
    """A front matter date: YAML's date or datetime, or an ISO string; local time if it names no zone."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                continue
        if isinstance(value, datetime):
            return value if value.tzinfo else value.astimezone()
        if isinstance(value, date):
            return datetime.combine(value, time()).astimezone()
    return None


def note_dates(note: Note, past: FileHistory | None, mtime: datetime) -> NoteDates:
    own = _meta_time(note.meta, CREATED_KEYS)
    created = own or (past.created if past else mtime)
    updated = _meta_time(note.meta, UPDATED_KEYS) or (past.updated if past else mtime)
    lines = note.body.split("\n") if past and note.todos else []
    opened = {}
    for todo in note.todos:
        written = past.written(lines[todo.line - note.body_line]) if lines else None
        opened[todo.anchor] = todo.task.created or (written or own or mtime).date()
    return NoteDates(created, max(created, updated), opened)


def assign(notes: list[Note], docs_dir: str) -> None:
    """Set ``note.dates`` on every note, from one reading of the vault's git history."""
    past = history(docs_dir)
    for note in notes:
        # A note read in another encoding has its decoded text as content and no
        # abs_src_path any more (kb/parse/decode.py): its file is still in docs/.
        path = os.path.join(docs_dir, note.src_uri)
        mtime = datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()
        note.dates = note_dates(note, past.get(note.src_uri), mtime)
