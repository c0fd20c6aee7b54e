"""How far a long build has got, on one line of the terminal.

A 2,000-note build takes half a minute with nothing to show for it. When
stderr is a terminal and MkDocs logs at INFO (not ``-q``), the pages
rendered and written so far are counted on one line that rewrites itself;
in CI logs and pipes nothing is printed.
"""

from __future__ import annotations

import logging
import sys
import time

EVERY = 0.25  # seconds between redraws


class Progress:
    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.shown = 0.0
        self.on = sys.stderr.isatty() and logging.getLogger("mkdocs").isEnabledFor(logging.INFO)

    def advance(self) -> None:
        self.done += 1
        if self.on and (time.monotonic() - self.shown >= EVERY or self.done == self.total):
            self.shown = time.monotonic()
            sys.stderr.write(f"\r{self.label} {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on and self.shown:
            sys.stderr.write("\r\033[K")  # the line is cleared for the next log message
            sys.stderr.flush()
