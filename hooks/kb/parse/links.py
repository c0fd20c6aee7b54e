"""Links and embeds as written, with the sentence around each for backlinks."""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..model import Link

# Obsidian escapes the pipe inside table cells: [[笔记\|别名]].
WIKILINK_RE = re.compile(r"(?P<embed>!?)\[\[(?P<inner>[^\[\]\n]+?)\]\]")
MDLINK_RE = re.compile(
    r"(?P<embed>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\((?P<url><[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)"
)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#$)", re.I)
SENTENCE_END = "。！？!?；;\n"
CONTEXT_CHARS = 80


def split_wikilink(inner: str) -> tuple[str, str, str | None]:
    """``目标#标题|别名`` → (target, fragment, alias)."""
    inner = inner.replace("\\|", "|")
    target, _, alias = inner.partition("|")
    target, _, fragment = target.partition("#")
    return target.strip(), fragment.strip(), (alias.strip() or None)


def link_text(target: str, fragment: str, alias: str | None) -> str:
    """What a wikilink shows: its alias, else ``笔记 › 标题``, else the name."""
    if alias:
        return alias
    fragment = fragment.lstrip("^")
    return f"{target} › {fragment}" if target and fragment else target or fragment


def readable(text: str) -> str:
    """Backlink context as a reader sees it: links as their text, no markup."""
    text = WIKILINK_RE.sub(lambda m: link_text(*split_wikilink(m.group("inner"))), text)
    text = MDLINK_RE.sub(lambda m: m.group("text"), text)
    text = re.sub(r"<[^>\n]*>|\*\*|__|==|~~|`", "", text)
    return re.sub(r"\s*\|\s*", " ", text).strip(" |")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], trimmed to a readable length."""
    left = max((text.rfind(c, 0, start) for c in SENTENCE_END), default=-1) + 1
    rights = [i for c in SENTENCE_END if (i := text.find(c, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    sentence = text[left:right].strip()
    if len(sentence) > 2 * CONTEXT_CHARS:
        middle = start - left
        lo = max(0, middle - CONTEXT_CHARS)
        sentence = ("…" if lo else "") + sentence[lo : middle + CONTEXT_CHARS] + "…"
    return readable(sentence.lstrip("-*+>#0123456789. ").strip())


def find_links(masked: str, body: str, first_line: int) -> list[Link]:
    """Wikilinks, and Markdown links to files in the vault (not to the web)."""
    links: list[tuple[int, Link]] = []

    def line_of(pos: int) -> int:
        return first_line + body.count("\n", 0, pos)

    for m in WIKILINK_RE.finditer(masked):
        target, fragment, alias = split_wikilink(body[m.start("inner") : m.end("inner")])
        context = sentence_around(body, m.start(), m.end())
        links.append(
            (m.start(), Link(target, fragment, alias, bool(m.group("embed")), "wiki", line_of(m.start()), context))
        )
    for m in MDLINK_RE.finditer(masked):
        url = body[m.start("url") : m.end("url")].strip("<>")
        if EXTERNAL_RE.match(url):
            continue
        path, _, fragment = unquote(url).partition("#")
        if not path:
            continue
        context = sentence_around(body, m.start(), m.end())
        links.append(
            (m.start(), Link(path, fragment, None, bool(m.group("embed")), "markdown", line_of(m.start()), context))
        )
    return [link for _, link in sorted(links, key=lambda pair: pair[0])]
