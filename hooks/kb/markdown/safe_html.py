"""Every note page's HTML passes through the sanitizer (``kb/sanitize.py``).

A postprocessor, the last one: raw HTML comes back from Python-Markdown's
stash in its own postprocessor, and ``attr_list`` (``{onclick=…}``) or a
Markdown link (``[x](javascript:…)``) write attributes into the tree, so only
the finished HTML holds everything a note can bring. The table of contents
runs the postprocessors over each heading too. Hover previews are sliced from
this HTML, backlink contexts and mentions are part of it, and Material's
search reads it: none of them sees what was removed.

Generated pages (the TODO page, tag pages) are not cleaned: they are ours,
with every piece of note text escaped where it is written.

What was removed is said once per note, as information: the author pasted
it, and ``--strict`` should not fail a build because the site is safe.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from html import escape

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from ..build import Build
from ..sanitize import URL_ATTRIBUTES, clean_html, removed

log = logging.getLogger("mkdocs.plugins.kb")


class SafeHtml(Postprocessor):
    def __init__(self, md: Markdown, build: Build):
        super().__init__(md)
        self.build = build

    def run(self, text: str) -> str:
        return text if self.build.current()[1] is None else clean_html(text)


class ReportUnsafe(Treeprocessor):
    """Names what the sanitizer will remove: the note's raw HTML (the stash),
    and the attributes Markdown itself wrote (links, ``attr_list``). Listing
    it from the finished page would cost six cleanings' time."""

    def __init__(self, md: Markdown, build: Build):
        super().__init__(md)
        self.build = build

    def run(self, root: etree.Element) -> None:
        note = self.build.current()[1]
        if note is None:
            return
        written = [
            f'<{el.tag} {name}="{escape(value)}">'
            for el in root.iter()
            if isinstance(el.tag, str)
            for name, value in el.attrib.items()
            if name.startswith("on") or (name in URL_ATTRIBUTES and ":" in value)
        ]
        if what := removed("".join([*self.md.htmlStash.rawHtmlBlocks, *written])):
            log.info("%s: 已移除不安全的 HTML：%s", note.src_uri, "、".join(what))


class SafeHtmlExtension(Extension):
    def __init__(self, build: Build):
        super().__init__()
        self.build = build

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Last in the tree: links and attributes are all written.
        md.treeprocessors.register(ReportUnsafe(md, self.build), "kb-report-unsafe", -50)
        # After raw_html (30), footnote (25) and amp_substitute (20): the finished page.
        md.postprocessors.register(SafeHtml(md, self.build), "kb-safe-html", 5)
