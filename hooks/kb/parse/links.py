"""Links and embeds as written, with the sentence around each for backlinks."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..model import Link
from . import context_marks as marks
from .masking import INLINE_RES

# Obsidian escapes the pipe inside table cells: [[笔记\|别名]].
WIKILINK_RE = re.compile(r"(?P<embed>!?)\[\[(?P<inner>[^\[\]\n]+?)\]\]")
MDLINK_RE = re.compile(
    r"(?P<embed>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\((?P<url><[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)"
)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#$)", re.I)
SENTENCE_END = "。！？!?；;\n"
MARKUP_RE = re.compile(r"<[^>\n]*>|\*\*|__|==|~~|`")
SENTENCE_RE = re.compile(f"[^{SENTENCE_END}]*[{SENTENCE_END}]+|[^{SENTENCE_END}]+")
CONTEXT_CHARS = 80
# A list, quote or heading marker at the start of a line is not part of the sentence.
LINE_MARKER_RE = re.compile(r"[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?|#{1,6}[ \t]+)?")


def split_wikilink(inner: str) -> tuple[str, str, str | None]:
    """``目标#标题|别名`` → (target, fragment, alias)."""
    inner = inner.replace("\\|", "|")
    target, _, alias = inner.partition("|")
    target, _, fragment = target.partition("#")
    return target.strip(), fragment.strip(), (alias.strip() or None)


def link_text(target: str, fragment: str, alias: str | None) -> str:
    """What a wikilink shows: its alias, else ``笔记 › 标题``, else the name.

    A path shows its last part, the note's name: ``[[00_Inbox/笔记]]`` reads 笔记.
    """
    if alias:
        return alias
    fragment = fragment.lstrip("^")
    name = target.rsplit("/", 1)[-1].removesuffix(".md")
    return f"{name} › {fragment}" if name and fragment else name or fragment


def _plain(text: str) -> str:
    """Prose as it reads: no emphasis marks, HTML tags or table pipes, one space between words."""
    return re.sub(r"\s+", " ", MARKUP_RE.sub("", text).replace("|", " "))


def readable(text: str) -> str:
    """Any stretch of a note as a reader sees it: links as their text, no markup."""
    text = WIKILINK_RE.sub(lambda m: link_text(*split_wikilink(m.group("inner"))), text)
    text = MDLINK_RE.sub(lambda m: m.group("text"), text)
    return _plain(text).strip(" ")


# An inline footnote ``^[…]`` on one line, with links or brackets inside.
FOOTNOTE_RE = re.compile(r"\^\[(?:\[\[[^\[\]\n]*\]\]|\[[^\[\]\n]*\]|[^\[\]\n])+\]")


def _code(m: re.Match[str]) -> str:
    content = m.group(0).strip("`")
    return marks.code(content[1:-1] if len(content) > 2 and content[0] == content[-1] == " " else content)


# What a context is never cut inside, and how each reads: links as their text,
# inline code and formulas marked as such (``context_marks``), inline footnotes,
# comments and tags not at all.
ATOMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (WIKILINK_RE, lambda m: link_text(*split_wikilink(m.group("inner")))),
    (MDLINK_RE, lambda m: _plain(m.group("text"))),
    (INLINE_RES[0], _code),  # inline code
    (INLINE_RES[1], lambda m: ""),  # comments
    (INLINE_RES[2], lambda m: ""),
    *((pattern, lambda m: marks.math(m.group(0))) for pattern in INLINE_RES[3:]),  # math
    (FOOTNOTE_RE, lambda m: ""),
    (re.compile(r"<[^>\n]*>"), lambda m: ""),
]


