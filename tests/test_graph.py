"""The graph: each note's local graph, and the global 图谱 page with every
published note and no draft."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import build_project, make_project

from kb.graph.layout import layout
from kb.graph.model import note_graph
from kb.parse.note import parse_note
from kb.vault import Vault


def _note(title: str, tag: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ntags: [{tag}]\n{extra}---\n\n# {title}\n\n{body}\n"


NOTES = {
    "index.md": "# 首页\n\n从 [[注意力机制]] 开始。\n",
    "基础/注意力机制.md": _note("注意力机制", "架构", "见 [[位置编码]] 和 [[KV 缓存]]。"),
    "基础/位置编码.md": _note("位置编码", "架构", "和 [[KV 缓存]] 有关，还有 [[没写的笔记]]。"),
    "推理/KV 缓存.md": _note("KV 缓存", "推理", "推理时缓存键和值。"),
    "推理/投机解码.md": _note("投机解码", "推理", "需要 [[KV 缓存]]。"),
    "私密/草稿.md": _note("秘密草稿", "推理", "链接 [[注意力机制]] 和 [[KV 缓存]]。", "draft: true\n"),
}
PUBLISHED = {"首页", "注意力机制", "位置编码", "KV 缓存", "投机解码"}


def graph_data(site: Path) -> dict:
    text = (site / "graph-data.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.kbGraphData = ").rstrip().removesuffix(";"))


def test_graph_holds_resolved_links_between_published_notes_only() -> None:
    notes = [parse_note(uri, text) for uri, text in NOTES.items() if "草稿" not in uri]
    graph = note_graph(Vault(notes, set()))
    names = {uri: uri.rsplit("/", 1)[-1].removesuffix(".md") for uri in graph.nodes}
    edges = {(names[graph.nodes[s]], names[graph.nodes[t]]) for s, t in graph.edges}
    assert edges == {
        ("index", "注意力机制"),
        ("注意力机制", "位置编码"),
        ("注意力机制", "KV 缓存"),
        ("位置编码", "KV 缓存"),
        ("投机解码", "KV 缓存"),
    }
    kv = graph.nodes.index("推理/KV 缓存.md")
    assert {names[graph.nodes[i]] for i in graph.neighbours[kv]} == {"注意力机制", "位置编码", "投机解码"}


def test_layout_keeps_notes_apart_and_folders_together() -> None:
    notes = [parse_note(f"{'ab'[i % 2]}/n{i}.md", f"# n{i}\n\n[[n{(i * 7) % 60}]]\n") for i in range(60)]
    graph = note_graph(Vault(notes, set()))
    positions, clusters = layout(graph, [uri.split("/")[0] for uri in graph.nodes])
    assert sorted(clusters) == ["a", "b"]
    assert len(set(positions)) == 60
    assert layout(graph, [uri.split("/")[0] for uri in graph.nodes])[0] == positions

    def spread(folder: str) -> float:
        xs = [x for (x, _), uri in zip(positions, graph.nodes, strict=True) if uri.startswith(folder)]
        return max(xs) - min(xs)

    left = max(x for (x, _), uri in zip(positions, graph.nodes, strict=True) if uri.startswith(clusters[0]))
    right = min(x for (x, _), uri in zip(positions, graph.nodes, strict=True) if uri.startswith(clusters[1]))
    assert left < right  # two clusters side by side, not mixed
    assert spread("a") > 0 and spread("b") > 0


@pytest.fixture(scope="module")
def graph_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("graph"), NOTES)


@pytest.fixture(scope="module")
def graph_site(graph_project: Path) -> Path:
    return build_project(graph_project, "--strict")[0]


def test_global_graph_data_has_every_published_note_and_no_draft(graph_site: Path) -> None:
    data = graph_data(graph_site)
    assert {n[0] for n in data["nodes"]} == PUBLISHED
    for title, url, *_ in data["nodes"]:
        assert (graph_site / url / "index.html").is_file(), (title, url)
    for path in graph_site.rglob("*"):
        if path.suffix in {".html", ".js", ".json"} and path.is_file():
            assert "秘密草稿" not in path.read_text(encoding="utf-8", errors="replace"), path
    page = (graph_site / "graph" / "index.html").read_text(encoding="utf-8")
    assert "data-kb-graph" in page
    assert 'href="../../graph/"' in (graph_site / "推理" / "KV 缓存" / "index.html").read_text(encoding="utf-8")


def test_local_graph_links_the_note_to_its_neighbours(graph_site: Path) -> None:
    html = (graph_site / "推理" / "KV 缓存" / "index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="kb-local-graph".*?</section>', html, re.S).group(0)
    links = {unquote(href): css for href, css in re.findall(r'<a href="([^"]+)" class="([^"]+)"', section)}
    assert set(links) == {"../../基础/注意力机制/", "../../基础/位置编码/", "../投机解码/", "./"}
    assert links["./"].startswith("kb-graph-node kb-graph-current")
    # The graph is outside the article's text, so search does not index it.
    index = (graph_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "关系图" not in index


def _local_graph_nodes(page) -> list[str]:
    """The titles of the local graph's nodes that are drawn inside its box."""
    return page.eval_on_selector_all(
        ".kb-local-graph .kb-graph-node",
        """els => els.filter(a => {
             const box = a.closest('.kb-graph-box').getBoundingClientRect(), r = a.getBoundingClientRect();
             return r.width > 0 && r.left >= box.left - 80 && r.right <= box.right + 80
                    && getComputedStyle(a, '::before').backgroundColor !== 'rgba(0, 0, 0, 0)';
           }).map(a => a.title)""",
    )


