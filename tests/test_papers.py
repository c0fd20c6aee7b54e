"""The papers page lists every cited arXiv paper with the notes that cite it; code does not cite.

``python -m scripts.papers`` fills the cache from a local stand-in for arXiv: tests never use the internet."""

from __future__ import annotations

import html
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import ROOT, build_project, free_port, make_project


def test_papers_are_listed_by_how_many_notes_cite_them(tmp_path: Path) -> None:
    notes = {
        "index.md": "# 首页\n",
        "甲.md": "# 甲\n\n见 https://arxiv.org/abs/2001.08361 和 [Chinchilla](https://arxiv.org/pdf/2203.15556)。\n",
        "乙/<b>乙</b>.md": "---\ntitle: 乙 <b>粗</b>\n---\n\nScaling law：arxiv.org/abs/2001.08361\n\n"
        "```\ncurl https://arxiv.org/abs/1706.03762\n```\n\n`arxiv.org/abs/1810.04805`\n",
    }
    site, _ = build_project(make_project(tmp_path, notes), "--strict")
    page = (site / "papers" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td><a href=\"https://arxiv.org/abs/([\d.]+)\">.*?</tr>", page, re.S)
    assert rows == ["2001.08361", "2203.15556"]  # most cited first; nothing from code
    cited_twice = page.split("2001.08361", 2)[2].split("</tr>", 1)[0]
    assert "<td>2</td>" in cited_twice and "乙 &lt;b&gt;粗&lt;/b&gt;" in cited_twice and "<b>粗</b>" not in page
    assert 'href="../%E7%94%B2/"' in cited_twice
    # The navigation lists it after the other generated pages.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="papers/"[^>]*>\s*<span class="md-ellipsis">\s*论文', home)


