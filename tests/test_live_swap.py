"""Under ``mkdocs serve``, a rebuilt page is swapped in place: no page load,
the reader keeps their place, and formulas and the graph are drawn again."""

from __future__ import annotations

import pytest
from conftest import assert_glyphs_drawn, make_project
from test_serve import Serve

LONG = "\n\n".join(f"第 {i} 段，足够长的文字让页面可以滚动。" for i in range(60))
NOTE = f"---\ntitle: 甲\n---\n\n# 甲\n\n熵是 $H(X)$。\n\n{LONG}\n\n见 [[乙]]。\n"
OTHER = "---\ntitle: 乙\n---\n\n# 乙\n\n乙的内容。\n"


@pytest.mark.browser
def test_a_save_swaps_the_page_in_place(tmp_path, reader) -> None:
    project = make_project(tmp_path / "p", {"index.md": "# 首页\n", "甲.md": NOTE, "乙.md": OTHER})
    serve = Serve(project, "--dirty")
    try:
        serve.wait_for_build(1)
        r = reader(serve.base)
        page = r.page
        page.goto(serve.base + "%E7%94%B2/")
        page.wait_for_selector(".arithmatex mjx-container")
        page.evaluate("window.scrollTo(0, 1500); window.__sameDocument = true")
        (project / "docs" / "甲.md").write_text(NOTE.replace("熵是", "信息熵是"), encoding="utf-8")
        page.wait_for_function("document.querySelector('article').textContent.includes('信息熵是')", timeout=30000)
        assert page.evaluate("window.__sameDocument") is True  # no page load
        assert abs(page.evaluate("window.scrollY") - 1500) < 50  # the reader's place
        page.wait_for_selector(".arithmatex mjx-container")
        assert_glyphs_drawn(page)
        assert page.locator(".kb-local-graph .kb-graph-node", has_text="乙").count() == 1
        # Another save: the poll goes on after a swap.
        (project / "docs" / "甲.md").write_text(NOTE.replace("熵是", "香农熵是"), encoding="utf-8")
        page.wait_for_function("document.querySelector('article').textContent.includes('香农熵是')", timeout=30000)
        assert page.evaluate("window.__sameDocument") is True
        assert r.errors == []
    finally:
        serve.stop()
