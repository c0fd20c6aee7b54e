"""The real docs/: built with --strict, every seed sentence on the site, Chinese everywhere."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import search

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "importer" / "seeds"

# The web clip's site chrome, which the importer drops on purpose.
WEBCLIP_CHROME = {"首页", "CtrlK", "9-大模型+大资料", "Mleon的头像", "创建于:2024-02-23", "随记", "讨论", "媒体"}


class _Text(HTMLParser):
    """A page's readable text, plus every URL it links or shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def site_text(built_site: Path) -> tuple[str, str]:
    parser = _Text()
    for page in built_site.rglob("*.html"):
        parser.feed(page.read_text(encoding="utf-8"))
    return _squash("".join(parser.parts)), "\n".join(parser.urls)


def seed_fragments(line: str) -> tuple[list[str], list[str]]:
    """The visible text and the URLs a seed line must leave on the site."""
    urls = [u.split("#averageHue")[0] for u in re.findall(r"\]\(([^)\s]+)\)", line)]
    urls += re.findall(r"(?<![(\w])https?://[^\s()（）：，。]+", line)
    text = re.sub(r"!\[\[[^\]]*\]\]", "", line)  # embeds: checked by the missing-file list
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images: their URL is checked
    text = re.sub(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)", r"\1", text)  # links: their text
    text = re.sub(r"^\s*(?:#+|>|[-*+•]|\d+\.)\s+(?:\[[ xX]\]\s+)?", "", text)
    text = re.sub(r"(\*\*|`|^\s*\|)", "", text)
    fragments = [f for f in re.split(r"\s*\|\s*|\$\$|\\\\", text) if f.strip(" -:|")]
    return fragments, [u for u in urls if "://" in u]


def seed_lines(name: str) -> list[str]:
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    if lines and lines[0] == "---":  # the Hugo post's front matter is metadata, not prose
        end = lines.index("---", 1)
        lines = lines[end + 1 :]
    return [
        line
        for line in lines
        if line.strip() and line.strip() not in WEBCLIP_CHROME and not line.lstrip().startswith("```")
    ]


SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def test_the_seeds_are_here() -> None:
    assert len(SEED_NAMES) == 5


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_sentence_is_on_the_site(name: str, site_text: tuple[str, str]) -> None:
    text, urls = site_text
    lost = []
    for line in seed_lines(name):
        fragments, line_urls = seed_fragments(line)
        for fragment in fragments:
            if _squash(fragment) not in text:
                lost.append(fragment)
        # A bare URL becomes a link (magiclink), or stays text where it is code.
        lost += [u for u in line_urls if u not in urls and _squash(u) not in text]
    assert lost == []


def test_headings_keep_their_chinese_ids(built_site: Path) -> None:
    html = (built_site / "阅读笔记" / "大模型" / "index.html").read_text(encoding="utf-8")
    assert 'id="大模型"' in html
    assert 'id="motivation"' in html
    assert not re.search(r'<h\d id="_\d+"', html)


def test_edit_links_point_at_the_source_file(built_site: Path) -> None:
    html = (built_site / "阅读笔记" / "大模型" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/llm-notes/edit/main/docs/阅读笔记/大模型.md"' in html


def test_the_theme_asks_no_other_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        loaded = re.findall(r'<script[^>]+src="([^"]+)"', html)
        loaded += [
            href
            for tag in re.findall(r"<link[^>]+>", html)
            if 'rel="canonical"' not in tag
            for href in re.findall(r'href="([^"]+)"', tag)
        ]
        assert [u for u in loaded if u.startswith(("http:", "https:", "//"))] == []


def test_search_index_segments_chinese(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    words = set()  # the published site's words: kb/search_index.py's shards
    for shard in (built_site / "search" / "kb" / "terms").glob("*.json"):
        words.update(json.loads(shard.read_text(encoding="utf-8"))["w"])
    assert "去重" in words
    assert "指令" in words and "微调" in words


@pytest.mark.browser
@pytest.mark.parametrize("query", ["去重", "指令微调"])
def test_search_finds_a_word_mid_sentence(query: str, tmp_path_factory, hosted, reader) -> None:
    url = _real_site_url(tmp_path_factory, hosted)
    r = reader(url)
    r.page.goto(url)
    assert search(r.page, query) >= 1
    assert r.foreign() == []


_real: dict[str, str] = {}


def _real_site_url(tmp_path_factory, hosted) -> str:
    """The real docs/, hosted once for the browser tests of this module."""
    if "url" not in _real:
        project = tmp_path_factory.mktemp("real-hosted")
        (project / "mkdocs.yml").symlink_to(ROOT / "mkdocs.yml")
        (project / "docs").symlink_to(ROOT / "docs")
        (project / "hooks").symlink_to(ROOT / "hooks")
        _real["url"] = hosted(project)
    return _real["url"]


@pytest.mark.browser
def test_the_site_works_under_a_sub_path(tmp_path_factory, hosted, reader) -> None:
    """Every page, style, script, formula and internal link loads under /llm-notes/."""
    url = _real_site_url(tmp_path_factory, hosted)
    r = reader(url)
    r.page.goto(url + "sitemap.xml")
    pages = re.findall(r"<loc>([^<]+)</loc>", r.page.content())
    assert len(pages) > 15 and all(p.startswith(url) for p in pages)
    links: set[str] = set()
    for address in pages:
        r.page.goto(address)
        r.page.wait_for_load_state("networkidle")
        assert r.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        if r.page.locator(".arithmatex").count():
            r.page.wait_for_function("document.querySelectorAll('.arithmatex mjx-container').length > 0")
            assert r.page.locator("mjx-merror").count() == 0
        hrefs = r.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        links.update(h.split("#")[0] for h in hrefs if h.startswith(url))
    broken = [link for link in sorted(links) if r.page.request.get(link).status != 200]
    assert broken == []
    assert r.failures == []
    assert r.foreign(allowed=("https://cdn.nlark.com/", "https://cdn.modevol.com/")) == []
