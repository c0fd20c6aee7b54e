"""A burst of saves costs ``mkdocs serve`` two rebuilds at most, not one per save.

MkDocs starts a rebuild once changes have stopped for 0.1 s, and a change during a
rebuild queues one more. Saves 0.2 s apart (a script, a formatter, a sync) outlast
that wait, so on a small vault, where a rebuild is quick, each save rebuilds again.
Here a change that comes soon after a rebuild started is held until the changes
stop for a moment, and then asks for one rebuild. A lone save, or Obsidian's
autosave every two seconds, still goes through at once.
"""

from __future__ import annotations

import math
import threading
import time

from watchdog.events import FileSystemEvent, FileSystemEventHandler


class Pacer:
    """Passes changes to MkDocs' handler, holding those that follow a rebuild's start within ``settle`` seconds."""

    def __init__(self, settle: float = 0.5) -> None:
        self.settle = settle
        self._started = -math.inf
        self._lock = threading.Lock()
        self._held: threading.Timer | None = None

    def building(self) -> None:
        """Called as each rebuild starts."""
        with self._lock:
            self._started = time.monotonic()

    def relay(self, handler: FileSystemEventHandler, event: FileSystemEvent) -> None:
        with self._lock:
            if self._held is None and time.monotonic() - self._started >= self.settle:
                held = None
            else:  # a burst: wait until it has been quiet for `settle`
                if self._held is not None:
                    self._held.cancel()
                held = self._held = threading.Timer(self.settle, self._release, (handler, event))
                held.daemon = True
                held.start()
        if held is None:
            handler.dispatch(event)

    def _release(self, handler: FileSystemEventHandler, event: FileSystemEvent) -> None:
        with self._lock:
            if self._held is not threading.current_thread():
                return  # a later change took its place just as it fired
            self._held = None
        handler.dispatch(event)
