"""Cross-links: wikilinks, embeds, aliases, backlinks and missing notes, in real builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_project, make_project

from kb.model import Link
from kb.parse.note import parse_note
from kb.vault import Vault

NOTE_A = """\
---
title: 笔记 A
aliases: [别名A]
---

# 笔记 A

开头一段。

## 第一节

第一节的内容，有公式 $E=mc^2$。

这是一段可以被引用的话。 ^blk1

## 第二节

第二节不该被嵌入。
"""

NOTE_BC = """\
---
title: B & C (实验)
---

# B & C (实验)

## 本页标题

- 普通链接 [[笔记 A]]。
- 别名链接 [[别名a|显示文字]]。
- 标题链接 [[笔记 A#第一节]]。
- 块链接 [[笔记 a#^blk1]]。
- 本页标题 [[#本页标题]]。
- 缺失 [[不存在的笔记]] 和 [缺失的 md](LLaMA/LLaMA.md)。
- Markdown 链接 [到 A](笔记%20A.md)。
- 代码里 `[[笔记 A]]` 不动，公式 $[x]+[y]$ 不动。

| 名称 | 说明 |
|---|---|
| [[笔记 A\\|表格别名]] | 第二列 |

![[笔记 A#第一节]]

![[图.png|300]]

![[Pasted image 1.png]]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    notes = {
        "index.md": "# 首页\n",
        "notes/笔记 A.md": NOTE_A,
        "notes/B & C (实验).md": NOTE_BC,
        "notes/图.png": b"\x89PNG\r\n\x1a\n",
        "x/同名.md": "# 同名 X\n",
        "y/同名.md": "# 同名 Y\n",
        "y/引用.md": "# 引用\n\n最近的 [[同名]]，带路径的 [[x/同名]]。\n",
        "loop/甲.md": "# 甲\n\n![[乙]]\n",
        "loop/乙.md": "# 乙\n\n![[甲]]\n",
    }
    project = make_project(tmp_path_factory.mktemp("links"), notes)
    site, log = build_project(project)  # the embed loop is a warning, which --strict would fail
    site.joinpath("build.log").write_text(log)
    return site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_wikilink_forms_resolve(site: Path) -> None:
    html = article(page(site, "notes/B & C (实验)"))
    assert '<a class="kb-wikilink" href="../%E7%AC%94%E8%AE%B0%20A/">笔记 A</a>' in html or re.search(
        r'<a class="kb-wikilink" href="\.\./笔记 A/">笔记 A</a>', html
    )
    assert re.search(r'href="[^"]*A/">显示文字</a>', html)
    assert re.search(r'href="[^"]*A/#第一节">笔记 A › 第一节</a>', html)
    assert re.search(r'href="[^"]*A/#blk1">', html)
    assert 'href="#本页标题"' in html
    assert re.search(r'href="[^"]*A/">到 A</a>', html)
    assert re.search(r'href="[^"]*A/">表格别名</a></td>\s*<td>第二列</td>', html)


def test_code_and_math_are_not_links(site: Path) -> None:
    html = article(page(site, "notes/B & C (实验)"))
    assert "<code>[[笔记 A]]</code>" in html
    assert r"\([x]+[y]\)" in html


def test_block_id_lands_on_the_paragraph(site: Path) -> None:
    html = article(page(site, "notes/笔记 A"))
    assert '<p id="blk1">这是一段可以被引用的话。</p>' in html
    assert "^blk1" not in html


def test_missing_notes_are_visible_and_listed(site: Path) -> None:
    html = article(page(site, "notes/B & C (实验)"))
    assert '<span class="kb-missing" title="这篇笔记还没有写（见“待写笔记”页）">不存在的笔记</span>' in html
    assert '<span class="kb-missing"' in html and "缺失的 md</span>" in html
    todo = page(site, "to-write")
    assert "不存在的笔记" in todo and "LLaMA/LLaMA" in todo
    assert "Pasted image 1.png" in todo


def test_images_embed_with_size_and_missing_ones_get_a_placeholder(site: Path) -> None:
    html = article(page(site, "notes/B & C (实验)"))
    assert re.search(r'<img alt="图.png" src="[^"]*图.png" width="300"', html) or re.search(
        r'<img [^>]*width="300"', html
    )
    assert '<span class="kb-missing-file" title="Pasted image 1.png">缺失的附件: Pasted image 1.png</span>' in html


def test_embed_transcludes_one_section_with_a_source_link(site: Path) -> None:
    html = article(page(site, "notes/B & C (实验)"))
    embed = html.split('<div class="kb-embed">', 1)[1].split("</div>", 1)[0]
    assert "第一节的内容" in embed
    assert '<span class="arithmatex">' in embed
    assert "第二节不该被嵌入" not in embed
    assert re.search(r'<p class="kb-embed-source"><a href="[^"]*A/#第一节">笔记 A › 第一节</a></p>', embed)


def test_nearest_note_wins_and_paths_qualify(site: Path) -> None:
    html = article(page(site, "y/引用"))
    assert 'href="../%E5%90%8C%E5%90%8D/"' in html or 'href="../同名/">同名</a>' in html
    assert 'href="../../x/同名/">x/同名</a>' in html or 'href="../../x/%E5%90%8C%E5%90%8D/"' in html


def test_embed_loops_render_a_notice(site: Path) -> None:
    html = article(page(site, "loop/甲"))
    assert "嵌入循环，已停止：甲 → 乙 → 甲" in html
    assert "嵌入形成循环" in (site / "build.log").read_text()


def test_backlinks_count_aliases_and_headings(site: Path) -> None:
    html = article(page(site, "notes/笔记 A"))
    section = html.split('id="backlinks"', 1)[1]
    assert section.count("<li>") == 7  # plain, alias, heading, block, markdown, table, embed
    assert "别名链接 显示文字。" in section
    assert "B &amp; C (实验)" in section


def test_backlinks_context_is_escaped(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {"a.md": "# A\n", "b.md": "# B\n\n<b>粗</b> 看 [[a]] <img src=x onerror=alert(1)>\n"},
    )
    site, _ = build_project(project)
    section = (site / "a" / "index.html").read_text(encoding="utf-8").split('id="backlinks"', 1)[1]
    assert "<img src=x" not in section and "<b>" not in section
    assert "粗 看 a" in section


def _vault(*notes: tuple[str, str]) -> Vault:
    return Vault([parse_note(uri, text) for uri, text in notes], set())


def test_resolution_is_case_insensitive_by_name_title_or_alias() -> None:
    vault = _vault(("a/Attention Is All.md", "---\naliases: [Transformer 论文]\n---\n# 注意力\n"), ("b/x.md", ""))
    source = vault.notes["b/x.md"]
    for name in ("attention is all", "注意力", "transformer 论文", "a/Attention Is All", "Attention Is All.md"):
        target = vault.resolve(Link(name, "", None, False, "wiki", 1, ""), source)
        assert target is not None and target.src_uri == "a/Attention Is All.md", name


def test_a_path_qualified_name_matches_the_end_of_a_deeper_path() -> None:
    vault = _vault(("库/x/同名.md", "# 甲\n"), ("库/y/同名.md", "# 乙\n"), ("z.md", ""))
    source = vault.notes["z.md"]
    for name, expected in (("x/同名", "库/x/同名.md"), ("Y/同名.md", "库/y/同名.md"), ("库/x/同名", "库/x/同名.md")):
        target = vault.resolve(Link(name, "", None, False, "wiki", 1, ""), source)
        assert target is not None and target.src_uri == expected, name
    assert vault.resolve(Link("x/同", "", None, False, "wiki", 1, ""), source) is None  # folder boundaries only


def test_relative_links_in_an_embed_from_another_folder_still_point_where_they_were_written(tmp_path: Path) -> None:
    notes = {
        "index.md": "# 首页\n",
        "a/主.md": "# 主\n\n![[被嵌#方法]]\n",
        "lib/b/被嵌.md": "# 被嵌\n\n## 方法\n\n见 [C](../c/C.md) 和 ![图](图.png)。\n\n```\n[示例](../c/C.md)\n```\n",
        "lib/c/C.md": "# C\n",
    }
    project = make_project(tmp_path, notes)
    (project / "docs" / "lib" / "b" / "图.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site, _ = build_project(project, "--strict")
    embed = article(page(site, "a/主")).split('class="kb-embed"', 1)[1]
    assert 'href="../../lib/c/C/"' in embed
    assert 'src="../../lib/b/%E5%9B%BE.png"' in embed or 'src="../../lib/b/图.png"' in embed
    assert "[示例](../c/C.md)" in embed  # code stays as written
