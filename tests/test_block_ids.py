"""Obsidian block ids on list items and after tables, quotes and callouts, in a real build."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from conftest import build_project, make_project

from kb.parse.note import parse_note

NOTE = """\
# 数据库

故障分为：
1. **系统故障**：掉电 ^sys1
2. **事务故障**：回滚，见 [[其他]] ^2024f2
3. 公式结尾 $x^2$ ^math1
4. 父项带子列表 ^parent1
    - 子项 *斜体* ^child1

| 名 | 值 |
|---|---|
| a | 1 |
^tbl1

> 一句引用
^quote1

> [!note] 标注
> 标注内容

^callout1

**粗体**^notanid

```
代码里 ^code1
```

本页 [[#^2024f2|事务故障]]、[[#^parent1]]、[[#^child1]]、[[#^tbl1]]、[[#^quote1]]、[[#^callout1]]、[[#^math1]]。
"""

OTHER = "# 其他\n\n跳到 [[数据库#^2024f2]] 和 [[数据库#^tbl1|表格]] 和 [[00_Inbox/数据库#^callout1]]。\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    notes = {"index.md": "# 首页\n", "00_Inbox/数据库.md": NOTE, "其他.md": OTHER}
    site, _ = build_project(make_project(tmp_path_factory.mktemp("blocks"), notes), "--strict")
    return site


def article(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_list_items_take_their_ids_whatever_they_end_in(site: Path) -> None:
    html = article(site, "00_Inbox/数据库")
    assert '<li id="sys1"><strong>系统故障</strong>：掉电</li>' in html
    assert re.search(r'<li id="2024f2"><strong>事务故障</strong>：回滚，见 <a [^>]*>其他</a></li>', html)
    assert re.search(r'<li id="math1">公式结尾 <span class="arithmatex">[^<]*</span></li>', html)
    assert re.search(r'<li id="parent1">父项带子列表\s*<ul>\s*<li id="child1">子项 <em>斜体</em></li>', html)


def test_an_id_on_the_line_after_a_table_quote_or_callout_names_it(site: Path) -> None:
    html = article(site, "00_Inbox/数据库")
    assert '<table id="tbl1">' in html
    assert re.search(r'<blockquote id="quote1">\s*<p>一句引用</p>\s*</blockquote>', html)
    assert '<div class="admonition note" id="callout1">' in html
    assert "<td>a</td>" in html and html.count("<tr>") == 2  # the ^tbl1 line is no row


def test_markers_are_hidden_except_in_code_and_without_a_space(site: Path) -> None:
    html = article(site, "00_Inbox/数据库")
    shown = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    for marker in ("sys1", "2024f2", "parent1", "child1", "tbl1", "quote1", "callout1", "math1"):
        assert f"^{marker}" not in shown
    assert "代码里 ^code1" in html
    assert "<strong>粗体</strong>^notanid" in html and 'id="notanid"' not in html


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


@pytest.mark.parametrize("path", ["00_Inbox/数据库", "其他"])
def test_every_block_link_lands_on_an_id_of_its_target_page(site: Path, path: str) -> None:
    html = article(site, path)
    links = re.findall(r'<a class="kb-wikilink" href="([^"]*)"', html)
    fragments = [href for href in links if "#" in href]
    assert len(fragments) >= 3
    base = f"http://x/{path}/"
    for href in fragments:
        url, _, fragment = urljoin(base, href).partition("#")
        assert fragment, href
        target = unquote(url.removeprefix("http://x/")).strip("/")
        assert unquote(fragment) in _ids(article(site, target)), href


def test_the_same_note_link_goes_to_the_list_item(site: Path) -> None:
    html = article(site, "00_Inbox/数据库")
    assert '<a class="kb-wikilink" href="#2024f2">事务故障</a>' in html
    assert re.search(r'<a class="kb-wikilink" href="[^"]*#2024f2">', article(site, "其他"))


def test_parse_records_ids_alone_on_a_line_but_not_in_code() -> None:
    note = parse_note("n.md", NOTE)
    assert {"sys1", "2024f2", "math1", "parent1", "child1", "tbl1", "quote1", "callout1"} <= set(note.block_ids)
    assert "code1" not in note.block_ids and "notanid" not in note.block_ids
