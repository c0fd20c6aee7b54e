"""Hugo (Quarto ``hugo-md``) posts: keep title, date and tags, drop the Hugo-only settings.

Hugo reads YAML or TOML front matter; ``frontmatter.split`` reads both.
"""

import re

from .. import frontmatter
from ..page import Page
from .obsidian import single_page

# Keys only Hugo/Quarto act on. ``math`` too: the site renders math on every page.
# Hugo ``aliases`` are redirect URLs, not the alternative note names Obsidian means by it.
HUGO_ONLY_KEYS = {"format", "jupyter", "isCJKLanguage", "math", "aliases"}
# Keys no Obsidian note would carry; any one of them marks a Hugo post.
_HUGO_MARKERS = {"isCJKLanguage", "publishDate", "expiryDate", "lastmod"}
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}\s+")


def looks_like(text: str) -> bool:
    """TOML front matter, or front matter saying ``format: hugo-md`` or holding a Hugo-specific key."""
    if frontmatter.is_toml(text):
        return True
    meta, _ = frontmatter.split(text)
    if meta is None:
        return False
    return meta.get("format") == "hugo-md" or bool(_HUGO_MARKERS & meta.keys())


def convert(text: str, stem: str) -> list[Page]:
    """One page with the body unchanged; a date-prefixed title also gets a date-less alias."""
    meta, body = frontmatter.split(text)
    meta = {key: value for key, value in (meta or {}).items() if key not in HUGO_ONLY_KEYS}
    title = str(meta.pop("title", None) or "").strip() or stem
    short_title = _DATE_PREFIX.sub("", title)
    return [single_page(title, stem, body, meta, [short_title] if short_title and short_title != title else [])]
