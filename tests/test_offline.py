"""The offline copy opens straight from disk: navigation, math and search, no other host."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import OFFLINE, assert_glyphs_drawn, mkdocs, search

from kb.offline import SHIM


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site"
    mkdocs("build", "-d", str(site), env=OFFLINE)
    return site


def test_offline_build_uses_plain_file_urls_and_no_cdn(offline_site: Path) -> None:
    html = (offline_site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html
    assert (offline_site / "search" / "search_index.js").is_file()
    assert (offline_site / "todo.html").is_file()


@pytest.mark.browser
@pytest.mark.skipif(not SHIM.is_file(), reason="iframe-worker is installed by scripts/setup.sh (needs npm)")
def test_offline_copy_works_from_disk(offline_site: Path, reader) -> None:
    base = offline_site.as_uri() + "/"
    r = reader(base)
    page = r.page
    page.goto(base + "index.html")
    assert search(page, "去重") >= 1
    page.keyboard.press("Escape")
    page.click("nav.md-nav--primary >> text=大型语言模型修炼史", timeout=10000)
    page.wait_for_url("**/*.html")
    assert unquote(page.url).endswith("博客/2024-04-05-大型语言模型修炼史（第一、二阶段）.html")
    page.wait_for_function("document.querySelectorAll('.arithmatex mjx-container').length > 0", timeout=20000)
    assert page.locator("mjx-merror").count() == 0
    assert_glyphs_drawn(page)
    assert any(u.endswith("assets/mathjax/startup.js") for u in r.requests)
    notes_images = ("https://cdn.nlark.com/", "https://cdn.modevol.com/")
    assert [u for u in r.requests if not u.startswith(("file:", "data:", "blob:", "about:", *notes_images))] == []


@pytest.mark.browser
def test_offline_formulas_are_drawn_on_first_load(offline_site: Path, reader) -> None:
    page = reader(offline_site.as_uri() + "/").page
    page.goto((offline_site / "博客" / "2024-04-05-大型语言模型修炼史（第一、二阶段）.html").as_uri())
    page.wait_for_function("document.querySelectorAll('.arithmatex mjx-container').length > 0", timeout=20000)
    assert_glyphs_drawn(page)


@pytest.mark.browser
def test_offline_graph_page_draws_every_note_from_disk(offline_site: Path, reader) -> None:
    """The graph's data is a script, which a page opened from disk can load."""
    page = reader(offline_site.as_uri() + "/").page
    page.goto((offline_site / "graph.html").as_uri())
    page.wait_for_selector("[data-kb-drawn]", timeout=20000)
    data = (offline_site / "graph-data.js").read_text(encoding="utf-8")
    notes = json.loads(data.removeprefix("window.kbGraphData = ").rstrip().removesuffix(";"))["nodes"]
    drawn = page.locator(".kb-graph-svg .kb-graph-node circle").count()
    assert drawn == len(notes) > 10
