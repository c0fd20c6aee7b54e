"""Obsidian canvases (.canvas, JSON Canvas 1.0) become pages: drawn as a board
that pans and zooms, readable as a list without JavaScript, and linked,
embedded, searched, graphed and in backlinks like any note."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import OFFLINE, build_project, make_project

from kb.canvas.draw import frame
from kb.canvas.model import CanvasError, read_canvas
from kb.canvas.page import inert

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201a5d6d6b10000000049454e44ae426082"
)
CANVAS = {
    "nodes": [
        {
            "id": "g1",
            "type": "group",
            "x": -40,
            "y": -80,
            "width": 760,
            "height": 420,
            "label": "注意力机制",
            "color": "4",
        },
        {
            "id": "t1",
            "type": "text",
            "x": 0,
            "y": 0,
            "width": 300,
            "height": 160,
            "text": "## 核心\n\n**缩放点积注意力** $\\frac{QK^T}{\\sqrt{d}}$，见 [[目标笔记]]。",
            "color": "1",
        },
        {"id": "f1", "type": "file", "x": 380, "y": 0, "width": 300, "height": 200, "file": "笔记/目标笔记.md"},
        {
            "id": "l1",
            "type": "link",
            "x": 0,
            "y": 420,
            "width": 300,
            "height": 80,
            "url": "https://example.org/attention",
        },
        {
            "id": "i1",
            "type": "file",
            "x": 380,
            "y": 420,
            "width": 200,
            "height": 120,
            "file": "图/点.png",
            "color": "#3366ff",
        },
        {
            "id": "t2",
            "type": "text",
            "x": 760,
            "y": 420,
            "width": 260,
            "height": 140,
            "text": "<script>alert(1)</script>%%秘密批注%%\n```\n未闭合的代码",
        },
        {"id": "bad", "type": "text", "x": "nope", "y": 0, "width": 10, "height": 10, "text": "坏卡片"},
    ],
    "edges": [
        {
            "id": "e1",
            "fromNode": "t1",
            "fromSide": "right",
            "toNode": "f1",
            "toSide": "left",
            "label": "详见",
            "color": "2",
        },
        {"id": "e2", "fromNode": "t1", "toNode": "l1", "fromEnd": "arrow", "label": "外部<资料>"},
        {"id": "e3", "fromNode": "f1", "toNode": "i1", "color": "#aa00aa"},
        {"id": "e4", "fromNode": "t1", "toNode": "nowhere"},
    ],
}
NOTES: dict[str, str | bytes] = {
    "index.md": "# 首页\n\n看 [[主题图.canvas]]。\n\n![[主题图.canvas]]\n",
    "笔记/目标笔记.md": "# 目标笔记\n\n这篇笔记讲注意力的开头文字。\n",
    "笔记/草稿.md": "---\ndraft: true\n---\n# 草稿\n\n秘密草稿内容。\n",
    "图/主题图.canvas": json.dumps(CANVAS, ensure_ascii=False),
    "图/草稿图.canvas": json.dumps(
        {"nodes": [{"id": "d", "type": "file", "x": 0, "y": 0, "width": 100, "height": 100, "file": "笔记/草稿.md"}]}
    ),
    "图/坏.canvas": "{not json",
    "图/点.png": PNG,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    return build_project(make_project(tmp_path_factory.mktemp("canvas"), NOTES))


def _page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def test_read_canvas_keeps_good_cards_and_refuses_what_is_no_canvas() -> None:
    canvas = read_canvas(json.dumps(CANVAS).encode())
    assert [n.id for n in canvas.nodes] == ["g1", "t1", "f1", "l1", "i1", "t2"]
    assert len(canvas.edges) == 3 and canvas.skipped == 2  # the bad card, the edge to nowhere
    assert canvas.nodes[4].color == "#3366ff" and canvas.nodes[1].color == "1"
    assert frame(canvas).width == 1060 + 80
    for data in (b"{not json", b"[1, 2]", b'{"nodes": 3}', b"\xff\xfe"):
        with pytest.raises(CanvasError):
            read_canvas(data)
    assert inert("[[x]] #tag $a$ <b>") == "&#91;&#91;x&#93;&#93; &#35;tag &#36;a&#36; &#60;b&#62;"


def test_broken_canvas_is_named_and_the_rest_builds(built: tuple[Path, str]) -> None:
    site, log = built
    assert "图/坏.canvas: 无法读取画布" in log
    assert "图/主题图.canvas: 画布里有 2 个卡片或连线不合 JSON Canvas 规范" in log
    assert (site / "图" / "主题图.canvas" / "index.html").exists()
    assert not (site / "图" / "坏.canvas").exists() and not (site / "图" / "主题图.canvas" / "index.md").exists()
    assert not list(site.rglob("*.canvas")) or all(p.is_dir() for p in site.rglob("*.canvas"))


def test_canvas_page_lists_every_card_without_javascript(built: tuple[Path, str]) -> None:
    html = _page(built[0], "图/主题图.canvas")
    assert "<title>主题图 - " in html
    assert "<strong>缩放点积注意力</strong>" in html and 'class="arithmatex"' in html
    assert (
        'href="../../%E7%AC%94%E8%AE%B0/%E7%9B%AE%E6%A0%87%E7%AC%94%E8%AE%B0/"' in html
    )  # [[目标笔记]] and the file card
    assert "这篇笔记讲注意力的开头文字" in html  # the file card's opening
    assert 'href="https://example.org/attention"' in html
    assert 'src="../%E7%82%B9.png"' in html
    assert "注意力机制" in html and "kb-canvas-c4" in html and "--c:#3366ff" in html
    assert html.count('<g class="kb-canvas-edge') == 3 and "<polygon" in html
    assert "外部&lt;资料&gt;" in html and "详见" in html
    assert "<script>alert" not in html and "秘密批注" not in html and "未闭合的代码" in html
    assert "data-kb-trusted" not in html  # every placeholder of ours was filled


def test_canvas_is_linked_embedded_searched_graphed_and_in_backlinks(built: tuple[Path, str]) -> None:
    site = built[0]
    home = _page(site, "")
    assert f'href="{quote("图/主题图.canvas/")}"' in home  # [[主题图.canvas]]
    assert "<strong>缩放点积注意力</strong>" in home  # ![[主题图.canvas]]
    target = _page(site, "笔记/目标笔记")
    backlinks = target[target.index('id="backlinks"') :]
    assert "主题图" in backlinks
    assert "主题图.canvas" in (site / "graph-data.js").read_text(encoding="utf-8")
    pages = json.loads((site / "search" / "kb" / "pages.json").read_text(encoding="utf-8"))["pages"]
    number = [p[0] for p in pages].index("图/主题图.canvas/")
    assert "缩放点积注意力" in (site / "search" / "kb" / "text" / f"{number}.json").read_text(encoding="utf-8")
    nav = home[: home.index("md-content")]
    assert "主题图" in nav


def test_a_canvas_shows_no_draft(built: tuple[Path, str]) -> None:
    html = _page(built[0], "图/草稿图.canvas")
    assert "秘密草稿内容" not in html and "kb-missing" in html


def test_canvas_board_in_the_browser(built, hosted, reader, tmp_path_factory) -> None:
    project = make_project(tmp_path_factory.mktemp("canvas-hosted"), NOTES)
    base = hosted(project)
    for scheme in ("light", "dark"):
        log = reader(base)
        page = log.page
        page.emulate_media(color_scheme=scheme)
        page.goto(base)
        page.click("article a[href*='canvas']")  # instant navigation
        page.wait_for_selector(".kb-canvas--board .kb-canvas-viewport")
        board = page.locator(".kb-canvas--board").first
        assert board.locator("strong", has_text="缩放点积注意力").is_visible()
        assert board.locator(".kb-canvas-group-label", has_text="注意力机制").is_visible()
        assert board.locator(".kb-canvas-label", has_text="详见").is_visible()
        assert board.locator("a[href='https://example.org/attention']").is_visible()
        assert board.locator(".kb-canvas-file a").first.get_attribute("href").endswith(quote("笔记/目标笔记/"))
        paths = page.evaluate(
            "() => [...document.querySelectorAll('.kb-canvas--board .kb-canvas-edge path')]"
            ".map(p => p.getBoundingClientRect()).filter(r => r.width + r.height > 10).length"
        )
        assert paths == 3
        assert not board.locator(".kb-canvas-list-only").is_visible()
        before = float(board.get_attribute("data-kb-scale"))
        page.click(".kb-canvas-toolbar button[aria-label='放大']")
        assert float(board.get_attribute("data-kb-scale")) > before
        assert log.errors == []
        assert log.foreign(("chrome", "about:")) == []


def test_canvas_reads_as_a_list_without_javascript(built, serve, browser) -> None:
    base = serve(built[0])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + quote("图/主题图.canvas/"))
    assert page.locator(".kb-canvas-board").is_hidden()
    for text in ("缩放点积注意力", "注意力机制", "这篇笔记讲注意力的开头文字", "https://example.org/attention"):
        assert page.get_by_text(text).first.is_visible(), text
    edges = page.locator(".kb-canvas-list-only")
    assert edges.is_visible() and "详见" in edges.inner_text()
    context.close()


def test_offline_copy_draws_the_canvas(tmp_path_factory, reader) -> None:
    project = make_project(tmp_path_factory.mktemp("canvas-offline"), NOTES)
    site, _ = build_project(project, env=OFFLINE)
    url = (site / "图" / "主题图.canvas.html").as_uri()  # the offline copy has plain file URLs
    log = reader(url)
    log.page.goto(url)
    log.page.wait_for_selector(".kb-canvas--board")
    assert log.page.locator(".kb-canvas--board strong", has_text="缩放点积注意力").is_visible()
    assert log.errors == []
