"""Under ``mkdocs serve --dirty`` (as scripts/serve.sh runs it), files that are not
notes but make pages are heard and shown: the math preamble and a canvas."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import assert_glyphs_drawn, make_project
from test_dirty_builds import BASE, assert_dirty_equals_full
from test_serve import Serve, search_locations, wait_until

# ---------------------------------------------------------------- the preamble

PREAMBLE = "\\newcommand{\\R}{\\mathbb{R}}\n"
NOTE = "# 甲\n\n维度 $x \\in \\R^n$。\n"
NOTE_URL = "%E7%94%B2/"


def _formulas(page) -> dict:
    """What the article's formulas draw: errors, and the mathvariants of their letters."""
    return page.evaluate(
        """() => {
          const spans = [...document.querySelectorAll('article .arithmatex')];
          const mml = [...document.querySelectorAll('article mjx-assistive-mml mi')];
          return {
            typeset: spans.length > 0 && spans.every(s => s.querySelector('mjx-container')),
            errors: document.querySelectorAll('article mjx-merror').length,
            variants: mml.map(mi => mi.getAttribute('mathvariant') || ''),
            text: spans.map(s => (s.querySelector('mjx-assistive-mml') || s).textContent).join(' '),
          };
        }"""
    )


def _wait_for(page, check, timeout: float = 45) -> dict:
    """The formulas once ``check`` holds of them, without the test reloading the page."""
    deadline = time.monotonic() + timeout
    seen: dict = {}
    while time.monotonic() < deadline:
        try:
            seen = _formulas(page)
        except Exception:  # noqa: BLE001 (Playwright: the page is reloading itself)
            page.wait_for_timeout(200)
            continue
        if seen["typeset"] and check(seen):
            return seen
        page.wait_for_timeout(200)
    raise AssertionError(f"the page never showed the new macros: {seen}")


@pytest.mark.browser
def test_editing_the_preamble_redraws_the_open_page(tmp_path: Path, reader) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n", "甲.md": NOTE, "preamble.sty": PREAMBLE})
    docs = project / "docs"
    serve = Serve(project, "--dirty")
    try:
        serve.wait_for_build(1)
        r = reader(serve.base)
        page = r.page
        page.goto(serve.base + NOTE_URL)
        seen = _wait_for(page, lambda f: "double-struck" in f["variants"])
        assert seen["errors"] == 0
        assert_glyphs_drawn(page)

        # \R redefined: the open page draws it anew, though the note is unchanged.
        (docs / "preamble.sty").write_text("\\newcommand{\\R}{\\mathfrak{R}}\n", encoding="utf-8")
        seen = _wait_for(page, lambda f: "fraktur" in f["variants"])
        assert "double-struck" not in seen["variants"] and seen["errors"] == 0
        assert_glyphs_drawn(page)

        # A new macro, and the note using it.
        (docs / "preamble.sty").write_text(
            "\\newcommand{\\R}{\\mathfrak{R}}\n\\newcommand{\\kbnew}{\\mathcal{K}}\n", encoding="utf-8"
        )
        (docs / "甲.md").write_text(NOTE + "\n新的 $\\kbnew_t$。\n", encoding="utf-8")
        seen = _wait_for(page, lambda f: "kbnew" not in f["text"] and f["errors"] == 0 and "script" in f["variants"])
        assert "新的" in page.locator("article").text_content()
        assert_glyphs_drawn(page)
        assert r.errors == []
        assert serve.proc.poll() is None
    finally:
        serve.stop()


# ---------------------------------------------------------------- a canvas

NOTES = {
    "index.md": "# 首页\n\n![[图.canvas]]\n",
    "甲.md": "# 甲\n\n甲的正文。\n",
    "乙.md": "# 乙\n\n乙的正文。\n",
}
CANVAS_URL = "%E5%9B%BE.canvas/"  # 图.canvas/
A_URL, B_URL = "%E7%94%B2/", "%E4%B9%99/"  # 甲/, 乙/


def canvas(text: str, *files: str, label: str = "详见") -> str:
    """A text card, a card for each of ``files``, and an edge from the text to the first."""
    nodes = [{"id": "t1", "type": "text", "text": text, "x": 0, "y": 0, "width": 240, "height": 80}]
    nodes += [
        {"id": f"f{i}", "type": "file", "file": name, "x": 300 * (i + 1), "y": 0, "width": 240, "height": 80}
        for i, name in enumerate(files)
    ]
    edges = [{"id": "e1", "fromNode": "t1", "toNode": "f0", "label": label}] if files else []
    return json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False)