@pytest.mark.browser
def test_local_graph_is_drawn_and_its_nodes_lead_to_the_notes(graph_project: Path, hosted, reader) -> None:
    base = hosted(graph_project)
    r = reader(base)
    page = r.page
    page.goto(base + "推理/KV%20缓存/")
    graph = page.locator(".kb-local-graph .kb-graph-box")
    graph.scroll_into_view_if_needed()
    assert graph.is_visible()
    assert sorted(_local_graph_nodes(page)) == sorted(["KV 缓存", "注意力机制", "位置编码", "投机解码"])
    # Two steps away: 首页 links only to 注意力机制, which links here.
    page.click(".kb-graph-depth")
    page.wait_for_selector(".kb-local-graph .kb-graph-two")
    assert "首页" in _local_graph_nodes(page)
    page.click(".kb-graph-depth")
    page.evaluate("window.__sameDocument = true")
    page.locator(".kb-local-graph .kb-graph-node", has_text="投机解码").click()
    page.wait_for_url(lambda url: unquote(url).endswith("/推理/投机解码/"))
    # Instant navigation moves the address first, then swaps the page in.
    page.wait_for_function("document.querySelector('.kb-graph-current')?.title === '投机解码'")
    assert page.locator("article h1").inner_text().rstrip("¶") == "投机解码"
    assert page.evaluate("window.__sameDocument") is True  # instant navigation took the link
    assert page.locator(".kb-local-graph .kb-graph-current").get_attribute("title") == "投机解码"
    assert r.errors == []


@pytest.mark.browser
def test_global_graph_draws_every_note_and_finds_by_tag(graph_project: Path, hosted, reader) -> None:
    base = hosted(graph_project)
    r = reader(base)
    page = r.page
    page.goto(base + "graph/")
    page.wait_for_selector("[data-kb-drawn]")
    drawn = page.eval_on_selector_all(
        ".kb-graph-svg .kb-graph-node",
        "els => els.filter(g => g.querySelector('circle').getBoundingClientRect().width > 0)"
        ".map(g => g.getAttribute('aria-label'))",
    )
    assert sorted(drawn) == sorted(PUBLISHED)
    # Hover lights up the note's neighbours and dims the rest.
    page.hover(".kb-graph-svg .kb-graph-node[aria-label='KV 缓存'] circle")
    lit = page.eval_on_selector_all(".kb-graph-svg .kb-graph-on", "els => els.map(e => e.getAttribute('aria-label'))")
    assert sorted(lit) == sorted(["KV 缓存", "注意力机制", "位置编码", "投机解码"])
    page.mouse.move(0, 0)
    page.fill(".kb-graph-find", "推理")
    lit = page.eval_on_selector_all(".kb-graph-svg .kb-graph-on", "els => els.map(e => e.getAttribute('aria-label'))")
    assert sorted(lit) == ["KV 缓存", "投机解码"]
    shown = page.eval_on_selector_all(".kb-graph-labels text", "els => els.map(e => e.textContent)")
    assert sorted(shown) == ["KV 缓存", "投机解码"]
    page.press(".kb-graph-find", "Enter")
    page.wait_for_url(lambda url: "/推理/" in unquote(url))
    assert r.errors == []
