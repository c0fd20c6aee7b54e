"""Issue 27's polish that can regress: an interface in Chinese only, names for
what assistive technology reads (task checkboxes, Material's search dialog
and progress bar), underlined links in prose, and the looks of 最近更新's
table, the TODO filters, the local graph and the 图谱 page.

Lighthouse itself is slow and needs npm, so it runs from ``scripts/lighthouse.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_project

# English that Material or Python-Markdown would put in every page.
ENGLISH = ("Made with", "Permanent link")


def test_no_english_interface_strings(built_site: Path) -> None:
    found = {}
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if hits := [s for s in ENGLISH if s in html]:
            found[str(page.relative_to(built_site))] = hits
    assert found == {}
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'title="本节链接"' in home
    assert "本站由" in home


def test_task_checkboxes_and_materials_widgets_have_names(built_site: Path) -> None:
    html = (built_site / "阅读笔记" / "大模型" / "index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<label class="task-list-control"><input[^>]*>', html)
    assert boxes, "the note has tasks"
    assert all('aria-label="未完成的任务"' in b or 'aria-label="已完成的任务"' in b for b in boxes), boxes
    assert re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*aria-label="[^"]+"', html)
    assert re.search(r'<div class="md-progress"[^>]*role="progressbar"[^>]*aria-label="[^"]+"', html)


def _note(title: str, folder_tag: str, body: str) -> str:
    return f"---\ntitle: {title}\ntags: [{folder_tag}]\n---\n\n# {title}\n\n{body}\n"


NOTES = {
    "index.md": "# 首页\n\n先读 [[注意力机制]]，再看 [[训练 1]]。\n\n- [ ] 还没做的事\n- [x] 做完的事\n",
    "基础/注意力机制.md": _note("注意力机制", "架构", "正文里有一个 [[位置编码]] 链接，前后都是文字。"),
    "基础/位置编码.md": _note("位置编码", "架构", "见 [[注意力机制]]。\n\n- [ ] 位置编码的外推 TODO"),
    "基础/孤单.md": _note("孤单的笔记", "架构", "只链接 [[位置编码]]。"),
    "基础/定律.md": _note("定律", "scaling-law", "scaling law 说的是规模。"),
    **{
        f"训练/训练 {i}.md": _note(f"训练 {i} 分布式训练的细节", "训练", f"见 [[训练 {i % 8 + 1}]]。")
        for i in range(1, 9)
    },
}


@pytest.fixture(scope="module")
def polished(tmp_path_factory: pytest.TempPathFactory, hosted) -> str:
    return hosted(make_project(tmp_path_factory.mktemp("polish"), NOTES))


@pytest.mark.browser
def test_names_footer_and_underlined_links(polished: str, reader) -> None:
    page = reader(polished).page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(polished)
    assert page.get_by_role("checkbox", name="未完成的任务").count() == 1
    assert page.get_by_role("checkbox", name="已完成的任务").count() == 1
    footer = page.locator(".md-copyright").inner_text()
    assert "本站由" in footer and "Made with" not in footer
    link = page.locator("article p a").first
    assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine")
    assert page.locator("h1 .headerlink, h2 .headerlink").first.get_attribute("title") == "本节链接"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_recent_table_is_styled_as_materials_tables(polished: str, reader, width: int) -> None:
    page = reader(polished).page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(polished + "recent/")
    table = page.locator("article table").first
    looks = table.evaluate(
        """t => ({
          wrapped: !!t.closest('.md-typeset__table'),
          border: getComputedStyle(t).borderTopStyle,
          cell: getComputedStyle(t.querySelector('tbody td')).borderTopStyle,
          // each date on one line: a wrapped "2026-11-/23" has two boxes
          lines: [...t.querySelectorAll('td.kb-date')].map(td => {
            const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length;
          }),
        })"""
    )
    assert looks["wrapped"] and looks["border"] == "solid" and looks["cell"] == "solid", looks
    assert looks["lines"] and set(looks["lines"]) == {1}, looks


@pytest.mark.browser
def test_todo_filters_are_styled(polished: str, reader) -> None:
    page = reader(polished).page
    page.goto(polished + "todo/")
    select = page.locator(".kb-todo-filters select").first
    select.wait_for()
    style = select.evaluate("s => [getComputedStyle(s).appearance, getComputedStyle(s).borderTopStyle]")
    assert style == ["none", "solid"]


@pytest.mark.browser
def test_local_graph_is_as_tall_as_its_content(polished: str, reader) -> None:
    page = reader(polished).page
    page.goto(polished + "基础/孤单/")
    box = page.locator(".kb-local-graph .kb-graph-box").bounding_box()
    assert box["height"] < 0.75 * box["width"], box  # one neighbour: no empty half
    inside = page.eval_on_selector_all(
        ".kb-local-graph .kb-graph-node",
        """els => els.map(a => {
             const b = a.closest('.kb-graph-box').getBoundingClientRect(), r = a.getBoundingClientRect();
             return r.top >= b.top - 2 && r.bottom <= b.bottom + 2;
           })""",
    )
    assert inside and all(inside)


_LABELS_IN_VIEW = """() => {
  const svg = document.querySelector('.kb-graph-svg').getBoundingClientRect();
  const labels = [...document.querySelectorAll('.kb-graph-labels text')].map(t => t.getBoundingClientRect());
  const out = labels.filter(r => r.left < svg.left - 1 || r.right > svg.right + 1
                              || r.top < svg.top - 1 || r.bottom > svg.bottom + 1);
  let overlaps = 0;
  labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
  }));
  const on = [...document.querySelectorAll('.kb-graph-on circle')].map(c => c.getBoundingClientRect());
  const hidden = on.filter(r => r.left < svg.left || r.right > svg.right || r.top < svg.top || r.bottom > svg.bottom);
  return {labels: labels.length, out: out.length, overlaps, on: on.length, hidden: hidden.length};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_graph_find_box_and_labels_stay_in_view(polished: str, reader, width: int) -> None:
    page = reader(polished).page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(polished + "graph/")
    page.wait_for_selector("[data-kb-drawn]")
    find = page.locator(".kb-graph-find")
    assert find.evaluate("i => getComputedStyle(i).borderTopStyle") == "solid"
    shown = page.evaluate(_LABELS_IN_VIEW)
    assert shown["labels"] > 0 and shown["out"] == 0 and shown["overlaps"] == 0, shown
    find.fill("训练")
    page.wait_for_timeout(100)
    shown = page.evaluate(_LABELS_IN_VIEW)
    assert shown["on"] == 8 and shown["hidden"] == 0, shown
    assert shown["out"] == 0 and shown["overlaps"] == 0, shown


@pytest.mark.browser
def test_a_highlighted_tag_chip_stays_one_word(polished: str, reader) -> None:
    page = reader(polished).page
    page.goto(polished + "基础/定律/?h=scaling")  # as opened from a search result
    mark = page.locator(".md-tag mark").first
    mark.wait_for()
    gap = mark.evaluate(
        """m => { const r = document.createRange(); r.selectNodeContents(m.nextSibling);
                  return r.getBoundingClientRect().left - m.getBoundingClientRect().right; }"""
    )
    assert abs(gap) < 1, gap
