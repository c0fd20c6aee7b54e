"""HTML the site writes itself, put into a note page after it is sanitized.

The sanitizer (``kb/sanitize.py``) is right for what a note brings: no
``<svg>``, and an ``<iframe>`` only from an http(s) address, sandboxed. Two
things the site draws need more, and are built from checked values only:

- a canvas's edges, an ``<svg>`` of numbers and escaped labels (``kb/canvas``);
- a PDF viewer: an ``<iframe>`` of a file of this site (a relative address,
  which the sanitizer drops from notes' frames), without ``sandbox``, which
  would stop Chromium from showing a PDF in it at all.

Rather than loosen the policy for every note, the extension that draws such a
piece stores it here and writes an empty placeholder, ``<div
data-kb-trusted="KEY"></div>``, which passes the sanitizer as it is. After
the sanitizer, ``fill`` puts the stored HTML in. Each key starts with a
random ``NONCE`` made when this module is imported (never written into a
page), so a note that copies a placeholder names no stored piece and keeps an
empty element: a note cannot reach this path.

The rest of the key is a digest of the piece, so the Markdown that holds it
changes when the piece does: under ``serve --dirty`` the plan compares notes'
Markdown (``kb/serve/plan.py``), and a canvas whose held excerpt or edges
changed must rebuild the notes that embed it.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from markdown import Markdown
from markdown.postprocessors import Postprocessor

NONCE = secrets.token_hex(12)
PLACEHOLDER_RE = re.compile(rf'<(div|span) data-kb-trusted="({NONCE}-[0-9a-z-]+)"></\1>')


class Trusted:
    """One build's stored pieces, by key."""

    def __init__(self) -> None:
        self.pieces: dict[str, str] = {}

    def store(self, html: str) -> str:
        """The key of ``html``, to write as a placeholder's ``data-kb-trusted``."""
        key = f"{NONCE}-{hashlib.blake2b(html.encode('utf-8'), digest_size=10).hexdigest()}"
        self.pieces[key] = html
        return key

    def hold(self, html: str, tag: str = "div") -> str:
        """A placeholder for ``html``, as HTML."""
        return f'<{tag} data-kb-trusted="{self.store(html)}"></{tag}>'

    def fill(self, html: str) -> str:
        if "data-kb-trusted" not in html:
            return html
        return PLACEHOLDER_RE.sub(lambda m: self.pieces.get(m.group(2), ""), html)


class FillTrusted(Postprocessor):
    """Puts the stored pieces into a note's page, after the sanitizer."""

    def __init__(self, md: Markdown, build):
        super().__init__(md)
        self.build = build

    def run(self, text: str) -> str:
        return self.build.trusted.fill(text) if self.build.current()[1] is not None else text
