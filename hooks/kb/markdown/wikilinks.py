"""``[[笔记#标题|显示文字]]`` and ``![[图片.png|300]]``, resolved against the vault.

An inline pattern, so code, inline code and math (higher-priority patterns)
are never touched. It runs above Python-Markdown's escape pattern, so the
table form ``[[笔记\\|别名]]`` still reaches it whole. A link to a note that
does not exist, or is not published, becomes visible "missing" text instead
of a link that 404s; a missing image becomes a visible placeholder.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from functools import partial
from re import Match
from urllib.parse import quote, unquote

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..build import Build
from ..model import Link
from ..parse.links import EXTERNAL_RE, WIKILINK_RE, link_text, split_wikilink
from ..query.pages import page_uri
from ..vault import is_attachment
from .drawings import drawing_element
from .media import kind_of, player

MISSING_NOTE_TITLE = "这篇笔记还没有写（见“待写笔记”页）"
MISSING_FILE_TEXT = "缺失的附件"


def source_path(from_uri: str, to_uri: str) -> str:
    """A link between two source files, which MkDocs then turns into a URL
    (and checks), exactly as it does for a Markdown link the author wrote."""
    return quote(posixpath.relpath(to_uri, posixpath.dirname(from_uri) or "."))


def missing_span(text: str, css: str, title: str) -> etree.Element:
    span = etree.Element("span", {"class": css, "title": title})
    span.text = AtomicString(text)
    return span


class Resolver:
    """Turns a written link into an element for the page being rendered."""

    def __init__(self, build: Build):
        self.build = build

    def link(self, link: Link, text: str) -> etree.Element:
        page, note = self.build.current()
        if note and is_attachment(link.target) and (path := self.build.vault.resolve_file(link, note)):
            a = etree.Element("a", {"href": source_path(page.file.src_uri, path), "class": "kb-wikilink"})
            a.text = AtomicString(text)  # [[论文.pdf]]: the file itself
            return a
        target = self.build.vault.resolve(link, note) if note else None
        if target is None and note and (drawing := self.build.vault.drawings.find(link.target, note.folder)):
            url_of = partial(source_path, page.file.src_uri)
            if link.embed:  # ![[图.excalidraw|center|600]]
                return drawing_element(drawing, embed=True, url_of=url_of, options=link.alias or "")
            return drawing_element(drawing, embed=False, url_of=url_of, label=link.alias)
        if target is None and note and (base := self.build.queries.find_base(link.target, note.folder)):
            a = etree.Element("a", {"href": source_path(page.file.src_uri, page_uri(base)), "class": "kb-wikilink"})
            a.text = AtomicString(text)  # [[阅读.base]]: its page of views
            return a
        if target is None:
            return missing_span(text, "kb-missing", MISSING_NOTE_TITLE)
        href = "" if target is note else source_path(page.file.src_uri, target.src_uri)
        fragment = link.fragment
        if fragment.startswith("^"):
            fragment = fragment[1:] if fragment[1:] in target.block_ids else ""
        elif fragment:
            fragment = target.heading_id(fragment) or ""
        a = etree.Element("a", {"href": href + (f"#{fragment}" if fragment else "") or "#", "class": "kb-wikilink"})
        a.text = AtomicString(text)
        return a

    def image(self, link: Link, size: str | None) -> etree.Element:
        page, note = self.build.current()
        path = self.build.vault.resolve_file(link, note) if note else None
        if path is None:
            return missing_span(f"{MISSING_FILE_TEXT}: {link.target}", "kb-missing-file", link.target)
        if kind := kind_of(path):  # a PDF, audio or video: its viewer or player (media.py)
            url = self.build.url_from(page.file, path)
            name = path.rsplit("/", 1)[-1]
            return player(kind, url, name, link.fragment, size, self.build.trusted)
        img = etree.Element("img", {"src": source_path(page.file.src_uri, path), "alt": link.target})
        if size:
            width, _, height = size.partition("x")
            if width.isdigit():
                img.set("width", width)
            if height.isdigit():
                img.set("height", height)
        return img


class WikilinkPattern(InlineProcessor):
    def __init__(self, resolver: Resolver):
        super().__init__(WIKILINK_RE.pattern)
        self.resolver = resolver

    def handleMatch(self, m: Match[str], data: str):  # noqa: N802 (Markdown's API)
        target, fragment, alias = split_wikilink(m.group("inner"))
        link = Link(target, fragment, alias, bool(m.group("embed")), "wiki", 0, "")
        if link.embed and is_attachment(target):
            return self.resolver.image(link, alias), m.start(0), m.end(0)
        text = link_text(target, fragment, alias)
        return self.resolver.link(link, text), m.start(0), m.end(0)


class MissingMarkdownLinks(Treeprocessor):
    """Ordinary ``[文字](笔记.md)`` links and images whose target is missing.

    MkDocs would warn about them, and fail ``--strict``; the notes link to
    notes not yet written on purpose, so they are shown as missing instead.
    """

    def __init__(self, md: Markdown, resolver: Resolver):
        super().__init__(md)
        self.resolver = resolver

    def run(self, root: etree.Element) -> None:
        page, note = self.resolver.build.current()
        if note is None:
            return
        for parent in root.iter():
            for i, child in enumerate(parent):
                attr = {"a": "href", "img": "src"}.get(child.tag)
                url = child.get(attr, "") if attr else ""
                if not url or EXTERNAL_RE.match(url):
                    continue
                self._check(parent, i, child, url, note)

    def _check(self, parent: etree.Element, i: int, child: etree.Element, url: str, note) -> None:
        path, _, fragment = unquote(url).partition("#")
        if not path:
            return
        link = Link(path, fragment, None, child.tag == "img", "markdown", 0, "")
        if path.endswith(".md") and (drawing := self.resolver.build.vault.drawing(link, note)):
            url_of = partial(source_path, self.resolver.build.page.file.src_uri)
            label = child.get("alt") if child.tag == "img" else "".join(child.itertext())
            element = drawing_element(drawing, embed=link.embed, url_of=url_of, label=label or None)
            element.tail = child.tail
            parent[i] = element
            return
        if child.tag == "img" or is_attachment(path):
            if self.resolver.build.vault.resolve_file(link, note) is None:
                placeholder = missing_span(f"{MISSING_FILE_TEXT}: {path}", "kb-missing-file", path)
                placeholder.tail = child.tail
                parent[i] = placeholder
        elif (
            path.endswith(".md")
            and self.resolver.build.vault.resolve(link, note) is None
            and not self.resolver.build.vault.is_generated(link, note)
        ):
            span = missing_span("".join(child.itertext()), "kb-missing", MISSING_NOTE_TITLE)
            span.tail = child.tail
            parent[i] = span


class WikilinkExtension(Extension):
    def __init__(self, build: Build):
        super().__init__()
        self.resolver = Resolver(build)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # Above 'escape' (180) for the table form, below math (185) and code (190).
        md.inlinePatterns.register(WikilinkPattern(self.resolver), "kb-wikilink", 182)
        # Before MkDocs' own link rewriting ('relpath', 0).
        md.treeprocessors.register(MissingMarkdownLinks(md, self.resolver), "kb-missing-links", 4)
