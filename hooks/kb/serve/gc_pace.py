"""Python's garbage collection between rebuilds, not during them.

A served 1,000-note vault holds millions of objects (the parsed vault, MkDocs'
files and pages, the search entries). A rebuild makes many new ones, so
Python's collector runs full passes over all of them in the middle of the
rebuild: a third of a rebuild's time at 1,000 notes. Here the collector runs once
the rebuild is on screen (``IDLE`` seconds after it), and what survives is
frozen (``gc.freeze``): the next rebuild's passes look only at what it made.
Nothing is kept longer than one rebuild: each idle pass unfreezes first, so the
last build's cycles are freed.
"""

from __future__ import annotations

import gc
import threading

IDLE = 1.0  # seconds after a rebuild: its page has been fetched


class Collector:
    def __init__(self, idle: float = IDLE) -> None:
        self.idle = idle
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def settle(self) -> None:
        """Collect everything now, then freeze what is left."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def building(self) -> None:
        """Called as a rebuild starts: no collection is started while it runs."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def built(self) -> None:
        """Called as a rebuild ends (or fails): collect once it is on screen."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.idle, self.settle)
            self._timer.daemon = True
            self._timer.start()
