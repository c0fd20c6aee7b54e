"""Folder names as written in the vault, and images that load lazily and open larger on click."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, build_project, make_project

from kb.emit.folder_pages import NAV_LIMIT

PNG = (ROOT / ".venv/lib/python3.11/site-packages/material/templates/assets/images/favicon.png").read_bytes()
IMAGES = (
    "# 图\n\n![[pic.png|200]]\n\n![普通图片](pic.png)\n\n![[缺失.png]]\n\n[![链接里的图](pic.png)](https://example.org)\n\n"
    "公式 $x^2$\n\n```mermaid\ngraph TD\n  A --> B\n```\n\n回到 [首页](../index.md)\n"
)
NOTES: dict[str, str | bytes] = {
    "index.md": "# 首页\n\n去 [图](00_Inbox/图.md)\n",
    "00_Inbox/图.md": IMAGES,
    "00_Inbox/pic.png": PNG,
    "happy-llm/第一章.md": "# 第一章\n",
    "happy-llm/sub_dir-x/深.md": "# 深\n",
    **{f"big_folder-1/n{i:02d}.md": f"# 笔记{i:02d}\n" for i in range(NAV_LIMIT + 1)},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site, _ = build_project(make_project(tmp_path_factory.mktemp("folders"), NOTES), "--strict")
    return site


def nav(html: str) -> str:
    return html.split('<nav class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]


def words(html: str) -> set[str]:
    return {w.strip() for w in re.split(r"<[^>]+>", html) if w.strip()}


def test_folders_show_in_the_navigation_exactly_as_written(site: Path) -> None:
    menu = words(nav((site / "happy-llm" / "第一章" / "index.html").read_text(encoding="utf-8")))
    assert {"00_Inbox", "happy-llm", "sub_dir-x", "big_folder-1"} <= menu
    assert not {"00 Inbox", "Happy llm", "Sub dir x", "Big folder 1"} & menu


def test_a_big_folders_index_page_is_titled_as_written(site: Path) -> None:
    html = (site / "big_folder-1" / "index.html").read_text(encoding="utf-8")
    assert "<title>big_folder-1 - " in html
    assert re.search(r"<h1[^>]*>big_folder-1</h1>", html)
    assert "这个文件夹有 41 篇笔记" in html


def article(site: Path) -> str:
    html = (site / "00_Inbox" / "图" / "index.html").read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_images_load_lazily_and_open_in_a_lightbox(site: Path) -> None:
    html = article(site)
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 3 and all('loading="lazy"' in img for img in images)
    boxed = re.findall(r'<a class="glightbox"[^>]*href="\.\./pic\.png"[^>]*>\s*<img ([^>]*)>', html)
    assert len(boxed) == 2 and any('width="200"' in img for img in boxed)


def test_placeholders_links_math_and_diagrams_are_not_wrapped(site: Path) -> None:
    html = article(site)
    assert html.count('class="glightbox"') == 2
    assert re.search(r'<a href="https://example.org"><img [^>]*alt="链接里的图"', html)
    assert re.search(r'<p><span class="kb-missing-file"[^>]*>缺失的附件: 缺失.png</span></p>', html)
    assert re.search(r'<p>公式 <span class="arithmatex">[^<]*</span></p>', html)
    assert re.search(r'<div class="kb-mermaid">graph TD', html)


def test_the_lightbox_is_served_by_the_site_and_nothing_from_a_cdn(site: Path) -> None:
    assert (site / "assets" / "javascripts" / "glightbox.min.js").stat().st_size > 10_000
    assert (site / "assets" / "stylesheets" / "glightbox.min.css").is_file()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//[^"' >]*cdn""", html, re.I), page
        if page.name != "404.html":  # every page loads it, for instant navigation to one with images
            assert "glightbox.min.js" in html, page


@pytest.mark.browser
def test_a_click_on_an_image_shows_it_larger_after_instant_navigation(tmp_path_factory, hosted, reader) -> None:
    url = hosted(make_project(tmp_path_factory.mktemp("lightbox"), NOTES))
    r = reader(url)
    page = r.page
    page.goto(url)
    page.click("article >> text=图")  # instant navigation: the lightbox must be re-armed
    image = page.wait_for_selector('article img[alt="普通图片"]')
    small = image.bounding_box()
    assert page.locator(".glightbox-container").count() == 0
    image.click()
    page.wait_for_selector(".glightbox-container .gslide-image img", state="visible", timeout=10000)
    large = page.locator(".glightbox-container .gslide-image img").first.bounding_box()
    assert small and large and large["width"] > 1.5 * small["width"]
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached", timeout=10000)
    assert r.foreign() == [] and r.errors == []
