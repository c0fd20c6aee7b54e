"""Write pages without ever clobbering the user's edits, and without touching identical files."""

from enum import StrEnum
from pathlib import Path


class Outcome(StrEnum):
    """What happened to one page; the summary line counts these."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


def write_page(path: Path, content: str, *, force: bool) -> Outcome:
    """Write ``content`` as UTF-8 to ``path``.

    An identical file is left alone (re-runs change nothing, not even mtimes); a different
    existing file is only replaced with ``force``.
    """
    data = content.encode("utf-8")
    if path.exists():
        if path.read_bytes() == data:
            return Outcome.UNCHANGED
        if not force:
            return Outcome.SKIPPED
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Outcome.WRITTEN
