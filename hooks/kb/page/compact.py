"""Every written page without the indentation of Material's templates.

At 1000 notes, 10 MB of the site's 53 MB of HTML is the spaces and blank
lines after line breaks, mostly in the navigation that every page repeats. A
browser collapses them, so here they go, except in ``<pre>`` and
``<textarea>``, where a reader sees them, and in Mermaid blocks. A line break stays, so text never
runs together and scripts keep their line ends.

One regular expression costs 0.1 ms a page. An HTML minifier (htmlmin,
minify-html) would save more bytes, at several times the build time and with
rules that rewrite tags; percent-decoding the links' Chinese paths saved a
further 5 % at six times the cost.
"""

from __future__ import annotations

import re

# A Mermaid block holds its source as text, and a mindmap's indentation is its shape.
KEPT_RE = re.compile(r'(<(pre|textarea)\b.*?</\2>|<div class="kb-mermaid">.*?</div>)', re.S | re.I)
INDENT_RE = re.compile(r"\n[ \t\r\n]+")


def compact(html: str) -> str:
    # split() yields text, kept element, its tag name (or None), text, …
    parts = KEPT_RE.split(html)
    return "".join(INDENT_RE.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 < 2)
