"""Obsidian's inline footnotes ``^[text]`` as ordinary footnotes.

Each becomes ``[^kb-N]`` with its definition appended, so Python-Markdown's
footnotes extension numbers and renders it with the others.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..parse.masking import mask_code

INLINE_NOTE_RE = re.compile(r"\^\[(?P<text>[^\[\]\n]+)\]")


class InlineFootnotePreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        masked = mask_code(text)
        notes: list[str] = []
        for m in reversed(list(INLINE_NOTE_RE.finditer(masked))):
            notes.append(text[m.start("text") : m.end("text")])
            text = text[: m.start()] + f"[^kb-{len(notes)}]" + text[m.end() :]
        if not notes:
            return lines
        definitions = [f"[^kb-{n}]: {note}" for n, note in enumerate(notes, 1)]
        return text.split("\n") + ["", *definitions]


class InlineFootnoteExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Before fenced code is stashed (25), after callouts (27); mask_code skips code itself.
        md.preprocessors.register(InlineFootnotePreprocessor(md), "kb-inline-footnotes", 26)
