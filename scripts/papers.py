"""``python -m scripts.papers``: fetch the title, authors, date, abstract and category of every
arXiv paper the notes cite, for the ones not cached yet, into ``docs/.papers.json``.

The ids are found as the 论文 page finds them (``kb.parse.note``: arXiv links outside
code), in every published note. arXiv's export API is asked in batches of at most 100
ids, 3 s apart, as arXiv asks; ``ARXIV_API`` (or ``--api``) points elsewhere, such as a
test's local server. If any request fails, nothing is written: the cache stays as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as etree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from kb import papers as cache  # noqa: E402
from kb.parse.note import parse_note  # noqa: E402

DEFAULT_API = "http://export.arxiv.org/api/query"
BATCH = 100  # arXiv: at most this many ids per request
PAUSE = 3.0  # arXiv: at least 3 s between requests
TIMEOUT = 30.0
AGENT = "llm-notes-kb papers (python urllib)"


def cited_ids(docs: Path) -> list[str]:
    """Every arXiv id a published note cites; hidden folders and templates/ are not notes."""
    ids: set[str] = set()
    for path in sorted(docs.rglob("*.md")):
        parts = path.relative_to(docs).parts
        if any(part.startswith(".") for part in parts) or parts[0] == "templates":
            continue
        note = parse_note(path.relative_to(docs).as_posix(), path.read_text(encoding="utf-8-sig", errors="replace"))
        if not note.draft:
            ids.update(note.papers)
    return sorted(ids)


def fetch(api: str, ids: list[str], timeout: float) -> dict[str, cache.Paper]:
    query = urllib.parse.urlencode({"id_list": ",".join(ids), "max_results": len(ids)})
    request = urllib.request.Request(f"{api}?{query}", headers={"User-Agent": AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return cache.parse_atom(response.read())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.papers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the vault (default: docs/)")
    parser.add_argument("--api", default=os.environ.get("ARXIV_API") or DEFAULT_API, help="export API address")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per request (default: 30)")
    args = parser.parse_args(argv)

    known = cache.load(args.docs)
    wanted = [i for i in cited_ids(args.docs) if i not in known]
    if not wanted:
        print(f"笔记引用的论文都已在 {cache.CACHE_NAME} 里（{len(known)} 篇），无需请求 arXiv")
        return 0
    found: dict[str, cache.Paper] = {}
    for start in range(0, len(wanted), BATCH):
        if start:
            time.sleep(PAUSE)
        batch = wanted[start : start + BATCH]
        print(f"向 {args.api} 请求 {len(batch)} 篇论文…", flush=True)
        try:
            found.update(fetch(args.api, batch, args.timeout))
        except (urllib.error.URLError, OSError, etree.ParseError) as error:
            reason = getattr(error, "reason", None) or error
            print(f"error: 无法从 arXiv 获取论文（{reason}）；{cache.CACHE_NAME} 没有改动", file=sys.stderr)
            return 1
    missing = [i for i in wanted if i not in found]
    cache.save(args.docs, {**known, **found})
    print(f"新增 {len(found)} 篇，{cache.CACHE_NAME} 共 {len(known) + len(found)} 篇")
    if missing:
        print(f"arXiv 没有这些编号: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
