"""The papers page: every arXiv paper the notes cite, and which notes cite it.

Reading notes cite papers by link; the page shows which papers several notes
lean on, and leads from a paper to everything written about it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..model import Note
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


def render(vault: Vault, url_of: Callable[[str], str]) -> str:
    """The page's Markdown; ``url_of(src_uri)`` is relative to this page."""
    papers = citing_notes(vault)
    rows = "\n".join(
        f'<tr><td><a href="https://arxiv.org/abs/{paper}">arXiv:{paper}</a></td><td>{len(notes)}</td>'
        f"<td>{note_links(notes, url_of)}</td></tr>"
        for paper, notes in papers.items()
    )
    table = (
        "<table>\n<thead><tr><th>论文</th><th>引用的笔记数</th><th>引用它的笔记</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )
    return (
        "---\ntitle: 论文\n---\n\n# 论文\n\n"
        f"笔记里链接了 **{len(papers)}** 篇 arXiv 论文（arxiv.org/abs 或 /pdf 链接），"
        "被多篇笔记引用的排在前面。\n\n"
        f"{table if papers else '还没有。'}\n"
    )
