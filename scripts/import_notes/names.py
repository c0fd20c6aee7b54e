"""File names that Obsidian, Windows and URLs all accept, derived from page titles."""

import re

_ILLEGAL = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f]')
MAX_LENGTH = 60


def safe_name(title: str) -> str:
    """Drop characters illegal in Obsidian/Windows names and join words with ``-``.

    May return "" when the title has nothing usable; callers supply their own fallback.
    """
    name = "-".join(_ILLEGAL.sub("", title).split())
    # Windows refuses names ending in a dot or space; a cut can also leave a dangling dash.
    return name[:MAX_LENGTH].strip(".-")


def page_name(title: str, fallback: str) -> str:
    """The file name for a single page: from its title, else from the source file's stem."""
    return safe_name(title) or safe_name(fallback) or "untitled"
