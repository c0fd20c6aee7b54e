"""Unlinked mentions: where a note's prose names another note without linking to it.

Obsidian lists these to suggest links; a static site can too, since every
note's text is in the model. Every note's title and aliases go into one
Aho-Corasick automaton (pyahocorasick), and each note's prose is read once
for all of them: the work grows with the text, never with notes × names.

Prose is the body without code, math and comments (``parse.masking``), links
with their text, raw HTML, URLs, inline tags and headings. A name's Latin end
matches only at a word boundary, and case does not matter, so ``RAG`` is not
found in ``storage`` and ``GPT-3复现`` is found in ``读GPT-3复现笔记``. A
Chinese end matches only where jieba, taught the vault's vocabulary as search
is (``search_terms.py``), cuts the sentence: 大模型很强 (大模型/很/强) names
大模型, 扩大模型规模 (扩大/模型/规模) does not. Only a sentence in which the
automaton found such a name is cut, once, through search's segmentation
cache. A name needs 2 CJK characters or 3 Latin letters: a shorter one would
be found everywhere. A note never mentions itself, nor a note it already links
to by any name.

The sentence shown around a mention keeps its inline code and formulas
(``parse/context_marks.py``) and is cut only in plain text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import ahocorasick

from . import search_terms
from .model import Note
from .parse import context_marks as marks
from .parse.headings import ATX_RE, SETEXT_RE
from .parse.links import MDLINK_RE, WIKILINK_RE, rich
from .parse.masking import blank_comments, mask
from .parse.tags import TAG_RE

# Not prose, beyond what ``mask`` blanks. Headings first: their text must still be there.
NOT_PROSE_RES = [
    ATX_RE,
    SETEXT_RE,
    WIKILINK_RE,
    MDLINK_RE,
    re.compile(r"!?\[[^\]\n]*\]\[[^\]\n]*\]"),  # reference links
    re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:.*$", re.M),  # their definitions (not footnotes)
    re.compile(r"<[^>\n]*>"),  # raw HTML, autolinks
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.I),  # bare URLs
    TAG_RE,
]
SENTENCE_END = "。！？!?；;\n"
CONTEXT_CHARS = 60
LEAD_RE = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d+[.)](?=[ \t])|\[[ xX]\](?=[ \t])))*[ \t]*")
MARK = "\x00"  # brackets the name while the sentence is cleaned


@dataclass(frozen=True)
class Mention:
    """``source`` names the note in its prose: the sentence, split around the name."""

    source: Note
    before: str
    name: str
    after: str


def _blank(m: re.Match[str]) -> str:
    text = m.group(0)
    return re.sub(r"[^\n]", " ", text) if "\n" in text else " " * len(text)


def prose(body: str) -> str:
    """The body with everything but prose blanked, same length and lines."""
    text = mask(body)
    for pattern in NOT_PROSE_RES:
        text = pattern.sub(_blank, text)
    return text


def fold(text: str) -> str:
    """Lower case at the same offsets (the rare letter that lowers to two keeps its case)."""
    folded = text.lower()
    return folded if len(folded) == len(text) else "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


class _Text:
    """A body's prose, folded, and its text as the reader sees it when a mention needs context."""

    def __init__(self, body: str):
        self.body = body
        self.raw = prose(body)  # as written, for jieba, whose dictionary has case
        self.prose = fold(self.raw)

    @cached_property
    def visible(self) -> str:
        return blank_comments(self.body)


# By note path: a rebuild under ``mkdocs serve`` reads again only the bodies that changed.
_texts: dict[str, _Text] = {}


def _text_of(note: Note, keep: bool = True) -> _Text:
    """The note's prose, kept for the next rebuild if ``keep`` (under ``serve``); a
    build drops each note's two copies once its mentions are found."""
    if not keep:
        return _Text(note.body)
    cached = _texts.get(note.src_uri)
    if cached is None or cached.body != note.body:
        cached = _texts[note.src_uri] = _Text(note.body)
    return cached


def is_word(char: str) -> bool:
    """A letter, digit or ``_`` of an alphabetic script; CJK text has no word boundaries."""
    return (char.isalnum() or char == "_") and ord(char) < 0x2E80


def is_han(char: str) -> bool:
    """A Chinese character, as jieba reads them."""
    return "\u4e00" <= char <= "\u9fff"


def long_enough(name: str) -> bool:
    cjk = sum(1 for c in name if c.isalpha() and ord(c) >= 0x2E80)
    latin = sum(1 for c in name if c.isalpha() and ord(c) < 0x2E80)
    return cjk >= 2 or latin >= 3


def _automaton(notes: list[Note]) -> ahocorasick.Automaton | None:
    """Every long enough name, folded, with which of its ends need a word boundary or a cut, and whose it is."""
    owners: dict[str, set[str]] = defaultdict(set)
    for note in notes:
        for name in {note.title, *note.aliases}:
            if long_enough(name := fold(name.strip())):
                owners[name].add(note.src_uri)
    if not owners:
        return None
    automaton = ahocorasick.Automaton()
    for name, uris in owners.items():
        ends = (is_word(name[0]), is_word(name[-1]), is_han(name[0]), is_han(name[-1]))
        automaton.add_word(name, (len(name), *ends, tuple(sorted(uris))))
    automaton.make_automaton()
    return automaton


