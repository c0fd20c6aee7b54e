"""Unlinked mentions: where a note's prose names another note without linking to it.

Obsidian lists these to suggest links; a static site can too, since every
note's text is in the model. Every note's title and aliases go into one
Aho-Corasick automaton (pyahocorasick), and each note's prose is read once
for all of them: the work grows with the text, never with notes × names.

Prose is the body without code, math and comments (``parse.masking``), links
with their text, raw HTML, URLs, inline tags and headings. Chinese matches as
a substring; a name's Latin end matches only at a word boundary, and case
does not matter, so ``RAG`` is not found in ``storage`` and ``GPT-3复现`` is
found in ``读GPT-3复现笔记``. A name needs 2 CJK characters or 3 Latin
letters: a shorter one would be found everywhere. A note never mentions
itself, nor a note it already links to by any name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import ahocorasick

from .model import Note
from .parse.headings import ATX_RE, SETEXT_RE
from .parse.links import MDLINK_RE, WIKILINK_RE, link_text, split_wikilink
from .parse.masking import blank_comments, mask
from .parse.tags import TAG_RE

if TYPE_CHECKING:
    from .vault import Vault

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
    """A body's folded prose, and its text as the reader sees it when a mention needs context."""

    def __init__(self, body: str):
        self.body = body
        self.prose = fold(prose(body))

    @cached_property
    def visible(self) -> str:
        return blank_comments(self.body)


# By note path: a rebuild under ``mkdocs serve`` reads again only the bodies that changed.
_texts: dict[str, _Text] = {}


def _text_of(note: Note) -> _Text:
    cached = _texts.get(note.src_uri)
    if cached is None or cached.body != note.body:
        cached = _texts[note.src_uri] = _Text(note.body)
    return cached


def is_word(char: str) -> bool:
    """A letter, digit or ``_`` of an alphabetic script; CJK text has no word boundaries."""
    return (char.isalnum() or char == "_") and ord(char) < 0x2E80


def long_enough(name: str) -> bool:
    cjk = sum(1 for c in name if c.isalpha() and ord(c) >= 0x2E80)
    latin = sum(1 for c in name if c.isalpha() and ord(c) < 0x2E80)
    return cjk >= 2 or latin >= 3


def _automaton(notes: list[Note]) -> ahocorasick.Automaton | None:
    """Every long enough name, folded, with whether its ends need a word boundary and whose it is."""
    owners: dict[str, set[str]] = defaultdict(set)
    for note in notes:
        for name in {note.title, *note.aliases}:
            if long_enough(name := fold(name.strip())):
                owners[name].add(note.src_uri)
    if not owners:
        return None
    automaton = ahocorasick.Automaton()
    for name, uris in owners.items():
        automaton.add_word(name, (len(name), is_word(name[0]), is_word(name[-1]), tuple(sorted(uris))))
    automaton.make_automaton()
    return automaton


def _first_mentions(text: str, automaton: ahocorasick.Automaton, skip: set[str]) -> dict[str, tuple[int, int]]:
    """The first (then longest) whole-word span naming each note not in ``skip``."""
    first: dict[str, tuple[int, int]] = {}
    for last, (length, word_start, word_end, uris) in automaton.iter(text):
        start, end = last + 1 - length, last + 1
        if (word_start and start > 0 and is_word(text[start - 1])) or (
            word_end and end < len(text) and is_word(text[end])
        ):
            continue
        for uri in uris:
            best = first.get(uri)
            if uri not in skip and (best is None or (start, -end) < (best[0], -best[1])):
                first[uri] = (start, end)
    return first


def _readable(text: str) -> str:
    """Text as a reader sees it: links as their text, no markup, one space between words."""
    text = WIKILINK_RE.sub(lambda m: link_text(*split_wikilink(m.group("inner"))), text)
    text = MDLINK_RE.sub(lambda m: m.group("text"), text)
    text = re.sub(r"<[^>\n]*>|\*\*|__|==|~~|`", "", text)
    return re.sub(r"\s+", " ", text.replace("|", " "))


def _context(visible: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around ``visible[start:end]`` as a reader sees it, cut to a few dozen characters each side."""
    lo, hi = max(0, start - 2 * CONTEXT_CHARS), min(len(visible), end + 2 * CONTEXT_CHARS)
    left = max(visible.rfind(c, lo, start) for c in SENTENCE_END)
    left = lo if left == -1 else left + 1
    rights = [i for c in SENTENCE_END if (i := visible.find(c, end, hi)) != -1]
    right = min(rights) + 1 if rights else hi
    sentence = LEAD_RE.sub("", visible[left:start]) + MARK + visible[start:end] + MARK + visible[end:right]
    parts = _readable(sentence).strip().split(MARK)
    if len(parts) != 3:  # markup around the name was removed with it
        return "", visible[start:end], ""
    before, name, after = parts
    if len(before) > CONTEXT_CHARS or 0 < lo == left:
        before = "…" + before[-CONTEXT_CHARS:]
    if len(after) > CONTEXT_CHARS or (not rights and hi < len(visible)):
        after = after[:CONTEXT_CHARS] + "…"
    return before, name, after


def find_mentions(vault: Vault) -> dict[str, list[Mention]]:
    """Each note's unlinked mentions, by the mentioned note's path, in the mentioning notes' title order."""
    notes = list(vault.notes.values())
    automaton = _automaton(notes)
    found: dict[str, list[Mention]] = defaultdict(list)
    if automaton is None:
        return found
    for source in notes:
        skip = {source.src_uri, *(uri for uri in vault.link_targets.get(source.src_uri, ()) if uri)}
        text = _text_of(source)
        for uri, (start, end) in _first_mentions(text.prose, automaton, skip).items():
            found[uri].append(Mention(source, *_context(text.visible, start, end)))
    for mentions in found.values():
        mentions.sort(key=lambda m: (m.source.title, m.source.src_uri))
    return found
