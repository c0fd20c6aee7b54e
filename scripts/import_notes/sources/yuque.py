"""Yuque (语雀) exports: one long document of ``# Task N`` chapters, split into one page each."""

import re

from ..markdown import first_heading, outside_fences, trim_blank_lines
from ..names import page_name, safe_name
from ..page import Page

COURSE_TAG = "课程笔记"
_CHAPTER = re.compile(r"^#[ \t]+(.*\S)[ \t]*$")
_TASK = re.compile(r"^Task\s*(\d+)\s*(.*)$", re.IGNORECASE)
# Yuque appends display metadata (#averageHue=…&width=…) to its CDN image URLs, and to
# those of a private deployment on another host.
_CDN_FRAGMENT = re.compile(r"(https?://(?:cdn\.nlark\.com/[^\s)#]*|[^\s)#]*(?=#averageHue=)))#[^\s)]*")


def looks_like(text: str) -> bool:
    """Images on Yuque's CDN, or ``# Task N`` chapter headings."""
    if "cdn.nlark.com/yuque" in text:
        return True
    return any((chapter := _CHAPTER.match(line)) and _TASK.match(chapter.group(1)) for line in text.split("\n"))


def convert(text: str, stem: str) -> list[Page]:
    """One page per ``#`` chapter, in order; the heading becomes the title, not body text.

    Numbering inside chapters is the author's and stays as is, quirks included.
    """
    text = _CDN_FRAGMENT.sub(r"\1", text)
    lines = text.split("\n")
    chapters = [
        (index, chapter.group(1))
        for index, (line, plain) in enumerate(zip(lines, outside_fences(lines), strict=True))
        if plain and (chapter := _CHAPTER.match(line))
    ]
    if not chapters:
        title = first_heading(text) or stem
        return [Page(name=page_name(title, stem), title=title, body=trim_blank_lines(text))]

    starts = [index for index, _ in chapters]
    width = max(2, len(str(len(chapters))))
    pages = []
    for position, ((start, heading), end) in enumerate(zip(chapters, [*starts[1:], len(lines)], strict=True), start=1):
        # Text before the first chapter would otherwise be lost: it opens the first page.
        body = lines[start + 1 : end] if position > 1 else lines[:start] + lines[start + 1 : end]
        pages.append(_chapter_page(" ".join(heading.split()), "\n".join(body), position, width))
    return pages


def _chapter_page(title: str, body: str, position: int, width: int) -> Page:
    """Name ``task-01-引言篇`` for Task chapters (alias ``引言篇``), else ``01-<title>``."""
    task = _TASK.match(title)
    if task:
        number, topic = int(task.group(1)), task.group(2)
        title = f"Task {number} {topic}".strip()
        name = "-".join(filter(None, [f"task-{number:0{width}d}", safe_name(topic)]))
        aliases = [topic] if topic else []
    else:
        name = "-".join(filter(None, [f"{position:0{width}d}", safe_name(title)]))
        aliases = []
    return Page(name=name, title=title, body=trim_blank_lines(body), tags=[COURSE_TAG], aliases=aliases)
