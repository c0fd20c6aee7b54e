"""What arXiv says about the papers the notes cite, cached in the vault.

``python -m scripts.papers`` asks arXiv's export API and writes the answers to
``docs/.papers.json``, which is committed with the notes. MkDocs leaves dot
files out of the site, so it is never a page, and Obsidian does not show it.
The build only reads it (``load``): the site never asks arXiv anything.

Titles, authors and abstracts are text from elsewhere: every page or file made
from them escapes them itself.
"""

from __future__ import annotations

import json
import logging
import os
import re
import xml.etree.ElementTree as etree
from dataclasses import asdict, dataclass
from pathlib import Path

CACHE_NAME = ".papers.json"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
ABS_RE = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?$")
log = logging.getLogger("mkdocs.plugins.kb")


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    authors: list[str]
    published: str  # the first version's date, YYYY-MM-DD
    abstract: str
    category: str  # the primary one, such as cs.CL

    @property
    def year(self) -> str:
        return self.published[:4]

    def short_authors(self, shown: int = 3) -> str:
        """The first three, then 等."""
        names = ", ".join(self.authors[:shown])
        return names + (" 等" if len(self.authors) > shown else "")

    def opening(self, limit: int = 320) -> str:
        """The abstract's first sentences, up to about ``limit`` characters."""
        sentences = re.split(r"(?<=[.!?])\s+", self.abstract)
        text = ""
        for sentence in sentences:
            if text and len(text) + len(sentence) > limit:
                break
            text = f"{text} {sentence}".strip()
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def parse_atom(data: bytes) -> dict[str, Paper]:
    """The papers of an export API answer, by id without version; error entries are left out."""
    root = etree.fromstring(data)
    papers: dict[str, Paper] = {}
    for entry in root.iter(f"{ATOM}entry"):
        m = ABS_RE.search(_clean(entry.findtext(f"{ATOM}id")))
        if not m:
            continue  # arXiv's answer for an id it does not know
        primary = entry.find(f"{ARXIV_NS}primary_category")
        paper = Paper(
            id=m.group("id"),
            title=_clean(entry.findtext(f"{ATOM}title")),
            authors=[_clean(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")],
            published=_clean(entry.findtext(f"{ATOM}published"))[:10],
            abstract=_clean(entry.findtext(f"{ATOM}summary")),
            category=primary.get("term", "") if primary is not None else "",
        )
        papers[paper.id] = paper
    return papers


def cache_path(docs_dir: str | Path) -> Path:
    return Path(docs_dir) / CACHE_NAME


def load(docs_dir: str | Path) -> dict[str, Paper]:
    """The cached papers by id; none when there is no cache, a warning when it cannot be read."""
    path = cache_path(docs_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: Paper(**{**value, "id": key}) for key, value in raw.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, AttributeError) as error:
        log.warning("%s 读不了（%s），论文只显示编号", CACHE_NAME, error)
        return {}


def save(docs_dir: str | Path, papers: dict[str, Paper]) -> None:
    """Write the cache whole, sorted, so a commit shows only what changed."""
    path = cache_path(docs_dir)
    data = {key: {k: v for k, v in asdict(papers[key]).items() if k != "id"} for key in sorted(papers)}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
