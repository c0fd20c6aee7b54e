"""Blocks that start right under a paragraph line, as Obsidian allows.

Obsidian (like CommonMark) lets a list, quote or table begin on the line
after a paragraph; Python-Markdown needs a blank line first, and otherwise
runs ``TODO：`` and its three questions into one sentence. We add that blank
line. Fenced code is already stashed when this runs, so code is untouched.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

BLOCK_START_RE = re.compile(r"^(?:[-*+] |\d+[.)] |>|\|)")
# Lines that are not paragraph text, so a block after them needs no help.
NOT_PARAGRAPH_RE = re.compile(r"^(?:\s|[-*+] |\d+[.)] |>|\||#|<|\x02|$)")


class BlockAfterParagraph(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if out and BLOCK_START_RE.match(line) and not NOT_PARAGRAPH_RE.match(out[-1]):
                out.append("")
            out.append(line)
        return out


class ObsidianBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After fenced code (25) and HTML blocks (20) are stashed.
        md.preprocessors.register(BlockAfterParagraph(md), "kb-block-after-paragraph", 15)
