"""Relative Markdown links of an embedded note, made relative to the host page.

``![[其他文件夹/笔记]]`` inserts another note's Markdown into this page, and
MkDocs resolves ``[文字](../图/x.png)`` against the page being built, not the
note the link was written in. Wikilinks resolve by name and need nothing.
Code and math are masked first, so links shown there stay as written. Raw
HTML (``<img src="…">``) is left as written.
"""

from __future__ import annotations

import posixpath
import re

from ..parse.masking import mask

# An inline link or image's target, or a reference definition's (not a footnote's text).
TARGET_RE = re.compile(r"\]\(\s*<?(?P<inline>[^)\s>]+)|^ {0,3}\[(?!\^)[^\]\n]+\]:\s*<?(?P<ref>[^\s>]+)", re.M)
ABSOLUTE_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)  # a scheme, the site root or this page


def rebase_links(text: str, from_folder: str, to_folder: str) -> str:
    """``text`` written in ``from_folder``, with its relative link targets made relative to ``to_folder``."""
    if from_folder == to_folder:
        return text
    out, last = [], 0
    for m in TARGET_RE.finditer(mask(text)):
        name = "inline" if m.group("inline") else "ref"
        start, end = m.span(name)
        target = text[start:end]
        if ABSOLUTE_RE.match(target):
            continue
        path = posixpath.normpath(posixpath.join(from_folder, target))
        out += [text[last:start], posixpath.relpath(path, to_folder or ".")]
        last = end
    return "".join(out) + text[last:]
