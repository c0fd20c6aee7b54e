"""The offline copy opens straight from disk: navigation, math and search, no other host."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import mkdocs

from kb.offline import SHIM


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site"
    os.environ["OFFLINE"] = "true"
    try:
        mkdocs("build", "-d", str(site))
    finally:
        del os.environ["OFFLINE"]
    return site


def test_offline_build_uses_plain_file_urls_and_no_cdn(offline_site: Path) -> None:
    html = (offline_site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html
    assert (offline_site / "search" / "search_index.js").is_file()
    assert (offline_site / "todo.html").is_file()


@pytest.mark.browser
@pytest.mark.skipif(not SHIM.is_file(), reason="iframe-worker is installed by scripts/setup.sh (needs npm)")
def search_from_disk(page, query: str, tries: int = 4) -> int:
    """Search in a page opened from file://.

    From disk the search worker runs in iframe-worker's iframe, and in headless
    Chromium its first message is sometimes lost, leaving search idle until
    the page is opened again; so open it again, a few times at most.
    """
    for _ in range(tries):
        page.click(".md-search__input")
        page.fill("input.md-search__input", query)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=6000)
            return page.locator(".md-search-result__item").count()
        except Exception:  # noqa: BLE001 (Playwright's timeout)
            page.reload()
    return 0


def test_offline_copy_works_from_disk(offline_site: Path, browser) -> None:
    # No request listener here: Playwright's network events stop the search
    # worker's iframe from starting under file://. The page's own resource
    # timing lists what it loaded instead.
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(offline_site.as_uri() + "/index.html")
        assert search_from_disk(page, "去重") >= 1
        page.keyboard.press("Escape")
        page.click("nav.md-nav--primary >> text=大型语言模型修炼史", timeout=10000)
        page.wait_for_url("**/*.html")
        assert unquote(page.url).endswith("博客/2024-04-05-大型语言模型修炼史（第一、二阶段）.html")
        page.wait_for_function("document.querySelectorAll('.arithmatex mjx-container').length > 0", timeout=20000)
        assert page.locator("mjx-merror").count() == 0
        loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert [url for url in loaded if not url.startswith(("file:", "data:", "blob:"))] == []
    finally:
        context.close()
