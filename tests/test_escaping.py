"""A note's raw HTML in its title or text never runs anywhere on the site."""

from __future__ import annotations

from pathlib import Path

from conftest import build_project, make_project

EVIL = "<img src=x onerror=alert(1)>"

NOTES = {
    "index.md": "# 首页\n\n见 [[恶意]]。\n",
    "恶意.md": f"---\ntitle: 'A & B {EVIL}'\ntags: [测试]\n---\n\n正文。问题？TODO\n",
}


def test_titles_are_text_everywhere(tmp_path: Path) -> None:
    site, _ = build_project(make_project(tmp_path, NOTES), "--strict")
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert EVIL not in html, path.relative_to(site)
    page = (site / "恶意" / "index.html").read_text(encoding="utf-8")
    assert "A &amp; B &lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;amp;" not in page and "&amp;lt;" not in page
    listing = (site / "tags" / "测试" / "index.html").read_text(encoding="utf-8")
    assert "A &amp; B &lt;img" in listing and "&amp;lt;" not in listing
