"""The cited papers the cache knows, as two files: ``papers.bib`` and the hover cards' data.

Both hold only papers a published note cites (a draft's citation stays
unpublished). The cards are ``previews/papers.js``, a script that registers
itself with ``previews.js`` like the notes' preview files, so hovering an arXiv
link works offline too and never asks arXiv; ``previews.js`` writes its text
with ``textContent``, so arXiv's text is never markup.
"""

from __future__ import annotations

import json

from ..papers import Paper
from ..vault import Vault
from .previews import FOLDER

BIB_URI = "papers.bib"
CARDS_NAME = "papers"
CARDS_URI = f"{FOLDER}/{CARDS_NAME}.js"


def cited(vault: Vault, known: dict[str, Paper]) -> list[Paper]:
    ids = {paper for note in vault.notes.values() for paper in note.papers}
    return [known[i] for i in sorted(ids) if i in known]


def _bib_text(text: str) -> str:
    """A field's text: braces only when balanced (BibTeX counts them, escaped or not)."""
    depth = 0
    for c in text:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            break
    return text if depth == 0 else text.replace("{", "").replace("}", "")


def render_bib(papers: list[Paper]) -> str:
    entries = []
    for p in papers:
        fields = {
            "title": "{" + _bib_text(p.title) + "}",  # double braces keep its capitals
            "author": " and ".join(_bib_text(a) for a in p.authors),
            "year": p.year,
            "eprint": p.id,
            "archivePrefix": "arXiv",
            "primaryClass": p.category,
            "url": f"https://arxiv.org/abs/{p.id}",
        }
        body = "".join(f"  {key} = {{{value}}},\n" for key, value in fields.items() if value)
        entries.append(f"@article{{arxiv:{p.id},\n{body}}}\n")
    return "\n".join(entries)


def render_cards(papers: list[Paper]) -> str:
    cards = {
        p.id: {"title": p.title, "authors": p.short_authors(), "year": p.year, "abstract": p.opening()} for p in papers
    }
    data = json.dumps(cards, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"kbPreviews.add({json.dumps(CARDS_NAME)},{data});\n"


def data_files(vault: Vault, known: dict[str, Paper]) -> dict[str, str]:
    papers = cited(vault, known)
    return {BIB_URI: render_bib(papers), CARDS_URI: render_cards(papers)}