def backlinks(serve: Serve, url: str) -> str:
    """The page's list of backlinks (not its local graph or footer, which link the canvas too)."""
    html = serve.get(url)
    if '<ul class="kb-backlinks">' not in html:
        return ""
    return html.split('<ul class="kb-backlinks">', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize("mode", [(), ("--dirty",)], ids=["full", "dirty"])
def test_a_saved_canvas_rebuilds_its_page_and_the_backlinks(tmp_path: Path, mode: tuple[str, ...]) -> None:
    project = make_project(tmp_path, {**NOTES, "图.canvas": canvas("**旧的卡片**", "甲.md")})
    path = project / "docs" / "图.canvas"
    serve = Serve(project, *mode)
    try:
        serve.wait_for_build(1)
        assert "<strong>旧的卡片</strong>" in serve.get(CANVAS_URL)
        assert CANVAS_URL in backlinks(serve, A_URL) and CANVAS_URL not in backlinks(serve, B_URL)

        # A card's text changed, and a card for 乙 added.
        path.write_text(canvas("**新的卡片**", "甲.md", "乙.md"), encoding="utf-8")
        wait_until(lambda: "新的卡片" in serve.get(CANVAS_URL))
        assert "旧的卡片" not in serve.get(CANVAS_URL)
        wait_until(lambda: CANVAS_URL in backlinks(serve, B_URL))

        # The card for 甲 taken away: 甲's backlinks lose the canvas.
        path.write_text(canvas("**新的卡片**", "乙.md"), encoding="utf-8")
        wait_until(lambda: CANVAS_URL not in backlinks(serve, A_URL))
        assert CANVAS_URL in backlinks(serve, B_URL)

        # A wikilink in a text card is a backlink too; a TODO in a card is on the TODO
        # page; the note that embeds the canvas and search show the new card.
        path.write_text(canvas("见 [[甲]]，卡片的问题？TODO", "乙.md"), encoding="utf-8")
        wait_until(lambda: CANVAS_URL in backlinks(serve, A_URL))
        assert "新的卡片" not in serve.get(CANVAS_URL)
        assert "卡片的问题" in serve.get("todo/")
        home = serve.get("")
        assert "卡片的问题" in home and "新的卡片" not in home
        locations = search_locations(serve)
        assert any(loc.startswith(CANVAS_URL) and "卡片的问题" in text for loc, text in locations.items())
        assert not any("新的卡片" in text for text in locations.values())
        assert serve.proc.poll() is None
    finally:
        serve.stop()


# Every page after a dirty rebuild, compared with a full build (as tests/test_dirty_builds.py
# does for notes): a note embeds the canvas, whose file card shows a note of the folded folder.
CANVAS_BASE = BASE | {
    "小/图.canvas": canvas("**旧的卡片** [[甲]]", "大/笔记05.md"),
    "小/C.md": "# C\n\n![[图.canvas]]\n",
}
CANVAS_EDITS = {
    "a card's text changed, a card added, one taken away": [
        {"write": {"小/图.canvas": canvas("**新的卡片** [[甲]]", "大/笔记05.md", "大/笔记08.md")}},
        {"write": {"小/图.canvas": canvas("**新的卡片**", "大/笔记08.md")}},
    ],
    # The card's excerpt and the edges are put in after the sanitizer (kb/markdown/trusted.py).
    "the note a file card shows edited": [{"write": {"大/笔记05.md": "# 笔记05\n\n## 要点\n\n新内容。\n"}}],
    "an edge's label changed": [
        {"write": {"小/图.canvas": canvas("**旧的卡片** [[甲]]", "大/笔记05.md", label="参见")}},
    ],
    "the canvas deleted": [{"delete": ["小/图.canvas"]}],
}


@pytest.mark.parametrize("steps", CANVAS_EDITS.values(), ids=CANVAS_EDITS.keys())
def test_a_dirty_rebuild_after_a_canvas_edit_writes_what_a_full_build_writes(tmp_path: Path, steps) -> None:
    assert_dirty_equals_full(tmp_path, CANVAS_BASE, steps)