def rich(text: str, keep: str = "") -> str:
    """A stretch of a note as a context shows it: ``ATOMS`` read as there, plain text without marks.

    An inline footnote that holds ``keep`` reads as its own text instead of nothing.
    """
    found = sorted(
        ((m, render) for pattern, render in ATOMS for m in pattern.finditer(text)),
        key=lambda pair: (pair[0].start(), -pair[0].end()),
    )
    out: list[str] = []
    pos = 0
    for m, render in found:
        if m.start() < pos:
            continue  # inside a piece already taken
        out.append(_plain(text[pos : m.start()]))
        footnote = keep and m.re is FOOTNOTE_RE and keep in m.group(0)
        out.append(rich(m.group(0)[2:-1], keep) if footnote else render(m))
        pos = m.end()
    out.append(_plain(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Piece:
    start: int
    text: str  # as the reader sees it
    whole: bool  # a link, formula or code span: shown whole or not at all
    inner: tuple[int, int] | None = None  # an inline footnote's text, which reads as its own sentence


@dataclass
class Line:
    pieces: list[Piece] = field(default_factory=list)
    sentence_of: list[int] = field(default_factory=list)  # each piece's sentence
    bounds: list[tuple[int, int, int]] = field(default_factory=list)  # each sentence's pieces and length
    closed: bool = True  # the next piece starts a sentence


class Contexts:
    """The sentence around each link of one body, as a reader sees it.

    Each line is split once into plain text and whole pieces; a sentence ends
    only at punctuation outside them, and a long sentence is cut only in plain text.
    An inline footnote is left out of the sentence around it; a link inside one
    is quoted with the footnote's own text.
    """

    def __init__(self, body: str):
        self.body = body
        self._lines: dict[int, Line] = {}

    def around(self, start: int) -> str:
        """The context of the link that starts at ``start``."""
        line = self._line(self.body.rfind("\n", 0, start) + 1)
        pieces = line.pieces
        i = bisect_right(pieces, start, key=lambda p: p.start) - 1
        while i >= 0 and (inner := pieces[i].inner) and start >= inner[0]:  # inside a footnote
            line = self._line(*inner)
            pieces = line.pieces
            i = bisect_right(pieces, start, key=lambda p: p.start) - 1
        if i < 0:
            return ""
        lo, hi, length = line.bounds[line.sentence_of[i]]
        budget = CONTEXT_CHARS if length > 2 * CONTEXT_CHARS else length
        left, cut_left = _fit(pieces, range(i - 1, lo - 1, -1), budget, from_end=True)
        right, cut_right = _fit(pieces, range(i + 1, hi), budget, from_end=False)
        text = re.sub(r"\s+", " ", "".join(reversed(left)) + pieces[i].text + "".join(right)).strip(" ")
        return ("…" if cut_left else "") + text + ("…" if cut_right else "")

    def _line(self, start: int, end: int | None = None) -> Line:
        """The line that starts at ``start`` (or the footnote text ``body[start:end]``), split once."""
        if start not in self._lines:
            if end is None:
                end = self.body.find("\n", start)
                end = len(self.body) if end == -1 else end
                start_of_text = LINE_MARKER_RE.match(self.body, start, end).end()
            else:
                start_of_text = start
            self._lines[start] = self._split(start_of_text, end)
        return self._lines[start]

    def _split(self, pos: int, end: int) -> Line:
        spans = sorted(
            (m.start(), -m.end(), render(m), pattern is FOOTNOTE_RE)
            for pattern, render in ATOMS
            for m in pattern.finditer(self.body, pos, end)
        )
        line = Line()
        for start, neg_end, text, footnote in spans:
            if start < pos:
                continue  # inside a piece already taken
            self._prose(pos, start, line)
            inner = (start + 2, -neg_end - 1) if footnote else None
            self._add(line, Piece(start, text, True, inner), ends_sentence=False)
            pos = -neg_end
        self._prose(pos, end, line)
        return line

    def _prose(self, start: int, end: int, line: Line) -> None:
        """Plain text between whole pieces, one piece per sentence."""
        for m in SENTENCE_RE.finditer(self.body, start, end):
            self._add(line, Piece(m.start(), _plain(m.group(0)), False), m.group(0)[-1] in SENTENCE_END)

    @staticmethod
    def _add(line: Line, piece: Piece, ends_sentence: bool) -> None:
        """Append a piece to the line's last sentence, or to a new one after a full stop."""
        n = len(line.pieces)
        if line.closed:
            line.bounds.append((n, n, 0))
        lo, _, length = line.bounds[-1]
        line.pieces.append(piece)
        line.sentence_of.append(len(line.bounds) - 1)
        line.bounds[-1] = (lo, n + 1, length + len(piece.text))
        line.closed = ends_sentence


def _fit(pieces: list[Piece], order: range, budget: int, from_end: bool) -> tuple[list[str], bool]:
    """The texts of ``pieces[order]`` (nearest first) within ``budget`` characters, and whether any was left out.

    Plain text may be cut anywhere; a whole piece is taken whole or not at all.
    """
    out: list[str] = []
    for n in order:
        text = pieces[n].text
        if len(text) <= budget:
            out.append(text)
            budget -= len(text)
            continue
        if not pieces[n].whole and budget > 0:
            out.append(text[len(text) - budget :] if from_end else text[:budget])
        return out, True
    return out, False


def find_links(masked: str, body: str, first_line: int) -> list[Link]:
    """Wikilinks, and Markdown links to files in the vault (not to the web)."""
    links: list[tuple[int, Link]] = []
    contexts = Contexts(body)
    newlines = [m.start() for m in re.finditer("\n", body)]

    def line_of(pos: int) -> int:
        return first_line + bisect_left(newlines, pos)

    for m in WIKILINK_RE.finditer(masked):
        target, fragment, alias = split_wikilink(body[m.start("inner") : m.end("inner")])
        context = contexts.around(m.start())
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
        context = contexts.around(m.start())
        links.append(
            (m.start(), Link(path, fragment, None, bool(m.group("embed")), "markdown", line_of(m.start()), context))
        )
    return [link for _, link in sorted(links, key=lambda pair: pair[0])]
