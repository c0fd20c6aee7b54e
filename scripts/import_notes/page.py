"""What every source converter produces: pages, still independent of files and options."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Page:
    """One Markdown page to write; ``extra`` holds source front matter keys worth keeping."""

    name: str  # file name without ".md"
    title: str
    body: str
    date: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
