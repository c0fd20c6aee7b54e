"""``![[笔记]]`` and ``![[笔记#标题]]`` on a line of their own: transclusion.

The embedded note's text (or one section of it) is inserted as Markdown in a
box that links to its source, before fenced code is parsed, so embedded code
and math render like the host's own. Embeds nest up to ``MAX_DEPTH``; a loop
(A embeds B embeds A) or deeper nesting renders a notice instead. Each
embed's footnote labels get a prefix of their own, so its markers and
back-links pair up in the host page (see ``rebase.own_footnotes``).
"""

from __future__ import annotations

import logging
import re
from html import escape

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..build import Build
from ..model import Link, Note
from ..parse.links import split_wikilink
from ..vault import is_attachment
from .comments import strip_comments
from .fences import FenceTracker
from .rebase import own_footnotes, rebase_links

log = logging.getLogger("mkdocs.plugins.kb")

EMBED_LINE_RE = re.compile(r"^ {0,3}!\[\[(?P<inner>[^\[\]\n]+)\]\]\s*$")
MAX_DEPTH = 3


def section_text(note: Note, fragment: str) -> str:
    """The note's body, or the part under one heading down to the next of its level."""
    if not fragment:
        return strip_comments(note.body)
    lines = note.body.split("\n")
    heading_id = note.heading_id(fragment)
    start = next((h for h in note.headings if h.id == heading_id), None)
    if start is None:
        return ""
    first = start.line - note.body_line
    end = next(
        (h.line - note.body_line for h in note.headings if h.line > start.line and h.level <= start.level),
        len(lines),
    )
    offset = sum(len(line) + 1 for line in lines[:first])
    return strip_comments(note.body, offset, offset + len("\n".join(lines[first:end])))


class EmbedPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, build: Build):
        super().__init__(md)
        self.build = build
        self.embeds = 0

    def run(self, lines: list[str]) -> list[str]:
        _, note = self.build.current()
        if note is None:
            return lines
        self.embeds = 0  # numbers this page's embeds, whose footnote labels it prefixes
        return self._expand(lines, [note])

    def _expand(self, lines: list[str], stack: list[Note]) -> list[str]:
        out: list[str] = []
        fences = FenceTracker()
        for line in lines:
            in_fence = fences.inside(line)
            m = EMBED_LINE_RE.match(line)
            if in_fence or not m:
                out.append(line)
                continue
            target, fragment, _ = split_wikilink(m.group("inner"))
            link = Link(target, fragment, None, True, "wiki", 0, "")
            if target.lower().endswith(".base"):  # a view of an Obsidian Bases file (kb/query)
                out.extend(["", self.md.htmlStash.store(self._base_view(link, stack)), ""])
                continue
            if is_attachment(target) or self.build.vault.drawing(link, stack[-1]):
                out.append(line)  # images and drawings are inline: the wikilink pattern renders them
                continue
            out.extend(self._embed(link, stack))
        return out

    def _base_view(self, link: Link, stack: list[Note]) -> str:
        queries, page = self.build.queries, self.build.page
        found = queries.find_base(link.target, stack[-1].folder)
        if found is None:
            return f'<p><span class="kb-missing" title="找不到这个 .base 文件">{escape(link.target)}</span></p>'
        url_of = lambda src: self.build.url_from(page.file, src)  # noqa: E731
        return queries.base_view(found, link.fragment, stack[0].src_uri, url_of)

    def _embed(self, link: Link, stack: list[Note]) -> list[str]:
        host = stack[-1]
        target = self.build.vault.resolve(link, host)
        if target is None:
            return [f'<p><span class="kb-missing" title="这篇笔记还没有写">{escape(link.target)}</span></p>', ""]
        if target in stack:
            chain = " → ".join(n.title for n in [*stack, target])
            log.warning("%s: 嵌入形成循环：%s", stack[0].src_uri, chain)
            return [f'<div class="kb-embed-error">嵌入循环，已停止：{escape(chain)}</div>', ""]
        if len(stack) > MAX_DEPTH:
            log.warning("%s: 嵌入超过 %d 层，已停止：%s", stack[0].src_uri, MAX_DEPTH, target.title)
            return [f'<div class="kb-embed-error">嵌入超过 {MAX_DEPTH} 层，已停止：{escape(target.title)}</div>', ""]
        self.embeds += 1
        body = rebase_links(section_text(target, link.fragment), target.folder, stack[0].folder)
        body = own_footnotes(body, target.body, f"e{self.embeds}-")
        page = self.build.page
        href = self.build.url_from(page.file, target.src_uri)
        heading_id = target.heading_id(link.fragment) if link.fragment else None
        if heading_id:
            href += f"#{heading_id}"
        label = escape(target.title + (f" › {link.fragment}" if link.fragment else ""))
        inner = self._expand(body.split("\n"), [*stack, target])
        return [
            "",
            '<div class="kb-embed" markdown="1">',
            f'<p class="kb-embed-source"><a href="{escape(href)}">{label}</a></p>',
            "",
            *inner,
            "",
            "</div>",
            "",
        ]


class EmbedExtension(Extension):
    def __init__(self, build: Build):
        super().__init__()
        self.build = build

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Before fenced code (25) so embedded code is parsed; after whitespace normalising (30).
        md.preprocessors.register(EmbedPreprocessor(md, self.build), "kb-embeds", 28)
