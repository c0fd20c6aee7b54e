"""Each note's created and updated dates, and when each of its items was first written.

A note's own front matter wins (``date``/``created``, ``updated``/``modified``/
``lastmod``), then git history, then the file's modification time. An item's
own Tasks created date (``➕``) wins over git, which dates the line it was
written on. Inside a repository, a line no commit holds (in a tracked note or
an untracked one) was written since the last commit: it is dated the day of
the build. Without a repository (or before its first commit) there is no such
knowledge, and the note's created date from front matter, then the file's
time, stand in. The dates change without the note's text changing, so they are set on
the parsed notes at every build, never cached with them.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from typing import Any

from .git_history import FileHistory, history, in_repository
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


def note_dates(note: Note, past: FileHistory | None, mtime: datetime, today: date | None = None) -> NoteDates:
    """``today`` is given inside a repository: the day of a line that git has not seen."""
    own = _meta_time(note.meta, CREATED_KEYS)
    created = own or (past.created if past else mtime)
    updated = _meta_time(note.meta, UPDATED_KEYS) or (past.updated if past else mtime)
    lines = note.body.split("\n") if past and note.todos else []
    unseen = today or (own or mtime).date()
    opened = {}
    for todo in note.todos:
        written = past.written(lines[todo.line - note.body_line]) if lines else None
        opened[todo.anchor] = todo.task.created or (written.date() if written else unseen)
    return NoteDates(created, max(created, updated), opened)


def assign(notes: list[Note], docs_dir: str) -> None:
    """Set ``note.dates`` on every note, from one reading of the vault's git history."""
    past = history(docs_dir)
    today = date.today() if in_repository(docs_dir) else None
    for note in notes:
        # A note read in another encoding has its decoded text as content and no
        # abs_src_path any more (kb/parse/decode.py): its file is still in docs/.
        path = os.path.join(docs_dir, note.src_uri)
        mtime = datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()
        note.dates = note_dates(note, past.get(note.src_uri), mtime, today)
