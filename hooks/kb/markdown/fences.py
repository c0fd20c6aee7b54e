"""Which lines are inside a fenced code block, for preprocessors that run
before Python-Markdown stashes fenced code (embeds, callouts)."""

from __future__ import annotations

import re

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


class FenceTracker:
    """Fed the lines in order, says whether each is part of a fenced block."""

    def __init__(self) -> None:
        self.fence: str | None = None

    def inside(self, line: str) -> bool:
        if m := FENCE_RE.match(line):
            marker = m.group(1)
            self.fence = None if self.fence and marker.startswith(self.fence) else (self.fence or marker)
        return self.fence is not None
