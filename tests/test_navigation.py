"""The sidebar shows every note in its folder, highlighted, at any folder size.

A folder of more than NAV_LIMIT notes is one index page in every page's
navigation; on its own page a note opens it on a window of its neighbours
(``kb/nav_window.py``). The browser finds the note highlighted and in view,
steps to a neighbour by instant navigation (and from disk, in the offline
copy), and finds the neighbour highlighted there. A dirty rebuild after a
note is added rewrites the windows it changed and no other note.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import OFFLINE, ROOT, build_project, make_project

from kb.emit.folder_pages import NAV_LIMIT
from kb.nav_window import WIDTH

BIG = 120  # notes in the big folder: more than 100, folded in the navigation
TRICKY = "笔记061 <b>粗</b> & 细"  # a title the sidebar must print as text


def title(i: int) -> str:
    return TRICKY if i == 61 else f"笔记{i:03d}"


NOTES = {
    "index.md": "# 首页\n",
    "小/甲.md": "# 甲\n",
    "小/乙.md": "# 乙\n",
    # Listed note by note before 大, so the big folder's window starts below the fold.
    **{f"书/b{i:02d}.md": f"# 书{i:02d}\n" for i in range(30)},
    **{
        f"大/n{i:03d}.md": f"---\ntitle: {json.dumps(title(i), ensure_ascii=False)}\n---\n\n{i}。\n" for i in range(BIG)
    },
}

ACTIVE = ".md-sidebar--primary a.md-nav__link--active"
# The active link's box lies inside the sidebar's scrolled box, and in the window.
IN_VIEW = """() => {
  const link = document.querySelector('.md-sidebar--primary a.md-nav__link--active');
  const wrap = link.closest('.md-sidebar__scrollwrap');
  const a = link.getBoundingClientRect(), w = wrap.getBoundingClientRect();
  return a.height > 0 && a.top >= w.top && a.bottom <= w.bottom && a.bottom <= innerHeight;
}"""


def folders_reachable(page) -> None:
    """Both folders, and the big one's index, are links in the sidebar."""
    sidebar = page.locator(".md-sidebar--primary")
    assert sidebar.locator("a.md-nav__link", has_text="大").count() >= 1
    for name in ("甲", "乙"):
        assert sidebar.locator("a.md-nav__link", has_text=name).count() == 1


def assert_highlighted(page, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('.md-sidebar--primary a.md-nav__link--active')?.textContent.trim() === t",
        arg=text,
        timeout=10000,
    )
    page.wait_for_function(IN_VIEW, timeout=5000)  # Material (and from disk nav_offline.js) scrolls it there


@pytest.fixture(scope="module")
def site(hosted, tmp_path_factory) -> str:
    return hosted(make_project(tmp_path_factory.mktemp("nav"), NOTES))


def test_the_big_folder_is_folded_and_windows_are_small() -> None:
    assert BIG > 100 and BIG > NAV_LIMIT and WIDTH < BIG


@pytest.mark.browser
def test_a_note_is_highlighted_among_its_neighbours(site: str, reader) -> None:
    r = reader(site)
    page = r.page
    page.set_viewport_size({"width": 1400, "height": 700})
    page.goto(site + "大/n060/")
    assert_highlighted(page, "笔记060")
    links = page.locator(".md-sidebar--primary a.md-nav__link").all_inner_texts()
    assert "笔记055" in links and "笔记065" in links and "笔记054" not in links and "笔记066" not in links
    assert "⋯ 前面的笔记" in links and "⋯ 后面的笔记" in links
    folders_reachable(page)
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="笔记061").click()
    page.wait_for_url(lambda url: unquote(url).endswith("/大/n061/"))
    assert_highlighted(page, TRICKY)  # the title as text, not markup
    assert page.evaluate("window.__sameDocument") is True  # instant navigation took the link
    links = page.locator(".md-sidebar--primary a.md-nav__link").all_inner_texts()
    assert "笔记056" in links and "笔记066" in links and "笔记055" not in links
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="⋯ 后面的笔记").click()
    page.wait_for_url(lambda url: unquote(url).endswith("/大/"))
    # Instant navigation moves the address first, then swaps the page in.
    page.wait_for_function("n => document.querySelectorAll('article .kb-folder-index li').length === n", arg=BIG)
    assert r.errors == [] and r.failures == []


@pytest.mark.browser
def test_a_note_at_the_folders_end_shows_a_full_window(site: str, reader) -> None:
    page = reader(site).page
    page.set_viewport_size({"width": 1400, "height": 700})
    page.goto(site + f"大/n{BIG - 1:03d}/")
    assert_highlighted(page, f"笔记{BIG - 1:03d}")
    links = page.locator(".md-sidebar--primary a.md-nav__link").all_inner_texts()
    assert f"笔记{BIG - WIDTH:03d}" in links and "⋯ 后面的笔记" not in links


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("nav-offline"), NOTES), env=OFFLINE)[0]


@pytest.mark.browser
def test_the_offline_copy_highlights_the_note_and_steps_to_its_neighbour(offline: Path, reader) -> None:
    r = reader(offline.as_uri() + "/")
    page = r.page
    page.set_viewport_size({"width": 1400, "height": 700})
    page.goto((offline / "大" / "n060.html").as_uri())
    assert_highlighted(page, "笔记060")  # in view: Material does not scroll there; nav_offline.js does
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="笔记059").click()
    page.wait_for_url("**/n059.html")
    assert_highlighted(page, "笔记059")
    assert r.errors == []


def test_a_new_note_rebuilds_the_windows_it_changed_and_no_other_note(tmp_path: Path) -> None:
    """Under serve --dirty, a note added at n0605 (between 笔记060 and 笔记061)
    changes the windows of the notes within WIDTH of it, and their footers'."""
    project = make_project(tmp_path / "project", NOTES)
    steps = tmp_path / "steps.json"
    steps.write_text(json.dumps([{"write": {"大/n0605.md": "# 新笔记\n"}}], ensure_ascii=False), encoding="utf-8")
    started = time.time()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, str(ROOT / "tests" / "serve_builds.py"), str(project), str(tmp_path / "site"), str(steps)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # The second build wrote after the edit; the first finished before it.
    edited = (project / "docs" / "大" / "n0605.md").stat().st_mtime
    assert edited > started
    rewritten = sorted(
        p.parent.name for p in (tmp_path / "site" / "大").glob("n*/index.html") if p.stat().st_mtime >= edited
    )
    near = [f"n{i:03d}" for i in range(61 - WIDTH // 2, 61 + WIDTH // 2)]  # n056 to n065
    assert rewritten == sorted([*near, "n0605"])
    page = (tmp_path / "site" / "大" / "n058" / "index.html").read_text(encoding="utf-8")
    assert "新笔记" in page.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