class _Cuts:
    """Where jieba cuts the sentences of one text: each sentence cut once, when first asked."""

    def __init__(self, raw: str):
        self.raw = raw
        self._ends: list[int] | None = None  # where each sentence ends, found at the first question
        self._bounds: dict[int, set[int]] = {}  # a sentence's index → its word boundaries

    def at(self, pos: int, char: int) -> bool:
        """Whether a word starts or ends at ``pos``, in the sentence that holds ``raw[char]``."""
        if self._ends is None:
            self._ends = [m.end() for m in re.finditer(f"[{SENTENCE_END}]", self.raw)]
        n = bisect_right(self._ends, char)
        bounds = self._bounds.get(n)
        if bounds is None:
            start = self._ends[n - 1] if n else 0
            end = self._ends[n] if n < len(self._ends) else len(self.raw)
            bounds = self._bounds[n] = _word_bounds(self.raw[start:end], start)
        return pos in bounds


def _word_bounds(sentence: str, offset: int) -> set[int]:
    bounds = {offset}
    for word in search_terms._cut(sentence):  # search's cache
        offset += len(word)
        bounds.add(offset)
    return bounds


def _first_mentions(text: _Text, automaton: ahocorasick.Automaton, skip: set[str]) -> dict[str, tuple[int, int]]:
    """The first (then longest) span naming each note not in ``skip`` with a word boundary at each end."""
    first: dict[str, tuple[int, int]] = {}
    folded, cuts = text.prose, _Cuts(text.raw)
    for last, (length, word_start, word_end, han_start, han_end, uris) in automaton.iter(folded):
        start, end = last + 1 - length, last + 1
        if (word_start and start > 0 and is_word(folded[start - 1])) or (
            word_end and end < len(folded) and is_word(folded[end])
        ):
            continue
        if all(uri in skip or (uri in first and first[uri][0] < start) for uri in uris):
            continue  # it cannot be the first: no need to cut its sentence
        if (han_start and not cuts.at(start, start)) or (han_end and not cuts.at(end, end - 1)):
            continue
        for uri in uris:
            best = first.get(uri)
            if uri not in skip and (best is None or (start, -end) < (best[0], -best[1])):
                first[uri] = (start, end)
    return first


def _readable(text: str) -> str:
    """Text as a reader sees it: links as their text, code and formulas marked, no other markup."""
    return re.sub(r"\s+", " ", rich(text, keep=MARK))


def _context(text: _Text, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around a name as a reader sees it, cut to a few dozen characters each side.

    The sentence ends at punctuation in prose, never inside code or a formula; a
    window that stops short of it stops in prose too, so nothing is cut in half.
    """
    visible, folded = text.visible, text.prose
    lo, hi = max(0, start - 2 * CONTEXT_CHARS), min(len(visible), end + 2 * CONTEXT_CHARS)
    left = max(folded.rfind(c, lo, start) for c in SENTENCE_END)
    cut_left = left == -1 and lo > 0
    left = lo if left == -1 else left + 1
    while cut_left and left < start and folded[left] == " ":  # out of code, a formula or a link
        left += 1
    rights = [i for c in SENTENCE_END if (i := folded.find(c, end, hi)) != -1]
    cut_right = not rights and hi < len(visible)
    right = min(rights) + 1 if rights else hi
    while cut_right and right > end and folded[right - 1] == " ":
        right -= 1
    sentence = LEAD_RE.sub("", visible[left:start]) + MARK + visible[start:end] + MARK + visible[end:right]
    parts = _readable(sentence).strip().split(MARK)
    if len(parts) != 3:  # markup around the name was removed with it
        return "", visible[start:end], ""
    before, name, after = parts
    before, shortened = marks.tail(before, CONTEXT_CHARS)
    if shortened or cut_left:
        before = "…" + before
    after, shortened = marks.head(after, CONTEXT_CHARS)
    if shortened or cut_right:
        after += "…"
    return before, name, after


def find_mentions(
    notes: list[Note], link_targets: dict[str, list[str | None]], keep_texts: bool = True
) -> dict[str, list[Mention]]:
    """Each note's unlinked mentions, by the mentioned note's path, in the mentioning notes' title order.
    ``link_targets``: where each note's links lead (``Vault.link_targets``), which are not mentions.
    ``keep_texts``: keep each note's prose for a rebuild (``serve``), else drop it once read."""
    search_terms.teach_jieba(notes)  # the cut that decides a Chinese name's ends is search's
    automaton = _automaton(notes)
    found: dict[str, list[Mention]] = defaultdict(list)
    if automaton is None:
        return found
    for source in notes:
        skip = {source.src_uri, *(uri for uri in link_targets.get(source.src_uri, ()) if uri)}
        text = _text_of(source, keep_texts)
        for uri, (start, end) in _first_mentions(text, automaton, skip).items():
            found[uri].append(Mention(source, *_context(text, start, end)))
    for mentions in found.values():
        mentions.sort(key=lambda m: (m.source.title, m.source.src_uri))
    return found
