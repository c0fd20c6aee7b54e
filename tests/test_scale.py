"""Scale: big folders stand in the navigation by one index page, opened on a note's
neighbours on its own page; small ones list every note."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from conftest import build_project, make_project

from kb.emit.folder_pages import NAV_LIMIT


def nav(html: str) -> str:
    """The primary (left) navigation, up to the table of contents' sidebar."""
    return html.split('<nav class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]


def test_a_big_folder_is_one_index_page_in_the_navigation(tmp_path: Path) -> None:
    notes = {"index.md": "# 首页\n", "小/一.md": "# 一\n", "小/二.md": "# 二\n"}
    notes |= {f"大/笔记{i:03d}.md": f"# 笔记{i:03d}\n\n见 [[笔记{(i + 1) % 45:03d}]]。\n" for i in range(NAV_LIMIT + 5)}
    site, _ = build_project(make_project(tmp_path, notes), "--strict")
    page = (site / "大" / "笔记007" / "index.html").read_text(encoding="utf-8")
    menu = nav(page)
    # The note among its neighbours (kb/nav_window.py), not the whole folder.
    assert all(f"笔记{i:03d}" in menu for i in range(2, 13)) and "笔记030" not in menu
    assert re.search(r'<a href="\.\./" class="md-nav__link', menu)  # the folder's index page
    assert "笔记007" not in nav((site / "小" / "一" / "index.html").read_text(encoding="utf-8"))
    assert "一" in menu and "二" in menu  # a small folder lists its notes
    index = (site / "大" / "index.html").read_text(encoding="utf-8")
    assert index.count('<li><a href="') >= NAV_LIMIT + 5
    assert "这个文件夹有 45 篇笔记" in index
    # Everything else still reaches every note: backlinks, search.
    assert "笔记006" in page.split('id="backlinks"', 1)[1]
    pages = json.loads((site / "search" / "kb" / "pages.json").read_text(encoding="utf-8"))["pages"]
    assert any(unquote(url).startswith("大/笔记044/") for url, *_ in pages)


def test_the_seed_site_lists_every_note(built_site: Path) -> None:
    menu = nav((built_site / "index.html").read_text(encoding="utf-8"))
    for title in (
        "Task 1 引言篇",
        "Task 11 大模型对环境的影响",
        "大模型",
        "9-大模型+大资料",
        "为什么所有公开的 GPT-3 复制都失败了？",
    ):
        assert title in menu, title
