"""Search finds the right note first, in every way the site is read.

The published build answers from ``kb/search_index.py``'s shards through our
worker; ``serve --dirty`` and the offline copy keep Material's lunr index. A
word mid-sentence, an alias, a tag and an English term each bring up their
note first in all three, and no search data holds a draft or a comment.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import OFFLINE, make_project, mkdocs
from test_serve import Serve

from kb.offline import SHIM

NOTES = {
    "index.md": "# 首页\n\n欢迎来到笔记。\n",
    "笔记/数据清洗.md": "# 数据清洗\n\n预训练之前要先做去重，再按质量过滤。%%评论金丝雀 kbcanarycomment%%\n",
    "笔记/甲.md": "---\naliases: [思维链]\n---\n# 甲\n\n这篇讲推理的步骤。\n",
    "笔记/乙.md": "# 乙\n\n思维链很有用。思维链能提高推理。再说一次思维链。\n\n## 问题\n\n为什么有用？TODO\n",
    "笔记/丙.md": "---\ntags: [强化学习]\n---\n# 丙\n\n奖励模型打分。\n",
    "笔记/丁.md": "# 丁\n\n强化学习，强化学习，还是强化学习。\n",
    "笔记/戊.md": "# 戊\n\nThe Chinchilla paper changed how models scale.\n",
    "笔记/草稿.md": "---\ndraft: true\n---\n# 草稿\n\n草稿金丝雀 kbcanarydraft。\n",
}
# Each query with the title of the note that must come first.
QUERIES = {"去重": "数据清洗", "思维链": "甲", "强化学习": "丙", "chinchilla": "戊"}
CANARIES = ("kbcanarydraft", "草稿金丝雀", "kbcanarycomment", "评论金丝雀")
EXCLUDED = ("todo/", "tags/", "graph/", "recent/")  # pages marked `search: exclude`


def first_result(page, query: str) -> str:
    """Type ``query`` into Material's search box; the first result's title.

    The box is emptied first, which empties the list, so the result read is this
    query's. Material reads the query on keyup, which a key press sends.
    """
    page.click(".md-search__input")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('正在初始化')",
        timeout=45000,
    )
    page.fill("input.md-search__input", "")
    page.press("input.md-search__input", "End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    return page.locator(".md-search-result__item h1").first.inner_text().strip()


def assert_queries(page, queries: dict[str, str]) -> None:
    found = {query: first_result(page, query) for query in queries}
    assert found == queries


def holds(text: str, word: str) -> bool:
    """Whether ``text`` has ``word``, as written or as a JSON escape (the offline index)."""
    return word in text or json.dumps(word)[1:-1] in text


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("published"), NOTES)
    mkdocs("build", "-d", str(project / "site"), cwd=project)
    return project / "site"


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("offline"), NOTES)
    mkdocs("build", "-d", str(project / "site"), cwd=project, env=OFFLINE)
    return project / "site"


def test_the_published_build_has_our_data_and_a_small_material_index(published: Path) -> None:
    material = json.loads((published / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []
    pages = json.loads((published / "search" / "kb" / "pages.json").read_text(encoding="utf-8"))["pages"]
    urls = [url for url, *_ in pages]
    assert "笔记/数据清洗/" in urls and "笔记/草稿/" not in urls
    assert [url for url in urls if url.startswith(EXCLUDED)] == []
    html = (published / "index.html").read_text(encoding="utf-8")
    assert "search_worker.js" in html and "workers/search." not in html


@pytest.mark.parametrize("build", ["published", "offline"])
def test_no_search_data_holds_a_draft_or_a_comment(build: str, request) -> None:
    site: Path = request.getfixturevalue(build)
    texts = {path: path.read_text(encoding="utf-8") for path in (site / "search").rglob("*") if path.is_file()}
    assert any(holds(text, "去重") for text in texts.values())  # the notes' words are there
    for path, text in texts.items():
        assert [c for c in CANARIES if holds(text, c)] == [], path


@pytest.mark.browser
def test_the_published_site_finds_each_note_first(tmp_path_factory, hosted, reader) -> None:
    url = hosted(make_project(tmp_path_factory.mktemp("hosted"), NOTES))
    r = reader(url)
    r.page.goto(url + "笔记/丁/")
    assert not [u for u in r.requests if "/search/kb/" in u], "search data loaded before search was used"
    assert_queries(r.page, QUERIES)
    r.page.click(".md-search-result__item a")  # instant navigation, with the query highlighted there
    r.page.wait_for_function("() => decodeURIComponent(location.href).endsWith('/笔记/戊/?h=chinchilla')")
    assert r.page.locator("article mark").first.inner_text(timeout=10000).lower() == "chinchilla"
    assert r.failures == [] and r.errors == [] and r.foreign() == []


@pytest.mark.browser
def test_serve_dirty_finds_each_note_first_after_an_edit(tmp_path: Path, reader) -> None:
    project = make_project(tmp_path / "project", NOTES)
    serve = Serve(project, "--dirty")
    try:
        serve.wait_for_build(1)
        r = reader(serve.base)
        r.page.goto(serve.base)
        assert_queries(r.page, QUERIES)
        note = project / "docs" / "笔记" / "丙.md"
        time.sleep(1.1)  # a new modification time, whatever the file system's resolution
        note.write_text(note.read_text(encoding="utf-8") + "\n新加的一句：价值函数。\n", encoding="utf-8")
        serve.wait_for_build(2)
        r.page.goto(serve.base)
        assert_queries(r.page, {**QUERIES, "价值函数": "丙"})
    finally:
        serve.stop()


@pytest.mark.browser
@pytest.mark.skipif(not SHIM.is_file(), reason="iframe-worker is installed by scripts/setup.sh (needs npm)")
def test_the_offline_copy_finds_each_note_first(offline: Path, reader) -> None:
    r = reader(offline.as_uri() + "/")
    r.page.goto((offline / "index.html").as_uri())
    assert_queries(r.page, QUERIES)
