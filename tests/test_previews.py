"""Hover previews: a link to a note shows its opening, a section or a block."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import OFFLINE, assert_glyphs_drawn, build_project, make_project

from kb.page.previews import BUDGET, slice_page


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


NOTE = """\
---
title: 学习笔记
---

# 学习笔记

开头段落：这是笔记的开头，见[[另一页]]。

![[图.png]]

## 命令

命令一节的正文：用 git status 查看。

这是一个带编号的块。 ^blk1

## 公式

公式一节：$E = mc^2$ 是质能方程。

```mermaid
graph LR
  甲 --> 乙
```
"""

INDEX = """\
# 首页

勾股定理 $a^2 + b^2 = c^2$。

- 看 [[笔记#命令|命令一节]]
- 看 [[笔记#^blk1|那个块]]
- 看 [[笔记#公式|公式一节]]
- 看 [[笔记]]
- 还没写 [[不存在的笔记]]
- 草稿 [[秘密]]
- 去 [[另一页]]
"""

OTHER = "# 另一页\n\n回到[[index|首页]]，或看 [[笔记#命令|另一页的命令链接]]。\n"
DRAFT = "---\ntitle: 机密草稿标题\ndraft: true\n---\n\n# 机密草稿标题\n\n机密正文。\n"

NOTES: dict[str, str | bytes] = {
    "index.md": INDEX,
    "学习/笔记.md": NOTE,
    "另一页.md": OTHER,
    "秘密.md": DRAFT,
    "附件/图.png": tiny_png(),
}


# --- slicing ----------------------------------------------------------------


def test_sections_blocks_and_opening_are_sliced_by_their_ids() -> None:
    html = (
        '<h1 id="标题">标题<a class="headerlink" href="#标题">¶</a></h1>\n'
        "<p>开头。</p>\n"
        '<h2 id="命令">命令</h2>\n<p>命令正文</p>\n<ul>\n<li id="b1">块正文</li>\n</ul>\n'
        '<h3 id="子节">子节</h3>\n<p>子节正文</p>\n'
        '<h2 id="另一节">另一节</h2>\n<p>另一节正文</p>\n'
        '<h2 id="unlinked-mentions">未链接的提及</h2>\n<p>不是笔记的正文</p>\n'
    )
    preview = slice_page(html, {"b1"})
    assert preview.opening.startswith("<p>开头。</p>")
    assert "不是笔记的正文" not in preview.opening
    text, part = preview.sections["命令"]
    assert text == "命令"
    assert "命令正文" in part and "子节正文" in part and "另一节正文" not in part
    assert preview.sections["子节"][1] == "<p>子节正文</p>"
    assert preview.blocks == {"b1": "<ul><li>块正文</li></ul>"}
    assert "unlinked-mentions" not in preview.sections
    assert ' id="' not in preview.opening + part and "headerlink" not in preview.opening + part
    wrapped = slice_page(f"<html><head></head><body>{html}</body></html>", {"b1"})
    assert wrapped == preview


def test_a_long_part_is_cut_in_text_but_never_inside_a_formula() -> None:
    formula = '<span class="arithmatex">\\(' + "x+" * 400 + "1\\)</span>"
    preview = slice_page(f"<p>{'字' * (BUDGET - 10)}{formula}后文</p><p>下一段</p>", set())
    assert formula in preview.opening
    assert "后文" not in preview.opening and "下一段" not in preview.opening
    cut = slice_page(f"<p><strong>{'字' * BUDGET * 2}</strong></p>", set()).opening
    assert cut.endswith("…</strong></p>")
    assert cut.count("字") == BUDGET


def test_markup_in_text_stays_escaped() -> None:
    preview = slice_page('<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="a?x=1&amp;y=&quot;2">链接</a></p>', set())
    assert preview.opening == '<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="a?x=1&amp;y=&quot;2">链接</a></p>'


# --- the built site -----------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("previews"), NOTES)


@pytest.fixture(scope="module")
def built(project) -> Path:
    site, _ = build_project(project, "--strict")
    return site


def test_no_draft_in_any_preview_data(built: Path) -> None:
    data = {p.name: p.read_text(encoding="utf-8") for p in (built / "previews").glob("*.js")}
    assert len(data) == 5  # the listing, the papers' cards, and one file per published note
    for text in data.values():
        assert "机密草稿标题" not in text and "机密正文" not in text
    listing = data["index.js"]
    assert "学习/笔记/" in listing and "秘密" not in listing
    note = next(text for text in data.values() if '"title":"学习笔记"' in text)
    assert '"命令":["命令","<p>命令一节的正文' in note
    assert '"blk1":"<p>这是一个带编号的块。</p>"' in note


@pytest.fixture(scope="module")
def site(project, hosted) -> str:
    return hosted(project, "--strict")


def preview_of(page, link_text: str):
    page.locator("article a", has_text=link_text).first.hover()
    box = page.locator("#kb-preview")
    box.wait_for(state="visible", timeout=5000)
    return box


@pytest.mark.browser
def test_a_section_link_previews_that_section(site: str, reader) -> None:
    r = reader(site)
    r.page.goto(site)
    box = preview_of(r.page, "命令一节")
    assert "学习笔记 › 命令" in box.inner_text()
    assert "用 git status 查看" in box.inner_text()
    assert "开头段落" not in box.inner_text()
    r.page.keyboard.press("Escape")
    box.wait_for(state="hidden", timeout=2000)
    assert r.errors == [] and r.failures == []


@pytest.mark.browser
def test_a_note_link_previews_its_opening_with_rebased_links_and_images(site: str, reader) -> None:
    r = reader(site)
    r.page.goto(site)
    r.page.locator("article").get_by_role("link", name="笔记", exact=True).hover()
    box = r.page.locator("#kb-preview")
    box.wait_for(state="visible", timeout=5000)
    assert "开头段落" in box.inner_text()
    href = box.locator("a").first.get_attribute("href")
    assert unquote(href) == site + "另一页/"
    box.locator("img").first.wait_for(timeout=5000)
    r.page.wait_for_function("document.querySelector('#kb-preview img').naturalWidth > 0", timeout=5000)
    assert r.failures == []


@pytest.mark.browser
def test_a_block_link_previews_that_block(site: str, reader) -> None:
    r = reader(site)
    r.page.goto(site)
    box = preview_of(r.page, "那个块")
    assert "这是一个带编号的块" in box.inner_text()
    assert "命令一节的正文" not in box.inner_text()


@pytest.mark.browser
def test_a_missing_note_previews_nothing(site: str, reader) -> None:
    r = reader(site)
    r.page.goto(site)
    r.page.locator(".kb-missing", has_text="不存在的笔记").hover()
    r.page.wait_for_timeout(1000)
    r.page.locator(".kb-missing", has_text="秘密").hover()
    r.page.wait_for_timeout(1000)
    assert not r.page.locator("#kb-preview").is_visible()


@pytest.mark.browser
def test_a_preview_after_instant_navigation(site: str, reader) -> None:
    r = reader(site)
    page = r.page
    page.goto(site)
    page.evaluate("window.__sameDocument = true")
    page.click("article >> text=另一页")
    page.wait_for_url(lambda url: unquote(url).endswith("/另一页/"))
    box = preview_of(page, "另一页的命令链接")
    assert "用 git status 查看" in box.inner_text()
    assert page.evaluate("window.__sameDocument") is True


@pytest.mark.browser
def test_keyboard_focus_shows_a_preview(site: str, reader) -> None:
    r = reader(site)
    page = r.page
    page.goto(site)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "那个块":
            break
    else:
        pytest.fail("Tab never reached the link")
    box = page.locator("#kb-preview")
    box.wait_for(state="visible", timeout=5000)
    assert "这是一个带编号的块" in box.inner_text()
    page.keyboard.press("Tab")
    box.wait_for(state="hidden", timeout=2000)


@pytest.mark.browser
def test_formulas_and_diagrams_in_a_preview_render(site: str, reader) -> None:
    r = reader(site)
    page = r.page
    page.goto(site)
    page.wait_for_function("document.querySelector('article .arithmatex mjx-container')", timeout=20000)
    box = preview_of(page, "公式一节")
    box.locator(".arithmatex mjx-container").first.wait_for(timeout=20000)
    box.locator(".kb-mermaid svg").first.wait_for(timeout=20000)
    assert box.locator("mjx-merror").count() == 0
    assert_glyphs_drawn(page)  # the page's own formula kept its glyphs
    assert r.errors == []


@pytest.mark.browser
def test_a_preview_in_dark_mode_uses_the_dark_colours(site: str, reader) -> None:
    r = reader(site)
    page = r.page
    page.goto(site)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    preview_of(page, "命令一节")
    colours = page.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('#kb-preview'))"
        ".backgroundColor]"
    )
    assert colours[0] == colours[1] != "rgb(255, 255, 255)"


@pytest.mark.browser
def test_a_tap_navigates_without_a_preview(site: str, browser) -> None:
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 400, "height": 800})
    try:
        page = context.new_page()
        page.goto(site)
        page.locator("article a", has_text="命令一节").tap()
        page.wait_for_url(lambda url: "/学习/笔记/" in unquote(url))
        page.wait_for_timeout(600)
        assert not page.locator("#kb-preview").is_visible()
    finally:
        context.close()


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("previews-offline"), NOTES), env=OFFLINE)[0]


@pytest.mark.browser
def test_a_preview_from_the_offline_copy(offline: Path, reader) -> None:
    r = reader(offline.as_uri() + "/")
    r.page.goto((offline / "index.html").as_uri())
    box = preview_of(r.page, "命令一节")
    assert "用 git status 查看" in box.inner_text()
    assert r.errors == []