def test_the_seed_site_shows_a_paper_two_notes_cite(built_site: Path) -> None:
    page = (built_site / "papers" / "index.html").read_text(encoding="utf-8")
    row = page.split("arxiv.org/abs/2112.11446", 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row and "9-大模型+大资料" in row and "大型语言模型修炼史" in row


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query</title>
  {entries}
</feed>
"""
ENTRY = """<entry>
    <id>http://arxiv.org/abs/{id}v3</id>
    <published>{date}T17:46:55Z</published>
    <updated>2023-01-01T00:00:00Z</updated>
    <title>{title}</title>
    <summary>  {abstract}
    </summary>
    {authors}
    <arxiv:primary_category term="{category}" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""
PAPERS = {
    "2001.08361": (
        "2020-01-23",
        "Scaling Laws for Neural\n  Language Models",
        "We study empirical scaling laws for language model performance on the cross-entropy loss. "
        "The loss scales as a power-law with model size. Other details follow.",
        ["Jared Kaplan", "Sam McCandlish", "Tom Henighan", "Tom B. Brown"],
        "cs.LG",
    ),
    "2203.15556": (
        "2022-03-29",
        "Training Compute-Optimal <script>alert(1)</script> Models",
        "We investigate the optimal model size. Chinchilla wins.",
        ["Jordan Hoffmann"],
        "cs.CL",
    ),
}


def atom(ids: list[str]) -> bytes:
    entries = []
    for paper in ids:
        if paper not in PAPERS:  # what arXiv answers for an id it does not know
            entries.append("<entry><id>http://arxiv.org/api/errors#incorrect_id</id><title>Error</title></entry>")
            continue
        date, title, abstract, authors, category = PAPERS[paper]
        names = "".join(f"<author><name>{html.escape(a)}</name></author>" for a in authors)
        entries.append(
            ENTRY.format(
                id=paper,
                date=date,
                title=html.escape(title),
                abstract=html.escape(abstract),
                authors=names,
                category=category,
            )
        )
    return ATOM.format(entries="\n".join(entries)).encode()


class StandIn:
    """A local stand-in for arXiv's export API that records what it was asked."""

    def __init__(self, status: int = 200) -> None:
        self.asked: list[str] = []
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's API)
                query = parse_qs(urlparse(self.path).query)
                ids = query["id_list"][0].split(",")
                stand_in.asked.append(",".join(ids))
                body = atom(ids) if status == 200 else b"busy"
                self.send_response(status)
                self.send_header("Content-Type", "application/atom+xml")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/query"

    def close(self) -> None:
        self.server.shutdown()


def fetch_papers(project: Path, api: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARXIV_API": api}
    return subprocess.run(
        [sys.executable, "-m", "scripts.papers", "--docs", str(project / "docs"), "--timeout", "10"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


CITING = {
    "index.md": "# 首页\n",
    "甲.md": "# 甲\n\n见 [Scaling](https://arxiv.org/abs/2001.08361) 和 https://arxiv.org/pdf/2203.15556v2。\n",
    "乙.md": "# 乙\n\n又见 arxiv.org/abs/2001.08361，以及一篇 arXiv 没有的 https://arxiv.org/abs/2999.99999。\n",
    "草稿.md": "---\ndraft: true\n---\n\n# 草稿\n\nhttps://arxiv.org/abs/1706.03762\n",
}


@pytest.fixture(scope="module")
def fetched(tmp_path_factory) -> tuple[Path, StandIn]:
    project = make_project(tmp_path_factory.mktemp("papers"), CITING)
    arxiv = StandIn()
    proc = fetch_papers(project, arxiv.url)
    assert proc.returncode == 0, proc.stderr
    assert "新增 2 篇" in proc.stdout and "2999.99999" in proc.stdout
    yield project, arxiv
    arxiv.close()


def test_the_command_asks_once_for_the_cited_ids_and_caches_them(fetched) -> None:
    project, arxiv = fetched
    assert arxiv.asked == ["2001.08361,2203.15556,2999.99999"]  # one batch; not the draft's
    cache = json.loads((project / "docs" / ".papers.json").read_text(encoding="utf-8"))
    assert cache["2001.08361"] == {
        "title": "Scaling Laws for Neural Language Models",
        "authors": ["Jared Kaplan", "Sam McCandlish", "Tom Henighan", "Tom B. Brown"],
        "published": "2020-01-23",
        "abstract": PAPERS["2001.08361"][2],
        "category": "cs.LG",
    }
    # A second run asks only for what is missing: the id arXiv does not know.
    again = StandIn()
    try:
        proc = fetch_papers(project, again.url)
        assert proc.returncode == 0 and again.asked == ["2999.99999"]
    finally:
        again.close()


def test_a_second_run_makes_no_request_and_a_failing_server_changes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n\nhttps://arxiv.org/abs/2001.08361\n"})
    arxiv = StandIn()
    try:
        assert fetch_papers(project, arxiv.url).returncode == 0
        cache = (project / "docs" / ".papers.json").read_bytes()
        proc = fetch_papers(project, arxiv.url)
        assert proc.returncode == 0 and "无需请求" in proc.stdout
        assert len(arxiv.asked) == 1
    finally:
        arxiv.close()
    (project / "docs" / "新.md").write_text("# 新\n\nhttps://arxiv.org/abs/2203.15556\n", encoding="utf-8")
    for failing in (StandIn(status=503), None):
        api = failing.url if failing else f"http://127.0.0.1:{free_port()}/api/query"  # refused
        proc = fetch_papers(project, api)
        if failing:
            failing.close()
        assert proc.returncode == 1 and "没有改动" in proc.stderr
        assert (project / "docs" / ".papers.json").read_bytes() == cache


def test_the_papers_page_and_bib_show_the_cached_titles_without_asking_arxiv(fetched) -> None:
    project, _ = fetched
    site, log = build_project(project, "--strict")
    page = (site / "papers" / "index.html").read_text(encoding="utf-8")
    assert ">Scaling Laws for Neural Language Models</a>" in page
    assert "Jared Kaplan, Sam McCandlish, Tom Henighan 等 · 2020 · cs.LG" in page
    assert "Training Compute-Optimal &lt;script&gt;alert(1)&lt;/script&gt; Models" in page
    assert "<script>alert(1)" not in page
    assert ">arXiv:2999.99999</a>" in page and "python -m scripts.papers" in page  # not fetched: a hint
    assert 'href="../papers.bib"' in page
    assert not (site / ".papers.json").exists() and "1706.03762" not in page
    bib = (site / "papers.bib").read_text(encoding="utf-8")
    assert "@article{arxiv:2001.08361," in bib
    assert "title = {{Scaling Laws for Neural Language Models}}" in bib
    assert "author = {Jared Kaplan and Sam McCandlish and Tom Henighan and Tom B. Brown}" in bib
    for field in ("year = {2020}", "eprint = {2001.08361}", "archivePrefix = {arXiv}", "primaryClass = {cs.LG}"):
        assert field in bib
    assert "url = {https://arxiv.org/abs/2001.08361}" in bib and "1706.03762" not in bib


@pytest.mark.browser
def test_hovering_an_arxiv_link_shows_the_paper(fetched, hosted, reader) -> None:
    project, _ = fetched
    site = hosted(project)
    r = reader(site)
    page = r.page
    page.route("**/arxiv.org/**", lambda route: route.abort())
    page.goto(site + "%E7%94%B2/")
    page.locator("article a", has_text="Scaling").hover()
    box = page.locator("#kb-preview")
    box.wait_for(state="visible", timeout=5000)
    assert box.locator(".kb-preview__title").inner_text() == "Scaling Laws for Neural Language Models"
    text = box.inner_text()
    assert "Jared Kaplan, Sam McCandlish, Tom Henighan 等 · 2020" in text
    assert "We study empirical scaling laws" in text
    # On the papers page too; arXiv's markup stays text.
    page.mouse.move(0, 0)
    page.goto(site + "papers/")
    page.locator("article a", has_text="Training Compute-Optimal").hover()
    box.wait_for(state="visible", timeout=5000)
    assert "<script>alert(1)</script>" in box.locator(".kb-preview__title").inner_text()
    assert box.locator("script").count() == 0
    assert r.foreign() == [] and r.errors == []


def test_a_card_shows_the_abstracts_first_sentences() -> None:
    from kb.papers import Paper

    long = "First sentence here. " + "Second one is long. " * 30
    paper = Paper("2001.08361", "T", ["A", "B", "C", "D"], "2020-01-23", long.strip(), "cs.LG")
    assert paper.opening().startswith("First sentence here. Second one is long.")
    assert len(paper.opening()) <= 320 and paper.opening().endswith(".")
    assert paper.short_authors() == "A, B, C 等" and paper.year == "2020"
