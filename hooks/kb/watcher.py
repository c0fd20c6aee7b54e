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

import logging
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

log = logging.getLogger("mkdocs.plugins.kb")

# What changes a file. The native observers also report opening and reading,
# which MkDocs' handler would take for edits: every build reads every note, so
# each build would start the next one. A folder's own "modified" comes with the
# events of the files in it.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class Relay(FileSystemEventHandler):
    """Hands MkDocs' handler the events it should act on.

    MkDocs' handler ignores folder events, which polling never sent; but a folder
    moved out of the vault sends nothing for the notes in it, so folder events
    reach MkDocs as changes of the folder's path. With ``only``, events of one
    file in a watched folder.
    """

    def __init__(self, handler: FileSystemEventHandler, only: str | None = None) -> None:
        self.handler = handler
        self.only = only

    def dispatch(self, event: FileSystemEvent) -> None:
        if self.only is not None and self.only not in (event.src_path, event.dest_path):
            return
        if event.is_directory:
            event = FileModifiedEvent(event.src_path)
        self.handler.dispatch(event)


class ChangeObserver(Observer):  # type: ignore[misc, valid-type]  # Observer is the platform's class
    """The native observer, reporting changes only, through symlinked folders too."""

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | Path,
        *,
        recursive: bool = False,
        event_filter: list[type[FileSystemEvent]] | None = None,
        follow_symlink: bool = True,
    ) -> ObservedWatch:
        path = os.path.realpath(path)
        handler = Relay(event_handler)
        if os.path.isfile(path):
            # A watch on the file itself ends when an editor saves by replacing it
            # (vim, sed -i, git checkout); its folder's watch does not.
            handler = Relay(event_handler, only=path)
            path, recursive = os.path.dirname(path), False
        return super().schedule(
            handler, path, recursive=recursive, event_filter=event_filter or CHANGES, follow_symlink=follow_symlink
        )


def watch_natively(server: LiveReloadServer) -> LiveReloadServer:
    """Move what the server watches so far onto a ``ChangeObserver``; later ``watch`` calls land there too."""
    if os.environ.get("KB_WATCH") == "poll":
        return server
    # MkDocs 1.6.1 (pinned) keeps no public list of its watched paths.
    watched = dict(server._watched_paths)
    try:  # the system may refuse: too many watches, or no inotify in a container
        probe = ChangeObserver()
        for path in watched:
            probe.schedule(FileSystemEventHandler(), path, recursive=True)
        probe.start()
        probe.stop()
        probe.join()
    except OSError as error:
        log.warning("无法使用系统的文件事件（%s），改为每半秒检查一次文件", error)
        return server
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangeObserver()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return server
