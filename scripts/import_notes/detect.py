"""Tell which kind of source a note is, from its text alone (file names say nothing)."""

from enum import StrEnum

from .sources import hugo, webclip, yuque


class Kind(StrEnum):
    """Source kinds, named as they appear in summaries, ``--kind`` and ``source.kind``."""

    OBSIDIAN = "obsidian"
    YUQUE = "yuque"
    HUGO = "hugo"
    WEBCLIP = "webclip"


def detect_kind(text: str) -> Kind:
    """The first matching kind, most specific first; anything unrecognised is plain Obsidian.

    Web clips are checked before Yuque because a clipped Yuque page carries Yuque's image URLs.
    """
    for kind, source in ((Kind.HUGO, hugo), (Kind.WEBCLIP, webclip), (Kind.YUQUE, yuque)):
        if source.looks_like(text):
            return kind
    return Kind.OBSIDIAN
