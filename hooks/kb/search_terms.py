"""Chinese search terms: the vault's own words, and segmentation done once.

Material's search splits Chinese with jieba, whose dictionary does not know
a student's terms (it cuts 去重 into 去/重). Every tag, title and alias is a
word the author chose, so each becomes one search term.

Segmenting is a third of a build's time, and most text is the same from one
``mkdocs serve`` rebuild to the next, so ``jieba.cut`` (which Material calls
by that name) is given a cache, emptied whenever the vocabulary changes.
Material has no setting for this.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable

import jieba

from .engine import seam
from .model import Note

# jieba prints four lines ("Building prefix dict …") on every build and serve,
# even with -q; this module is imported before Material's search loads it.
jieba.setLogLevel(logging.WARNING)

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
MAX_TERM = 12
CACHE_SIZE = 200_000

_taught: set[str] = set()


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cut(sentence: str | bytes, cut_all: bool = False, HMM: bool = True) -> tuple[str, ...]:  # noqa: N803 (jieba's)
    return tuple(seam.jieba_cut(sentence, cut_all, HMM))


def vocabulary(notes: Iterable[Note]) -> set[str]:
    terms = {t for note in notes for t in (*note.tags, *note.aliases, note.title)}
    return {
        part
        for term in terms
        for part in re.split(r"[\s/，。、：:（）()]+", term)
        if CJK_RE.search(part) and len(part) <= MAX_TERM
    }


def teach_jieba(notes: Iterable[Note]) -> None:
    words = vocabulary(notes)
    if not words <= _taught:
        for word in sorted(words - _taught):
            jieba.add_word(word)
        _taught.update(words)
        _cut.cache_clear()
    seam.use_cut(_cut)
