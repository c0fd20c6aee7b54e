"""Teach jieba the vault's own vocabulary before Material segments the pages.

Material's search splits Chinese with jieba, whose dictionary does not know
a student's terms (it cuts 去重 into 去/重). Every tag, title and alias is a
word the author chose, so each becomes one search term.
"""

from __future__ import annotations

import re

import jieba

from .vault import Vault

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
MAX_TERM = 12


def teach_jieba(vault: Vault) -> None:
    terms = {t for note in vault.notes.values() for t in (*note.tags, *note.aliases, note.title)}
    for term in sorted(terms):
        for part in re.split(r"[\s/，。、：:（）()]+", term):
            if CJK_RE.search(part) and len(part) <= MAX_TERM:
                jieba.add_word(part)
