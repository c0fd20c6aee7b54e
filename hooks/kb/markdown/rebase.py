"""An embedded note's Markdown, made to work in the host page: its relative
links rebased, its footnote labels made unique.

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


FOOTNOTE_RE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
# A footnote definition and its indented continuation lines.
DEFINITION_RE = re.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:.*(?:\n(?:[ \t]*\n)*(?: {4}|\t).*)*", re.M)


def own_footnotes(section: str, note_body: str, prefix: str) -> str:
    """The embedded ``section`` with its footnote labels prefixed, unique in the host page.

    Two embeds of one note, or the host's own ``[^1]``, would otherwise share
    one definition and one set of back-links. Only the footnotes the section
    refers to are listed: those defined elsewhere in the note come along, and
    definitions it holds but never refers to stay out (their back-links would
    point at nothing).
    """
    masked = mask(section)
    defined = {m.start("label"): m for m in DEFINITION_RE.finditer(masked)}
    used = {m.group("label") for m in FOOTNOTE_RE.finditer(masked) if m.start("label") not in defined}
    if not defined and not used:
        return section
    kept, last = [], 0
    for m in defined.values():
        if m.group("label") not in used:
            kept.append(section[last : m.start()])
            last = m.end()
    own = {m.group("label") for m in defined.values()}
    elsewhere = {}
    if used - own:
        elsewhere = {m.group("label"): note_body[m.start() : m.end()] for m in DEFINITION_RE.finditer(mask(note_body))}
    brought = [elsewhere[label] for label in sorted(used - own) if label in elsewhere]
    section = "\n\n".join(["".join(kept) + section[last:], *brought])
    out, last = [], 0
    for m in FOOTNOTE_RE.finditer(mask(section)):
        out += [section[last : m.start("label")], prefix]
        last = m.start("label")
    return "".join(out) + section[last:]
