"""Obsidian's inline footnotes ``^[text]`` as ordinary footnotes.

Each becomes ``[^kb-N]`` with its definition appended, so Python-Markdown's
footnotes extension numbers and renders it with the others. The text may hold
whatever a sentence holds: math (``^[到时间 $t$ 为止]``), wikilinks
(``^[[[查找#B+ 树\\|B+树]]]``), quotes, brackets. The closing ``]`` is found by
counting brackets on a copy in which code, math and comments are blanked, so
``$[0,1)$`` or ```` `a]` ```` inside do not count and ``^[`` in code or math
is never a footnote. Raw HTML blocks are skipped too: the backlinks quote
other notes there as plain text, and a definition whose marker is never
rendered would be listed with a dangling back-link.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..parse.masking import mask

# An escaped character, an opening ``^[``, a bracket, or a line end (a footnote stays on one line).
TOKEN_RE = re.compile(r"\\.|\^\[|[\[\]\n]")
HTML_OPEN_RE = re.compile(r"^ {0,3}<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])(?P<attrs>[^>]*)")


def footnote_spans(masked: str) -> list[tuple[int, int]]:
    """Where each outermost ``^[…]`` starts and ends, in one pass over the brackets."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[int, bool]] = []  # (start, is it a "^["?)
    for m in TOKEN_RE.finditer(masked):
        token = m.group()
        if token == "\n":
            opened.clear()
        elif token in ("^[", "["):
            opened.append((m.start(), token == "^["))
        elif token == "]" and opened:
            start, inline = opened.pop()
            if inline and m.start() > start + 2:
                spans.append((start, m.end()))
    spans.sort()
    outermost: list[tuple[int, int]] = []
    for start, end in spans:
        if not outermost or start >= outermost[-1][1]:
            outermost.append((start, end))
    return outermost


def blank_raw_html(lines: list[str], block_tags: set[str]) -> list[str]:
    """The lines with raw HTML blocks blanked; ``markdown="1"`` blocks stay, as Markdown."""
    out: list[str] = []
    tag, depth = "", 0
    for line in lines:
        if not depth and (m := HTML_OPEN_RE.match(line)):
            if m.group("tag").lower() in block_tags and "markdown=" not in m.group("attrs"):
                tag = m.group("tag").lower()
        if tag:
            depth += len(re.findall(rf"<{tag}[\s/>]", line, re.I)) - len(re.findall(rf"</{tag}\s*>", line, re.I))
            out.append(" " * len(line))
            if depth <= 0 or tag == "hr":  # <hr> has no closing tag
                tag, depth = "", 0
            continue
        out.append(line)
    return out


class InlineFootnotePreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "^[" not in text:
            return lines
        masked = mask("\n".join(blank_raw_html(lines, set(self.md.block_level_elements))))
        parts: list[str] = []
        definitions: list[str] = []
        last = 0
        for start, end in footnote_spans(masked):
            definitions.append(f"[^kb-{len(definitions) + 1}]: {text[start + 2 : end - 1].strip()}")
            parts += [text[last:start], f"[^kb-{len(definitions)}]"]
            last = end
        if not definitions:
            return lines
        return ("".join(parts) + text[last:]).split("\n") + ["", *definitions]


class InlineFootnoteExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After embeds (28), so embedded notes' footnotes are numbered with the host's;
        # before callouts (27) indent a callout's paragraphs like code; before fenced code (25).
        md.preprocessors.register(InlineFootnotePreprocessor(md), "kb-inline-footnotes", 27.5)
