"""Parse one note's text into a ``Note``: the single pass every feature reads."""

from __future__ import annotations

import re

from ..model import Note, withholding_keys
from . import frontmatter
from .controls import clean_value
from .headings import find_headings
from .links import find_links
from .masking import blank_comments, mask, unclosed_comment
from .tags import find_inline_tags
from .todos import find_todos

# `` ^id`` ends a paragraph or list item; ``^id`` alone on a line names the table, quote or callout above.
BLOCK_ID_RE = re.compile(r"(?:^|[ \t])\^(?P<id>[A-Za-z0-9-]+)[ \t]*$", re.M)
# New-style ids (2001.08361) and old ones (hep-th/9901001), without a version.
ARXIV_RE = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)


def find_block_ids(body: str, masked: str, first: int) -> dict[str, int]:
    """Each ``^id`` and its line, counted from the id before it: one pass over the note."""
    ids: dict[str, int] = {}
    line, counted = first, 0
    for m in BLOCK_ID_RE.finditer(masked):
        line += body.count("\n", counted, m.start())
        counted = m.start()
        ids[m.group("id")] = line  # a repeated id: the last one, as before
    return ids


def parse_note(src_uri: str, text: str) -> Note:
    fm = frontmatter.split(text.replace("\r\n", "\n"))
    fm.meta = clean_value(fm.meta)  # YAML's "\e" escapes: the text itself was cleaned as it was read
    body, first = fm.body, fm.body_line
    masked = mask(body)
    visible = blank_comments(body)  # what the reader sees, at the same offsets
    headings = find_headings(masked, visible, first)
    stem = src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    h1 = next((h.text for h in headings if h.level == 1), None)
    problems = list(fm.problems)
    if (opened := unclosed_comment(body)) is not None:  # hidden to the end, as Obsidian does
        line = first + body.count("\n", 0, opened)
        problems.append(f"第 {line} 行: %% 注释没有结束，从这里到笔记末尾都不显示")
    title = str(fm.meta.get("title") or h1 or stem)
    tags = frontmatter.string_list(fm.meta.get("tags"))
    tags += [t for t in find_inline_tags(masked) if t not in tags]
    return Note(
        src_uri=src_uri,
        title=title,
        meta=fm.meta,
        body=body,
        body_line=first,
        aliases=frontmatter.string_list(fm.meta.get("aliases") or fm.meta.get("alias")),
        tags=tags,
        headings=headings,
        links=find_links(masked, visible, first),
        todos=find_todos(visible, masked, headings, first),
        block_ids=find_block_ids(body, masked, first),
        papers=sorted({m.group("id") for m in ARXIV_RE.finditer(masked)}),  # not in code
        problems=problems,
        broken_meta=fm.broken,
    )


def unparsed_note(src_uri: str, text: str, reason: str) -> Note:
    """The note ``parse_note`` failed on (``reason``: the exception, described), as
    safe as it can be: if its front matter can be read and withholds nothing, its
    text is published as a plain note (the title its file name; no headings,
    links, tags or TODOs in the model); else it is withheld, as a draft is,
    because it might have said ``draft: true``."""
    stem = src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        fm = frontmatter.split(text.replace("\r\n", "\n"))
        withheld = fm.broken or bool(withholding_keys(clean_value(fm.meta)))
    except Exception:  # noqa: BLE001 (the front matter cannot be read: withheld)
        fm, withheld = None, True
    found = list(fm.problems) if fm is not None else []  # broken YAML, with its line
    if fm is None or withheld:  # its text is kept for the files it uses (filters/drafts.py), never shown
        problems = [*found, f"无法解析这篇笔记（{reason}），不发布"]
        return Note(src_uri=src_uri, title=stem, meta={}, body=text, body_line=1, problems=problems, broken_meta=True)
    problems = [*found, f"无法解析这篇笔记（{reason}），只按纯文本发布：标题取文件名，不计标签、链接和待办"]
    return Note(src_uri=src_uri, title=stem, meta={}, body=fm.body, body_line=fm.body_line, problems=problems)
