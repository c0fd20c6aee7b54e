"""The papers page: every arXiv paper the notes cite, and which notes cite it.

Reading notes cite papers by link; the page shows which papers several notes
lean on, and leads from a paper to everything written about it. A paper in
the cache ``docs/.papers.json`` (``kb/papers.py``, filled by ``python -m
scripts.papers``) shows its title, authors, year and category, escaped: they
are arXiv's text. The page links ``papers.bib`` (``emit/papers_data.py``).
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable

from ..model import Note
from ..papers import Paper
from ..vault import Vault
from .note_links import note_links

SRC_URI = "papers.md"


def citing_notes(vault: Vault) -> dict[str, list[Note]]:
    """Each cited arXiv id with the notes citing it: most cited first, then by id."""
    by_paper: dict[str, list[Note]] = defaultdict(list)
    for note in sorted(vault.notes.values(), key=lambda n: n.src_uri):
        for paper in note.papers:
            by_paper[paper].append(note)
    return dict(sorted(by_paper.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _paper_cell(paper_id: str, paper: Paper | None) -> str:
    link = f'<a href="https://arxiv.org/abs/{paper_id}">'
    if paper is None:
        return f"{link}arXiv:{paper_id}</a>"
    about = " · ".join(x for x in (paper.short_authors(), paper.year, paper.category, f"arXiv:{paper_id}") if x)
    return f'{link}{html.escape(paper.title)}</a><br><small class="kb-paper-about">{html.escape(about)}</small>'


def render(vault: Vault, url_of: Callable[[str], str], known: dict[str, Paper] | None = None) -> str:
    """The page's Markdown; ``url_of(src_uri)`` is relative to this page; ``known``: the cache."""
    known = known or {}
    papers = citing_notes(vault)
    rows = "\n".join(
        f"<tr><td>{_paper_cell(paper, known.get(paper))}</td><td>{len(notes)}</td>"
        f"<td>{note_links(notes, url_of)}</td></tr>"
        for paper, notes in papers.items()
    )
    table = (
        "<table>\n<thead><tr><th>论文</th><th>引用的笔记数</th><th>引用它的笔记</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )
    unknown = sum(1 for paper in papers if paper not in known)
    hint = (
        f"其中 **{unknown}** 篇还没有标题：运行 `python -m scripts.papers` 从 arXiv 获取，"
        "再提交 `docs/.papers.json`。\n\n"
        if unknown
        else ""
    )
    bib = "所有已获取的论文的 BibTeX：[papers.bib](papers.bib)。\n\n" if papers and unknown < len(papers) else ""
    return (
        "---\ntitle: 论文\n---\n\n# 论文\n\n"
        f"笔记里链接了 **{len(papers)}** 篇 arXiv 论文（arxiv.org/abs 或 /pdf 链接），"
        "被多篇笔记引用的排在前面。\n\n"
        f"{hint}{bib}"
        f"{table if papers else '还没有。'}\n"
    )
