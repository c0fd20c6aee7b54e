"""A note's HTML, sanitized as Obsidian sanitizes it before showing it.

Notes are pasted from the web: a ``<script>``, an ``onerror`` or a
``javascript:`` link in one must not run on the site, nor in a hover preview
on every page that links the note. Obsidian passes a note's HTML through
DOMPurify; we pass every note page's rendered HTML through ``nh3``, the
binding of Rust's ammonia (an HTML5 parser, not regular expressions), with an
allow-list of what Obsidian shows and what our Markdown extensions write.

The importer uses the same policy, so nothing it writes into the vault runs
either.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import nh3

# What Obsidian shows, and every element our Markdown extensions produce.
# Not here, so removed with their tags (text kept): form controls but a
# checkbox, ``object``/``embed``, ``base``, ``meta``, ``link``, ``svg``.
TAGS = nh3.ALLOWED_TAGS | {
    "font",
    "input",  # only as a task's checkbox, see ATTRIBUTE_VALUES
    "label",
    "iframe",
    "audio",
    "video",
    "source",
    "track",
    "picture",
    "section",
}
# Removed with everything inside them, not only their tags.
DROPPED = {"script", "style", "noscript", "template", "textarea", "select", "title", "object", "embed", "applet"}

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "style", "lang", "dir", "hidden", "role", "align", "color", "width", "height"},
    "a": {"href", "name", "rel", "target", "hreflang", "download"},
    "img": {"src", "alt", "loading", "srcset", "sizes", "decoding"},
    "font": {"face", "size"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "details": {"open"},
    "input": {"checked", "disabled"},
    "label": {"for"},
    "iframe": {"src", "allow", "allowfullscreen", "frameborder"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "video": {"src", "controls", "loop", "muted", "preload", "poster", "playsinline"},
    "source": {"src", "type", "srcset", "media", "sizes"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
# A web page in a note runs in a sandbox of its own, loads only when scrolled
# to, and is told nothing of the page around it; an image too.
SET_ATTRIBUTES = {
    "iframe": {
        "sandbox": "allow-scripts allow-same-origin allow-popups allow-presentation",
        "loading": "lazy",
        "referrerpolicy": "no-referrer",
    },
    "img": {"referrerpolicy": "no-referrer"},
}
SCHEMES = {"http", "https", "mailto", "data"}  # data: only for images, see _url_filter
URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "cite"}


def _url_filter(tag: str, attribute: str, value: str) -> str | None:
    """``data:`` URLs only for images; a frame only from http(s), never from this site."""
    if attribute not in URL_ATTRIBUTES:
        return value
    scheme = _scheme(value)
    if scheme == "data" and not (tag in {"img", "source"} and value[5:].lstrip().lower().startswith("image/")):
        return None
    if tag == "iframe" and scheme not in {"http", "https"}:
        return None
    return value


def _scheme(url: str) -> str | None:
    head, sep, _ = url.strip().partition(":")
    if not sep or "/" in head or "?" in head or "#" in head:
        return None
    return "".join(head.split()).lower()


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED,
    attributes=ATTRIBUTES,
    attribute_filter=_url_filter,
    strip_comments=True,
    link_rel=None,
    generic_attribute_prefixes={"data-", "aria-"},
    tag_attribute_values=ATTRIBUTE_VALUES,
    set_tag_attribute_values=SET_ATTRIBUTES,
    url_schemes=SCHEMES,
)


def clean_html(html: str) -> str:
    """``html`` with nothing that can run: no script, handler, unsafe address or comment."""
    return _CLEANER.clean(html)


class _Inventory(HTMLParser):
    """Which elements, attributes and address schemes a piece of HTML holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            scheme = _scheme(value or "") if name in URL_ATTRIBUTES else None
            self.found[f"{name}={scheme}:" if scheme else f"{name}="] += 1

    def handle_comment(self, data: str) -> None:
        self.found["<!--…-->"] += 1


def inventory(html: str) -> Counter[str]:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.found


def removed(html: str) -> list[str]:
    """What ``clean_html`` takes out of ``html``, e.g. ``<script>``, ``onerror=``, ``href=javascript:``."""
    if not html.strip():
        return []
    gone = inventory(html) - inventory(clean_html(html))
    return sorted(gone)
