"""File events for ``mkdocs serve``: the system's, not a poll.

MkDocs 1.6 polls every watched folder twice a second, walking every file. On a
big vault a save waits a quarter to three quarters of a second before the
rebuild starts, and the walk costs CPU while nothing changes. Watchdog's native
observer (inotify, FSEvents, ReadDirectoryChangesW) reports a save at once, which
is what Hugo and Quartz do too. Some file systems send no events (Docker volumes,
WSL mounts of Windows folders, network drives); ``KB_WATCH=poll`` keeps MkDocs'
polling there.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

# What changes a file. The native observers also report opening and reading,
# which MkDocs' handler would take for edits: every build reads every note, so
# each build would start the next one.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class ChangeObserver(Observer):  # type: ignore[misc, valid-type]  # Observer is the platform's class
    """The native observer, reporting changes only, through symlinked folders too."""

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | Path,
        *,
        recursive: bool = False,
        event_filter: list[type[FileSystemEvent]] | None = None,
        follow_symlink: bool = False,
    ) -> ObservedWatch:
        return super().schedule(
            event_handler, os.path.realpath(path), recursive=recursive, event_filter=event_filter or CHANGES
        )


def watch_natively(server: LiveReloadServer) -> LiveReloadServer:
    """Move what the server watches so far onto a ``ChangeObserver``; later ``watch`` calls land there too."""
    if os.environ.get("KB_WATCH") == "poll":
        return server
    # MkDocs 1.6.1 (pinned) keeps no public list of its watched paths.
    watched = dict(server._watched_paths)
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangeObserver()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return server
