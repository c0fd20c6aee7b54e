"""File events for ``mkdocs serve``: the system's, not a poll.

MkDocs 1.6 polls every watched folder twice a second, walking every file. On a
big vault a save waits a quarter to three quarters of a second before the
rebuild starts, and the walk costs CPU while nothing changes. Watchdog's native
observer (inotify, FSEvents, ReadDirectoryChangesW) reports a save at once, which
is what Hugo and Quartz do too. Some file systems send no events (Docker volumes,
WSL mounts of Windows folders, network drives); ``KB_WATCH=poll`` keeps MkDocs'
polling there.

Every event then passes two gates: changes that cannot change the site are
dropped (``watch_ignore``), and bursts of saves are paced (``watch_pace``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
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
from watchdog.observers.polling import PollingObserver

from . import seam
from .gc_pace import Collector
from .watch_ignore import Ignored
from .watch_pace import Pacer

BUILD_DELAY = 0.02  # seconds without file events before a rebuild
log = logging.getLogger("mkdocs.plugins.kb")

POLL_INTERVAL = 0.5  # MkDocs' own

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
    """Hands MkDocs' handler the events it should act on, through the pacer.

    An event whose paths are all ignored is dropped: a move counts when either end
    is in the site (``x.md.tmp`` renamed over ``x.md``, a note moved to ``.trash/``).
    MkDocs' handler ignores folder events, which polling never sent; but a folder
    moved out of the vault sends nothing for the notes in it, so folder events
    reach MkDocs as changes of the folder's path. With ``only``, events of one
    file in a watched folder.
    """

    def __init__(
        self, handler: FileSystemEventHandler, ignored: Ignored, pacer: Pacer, only: str | None = None
    ) -> None:
        self.handler = handler
        self.ignored = ignored
        self.pacer = pacer
        self.only = only

    def dispatch(self, event: FileSystemEvent) -> None:
        paths = [path for path in (event.src_path, event.dest_path) if path]
        if self.only is not None and self.only not in paths:
            return
        if all(self.ignored(path, event.is_directory) for path in paths):
            return
        if event.is_directory:
            event = FileModifiedEvent(event.src_path)
        self.pacer.relay(self.handler, event)


class Relaying:
    """An observer whose handlers are relayed, reporting changes only, through symlinked folders too."""

    def __init__(self, ignored: Ignored, pacer: Pacer, **kwargs: float) -> None:
        super().__init__(**kwargs)
        self.ignored = ignored
        self.pacer = pacer

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
        only = None
        if os.path.isfile(path):
            # A watch on the file itself ends when an editor saves by replacing it
            # (vim, sed -i, git checkout); its folder's watch does not.
            only, path, recursive = path, os.path.dirname(path), False
        handler = Relay(event_handler, self.ignored, self.pacer, only)
        return super().schedule(  # type: ignore[misc]  # the observer class it is mixed into
            handler, path, recursive=recursive, event_filter=event_filter or CHANGES, follow_symlink=follow_symlink
        )


class ChangeObserver(Relaying, Observer):  # type: ignore[misc, valid-type]  # Observer is the platform's class
    """The system's file events."""


class PollingChangeObserver(Relaying, PollingObserver):
    """MkDocs' poll, where the system sends no events."""


def watch_changes(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    """Move what the server watches so far onto a relaying observer; later ``watch`` calls land there too.

    The server's builder tells the pacer when each rebuild starts, and Python's
    garbage collector runs between rebuilds (``gc_pace``).
    """
    if not seam.usable("file events"):
        return server
    ignored, pacer = Ignored(config), Pacer()
    observer: Relaying = PollingChangeObserver(ignored, pacer, timeout=POLL_INTERVAL)
    if os.environ.get("KB_WATCH") != "poll":
        try:  # the system may refuse: too many watches, or no inotify in a container
            probe = ChangeObserver(ignored, pacer)
            for path in seam.watched_paths(server):
                probe.schedule(FileSystemEventHandler(), path, recursive=True)
            probe.start()
            probe.stop()
            probe.join()
            observer = ChangeObserver(ignored, pacer)
        except OSError as error:
            log.warning("无法使用系统的文件事件（%s），改为每半秒检查一次文件", error)
    seam.replace_observer(server, observer)
    collector = Collector()  # Python's collector runs between rebuilds (gc_pace.py)
    collector.settle()  # what the first build left

    def building() -> None:
        collector.building()
        pacer.building()

    seam.wrap_builder(server, building, collector.built)
    # MkDocs waits for 0.1 s without events before it rebuilds. One save's events
    # come within a few milliseconds, and the pacer holds bursts of saves, so a
    # fiftieth of a second is enough and the edit shows sooner.
    seam.set_build_delay(server, BUILD_DELAY)
    return server
