"""Backlink context: cut only between whole links and formulas, links shown as their text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import build_project, make_project

from kb.parse.links import CONTEXT_CHARS, link_text
from kb.parse.note import parse_note

LONG = "很长的铺垫文字" * 20
MANY = (
    "# 汇总\n\n"
    f"- {LONG}，见 [[00_Inbox/事务|事务笔记]]、[[00_Inbox/故障]]、[[happy-llm/第一章#引言]] 和公式 "
    "$E = mc^2 + \\frac{a}{b}$，再看 [[00_Inbox/事务#^blk|那一条]] 与 [表格](00_Inbox/故障.md)。后一句不算。\n"
    "- 危险 <script>alert(1)</script> & [[00_Inbox/故障|<b>粗</b>]]；前一句不算\n"
)
NOTES = {
    "index.md": "# 首页\n",
    "00_Inbox/事务.md": "# 事务\n\n一条 ^blk\n",
    "00_Inbox/故障.md": "# 故障\n",
    "happy-llm/第一章.md": "# 第一章\n\n## 引言\n",
    "汇总.md": MANY,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site, _ = build_project(make_project(tmp_path_factory.mktemp("context"), NOTES), "--strict")
    return site


def contexts(site: Path, path: str) -> list[str]:
    page = (site / path / "index.html").read_text(encoding="utf-8")
    section = page.split('id="backlinks"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<div class="kb-backlink-context">(.*?)</div>', section, re.S)


@pytest.mark.parametrize("path", ["00_Inbox/事务", "00_Inbox/故障", "happy-llm/第一章"])
def test_no_snippet_shows_raw_link_syntax(site: Path, path: str) -> None:
    found = contexts(site, path)
    assert found
    for text in found:
        assert "[[" not in text and "]]" not in text and "](" not in text


def test_links_read_as_their_text_and_the_formula_stays_whole(site: Path) -> None:
    text = html.unescape(contexts(site, "00_Inbox/事务")[0])
    formula = '<span class="arithmatex">\\(E = mc^2 + \\frac{a}{b}\\)</span>'
    assert f"事务笔记、故障、第一章 › 引言 和公式 {formula}，再看 那一条 与 表格。" in text
    assert text.startswith("…") and "后一句不算" not in text
    assert "$" not in text


def test_note_text_is_escaped(site: Path) -> None:
    found = contexts(site, "00_Inbox/故障")
    risky = next(t for t in found if "危险" in t)
    assert "<script>" not in risky and "<b>" not in risky
    assert "&amp;" in risky and "前一句不算" not in risky


def test_a_long_sentence_is_cut_only_between_whole_pieces() -> None:
    formula = "$" + "x" * 30 + "$"
    before = "前" * 100 + " " + " ".join([formula] * 4)
    text = f"# t\n\n{before} [[a/b|目标]] " + "[[c/d]] " * 30 + "后" * 100 + "\n"
    (link,) = [lk for lk in parse_note("t.md", text).links if lk.target == "a/b"]
    context = link.context
    assert "目标" in context and "[[" not in context
    assert context.startswith("…") and context.endswith("…")
    assert context.count("$") % 2 == 0  # no formula cut in half
    assert len(context) <= 2 * CONTEXT_CHARS + len("目标") + 2


def test_a_path_link_shows_the_note_name() -> None:
    assert link_text("00_Inbox/笔记", "", None) == "笔记"
    assert link_text("x/y.md", "标题", None) == "y › 标题"
    assert link_text("x/y", "", "别名") == "别名"
