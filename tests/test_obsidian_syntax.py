"""Obsidian-flavoured Markdown: each construct in its smallest form, in a real build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import build_project, make_project

from kb.markdown.callouts import admonition_type, convert
from kb.markdown.comments import strip_comments

NOTES = {
    "index.md": "# 首页\n\n[语法](syntax.md)\n",
    "callout-note.md": "# c\n\n> [!note]\n> 内容一\n",
    "callout-title.md": "# c\n\n> [!tip] 自定义标题\n> 内容二\n",
    "callout-closed.md": "# c\n\n> [!faq]- 折叠的\n> 藏起来\n",
    "callout-open.md": "# c\n\n> [!faq]+ 展开的\n> 露出来\n",
    "callout-alias.md": "# c\n\n> [!TLDR]\n> 摘要内容\n\n> [!caution]\n> 小心\n\n> [!whatever]\n> 未知类型\n",
    "callout-rich.md": (
        "# c\n\n[[callout-note|链接目标]]\n\n> [!example] 丰富\n> - 列表项\n> \n> ```python\n> print(1)\n> ```\n>\n"
        "> 公式 $x^2$ 和 [[callout-note]]\n>\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n>\n"
        "> > [!warning] 嵌套\n> > 里面\n"
    ),
    "callout-in-code.md": "# c\n\n```\n> [!note] 不是标注\n```\n",
    "highlight.md": "# h\n\n这是 ==高亮== 文字。\n",
    "comments.md": (
        "# 注释\n\n可见 %%秘密一%% 文字。\n\n%%\n## 秘密标题\n秘密二 TODO\n%%\n\n"
        "`%%代码里的不算%%`\n\n```\n%%围栏里也不算%%\n```\n"
    ),
    "breaks.md": "# b\n\n第一行\n第二行\n",
    "footnotes.md": "# f\n\n正文[^1]，还有行内脚注^[行内的内容]。\n\n[^1]: 普通脚注。\n",
    "mermaid.md": "# m\n\n```mermaid\ngraph TD\n  A[开始] --> B[结束]\n```\n",
    "table.md": "# t\n\n| 名 | 值 |\n|---|---|\n| [[highlight\\|别名]] | 2 |\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site, _ = build_project(make_project(tmp_path_factory.mktemp("syntax"), NOTES), "--strict")
    return site


def article(site: Path, name: str) -> str:
    html = (site / name / "index.html").read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_callout_without_title_shows_its_type_in_chinese(site: Path) -> None:
    html = article(site, "callout-note")
    assert '<div class="admonition note">\n<p class="admonition-title">笔记</p>\n<p>内容一</p>' in html


def test_callout_with_title(site: Path) -> None:
    assert '<p class="admonition-title">自定义标题</p>' in article(site, "callout-title")
    assert '<div class="admonition tip">' in article(site, "callout-title")


def test_foldable_callouts_are_details(site: Path) -> None:
    assert re.search(r'<details class="question">\s*<summary>折叠的</summary>', article(site, "callout-closed"))
    assert re.search(
        r'<details class="question" open="open">\s*<summary>展开的</summary>', article(site, "callout-open")
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("TLDR", "abstract"),
        ("summary", "abstract"),
        ("hint", "tip"),
        ("important", "tip"),
        ("check", "success"),
        ("done", "success"),
        ("help", "question"),
        ("faq", "question"),
        ("caution", "warning"),
        ("attention", "warning"),
        ("fail", "failure"),
        ("missing", "failure"),
        ("error", "danger"),
        ("cite", "quote"),
        ("Whatever", "note"),
    ],
)
def test_callout_aliases(name: str, kind: str) -> None:
    assert admonition_type(name) == kind


def test_alias_and_unknown_types_in_a_page(site: Path) -> None:
    html = article(site, "callout-alias")
    assert '<div class="admonition abstract">\n<p class="admonition-title">摘要</p>' in html
    assert '<div class="admonition warning">' in html
    assert '<div class="admonition note">\n<p class="admonition-title">笔记</p>\n<p>未知类型</p>' in html


def test_callouts_hold_lists_code_math_tables_links_and_callouts(site: Path) -> None:
    html = article(site, "callout-rich")
    box = html.split('<div class="admonition example">', 1)[1]
    assert "<li>列表项</li>" in box
    assert 'class="language-python highlight"' in box or "highlight" in box and "print" in box
    assert '<span class="arithmatex">\\(x^2\\)</span>' in box
    assert "<table>" in box and "<td>2</td>" in box
    assert 'class="kb-wikilink"' in box
    assert '<div class="admonition warning">\n<p class="admonition-title">嵌套</p>' in box


def test_callout_marker_in_code_stays_text(site: Path) -> None:
    html = article(site, "callout-in-code")
    assert "admonition" not in html and "[!note] 不是标注" in html


def test_callout_conversion_keeps_code_fences() -> None:
    assert convert(["```", "> [!note] x", "```"]) == ["```", "> [!note] x", "```"]


def test_highlight(site: Path) -> None:
    assert "<mark>高亮</mark>" in article(site, "highlight")


def test_comments_never_reach_any_output(site: Path) -> None:
    html = article(site, "comments")
    assert "秘密" not in html and "可见  文字" in html
    assert "%%代码里的不算%%" in html and "%%围栏里也不算%%" in html
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            assert "秘密" not in path.read_text(encoding="utf-8"), path
    assert all(item["note"] != "comments.md" for item in json.loads((site / "todo.json").read_text())["items"])


def test_comment_stripping_leaves_code() -> None:
    assert strip_comments("a %%b%% c `%%d%%`") == "a  c `%%d%%`"


def test_single_line_breaks_stay(site: Path) -> None:
    # mkdocs-glightbox re-serializes each page, writing <br /> as <br>.
    assert re.search(r"<p>第一行<br ?/?>\n第二行</p>", article(site, "breaks"))


def test_footnotes_and_inline_footnotes(site: Path) -> None:
    html = article(site, "footnotes")
    assert html.count('class="footnote-ref"') == 2
    assert "普通脚注。" in html and "行内的内容" in html
    assert "^[" not in html


def test_mermaid_block_is_left_for_our_renderer(site: Path) -> None:
    html = article(site, "mermaid")
    assert '<div class="kb-mermaid">graph TD\n  A[开始] --&gt; B[结束]</div>' in html
    assert (site / "assets" / "mermaid" / "mermaid.min.js").stat().st_size > 1_000_000


def test_wikilink_alias_in_a_table_cell(site: Path) -> None:
    html = article(site, "table")
    assert re.search(r'<td><a class="kb-wikilink" href="../highlight/">别名</a></td>\s*<td>2</td>', html)


@pytest.mark.browser
def test_mermaid_renders_in_light_and_dark_and_after_navigation(tmp_path_factory, hosted, reader) -> None:
    url = hosted(
        make_project(
            tmp_path_factory.mktemp("mermaid"),
            {
                "index.md": "# 首页\n\n去 [图](mermaid.md)\n",
                "mermaid.md": NOTES["mermaid.md"] + "\n回到 [首页](index.md)\n",
            },
        )
    )
    r = reader(url)
    page = r.page
    page.goto(url)
    assert not any("mermaid.min.js" in u for u in r.requests)
    page.click("article >> text=图")
    page.wait_for_selector(".kb-mermaid svg", timeout=20000)
    assert page.locator(".kb-mermaid svg").get_attribute("id").startswith("kb-mermaid-")
    assert page.locator(".kb-mermaid").get_attribute("data-theme") == "default"
    page.click("label[for=__palette_1]")
    page.wait_for_selector('.kb-mermaid[data-theme="dark"] svg', timeout=20000)
    page.click("article >> text=首页")
    page.click("article >> text=图")
    page.wait_for_selector(".kb-mermaid svg", timeout=20000)
    assert "开始" in page.inner_text(".kb-mermaid")
    assert r.foreign() == [] and r.errors == []


def test_a_slice_of_a_note_is_stripped_of_comments_found_in_the_whole_note() -> None:
    """An embedded section is cut from the note whose comments were found whole."""
    from kb.markdown.comments import strip_comments

    text = "a %%x\n## H\ny%% b\nc %%z%% d"
    assert strip_comments(text) == "a  b\nc  d"
    assert strip_comments(text, 6) == " b\nc  d"  # starts inside a comment: its end is still hidden
    assert strip_comments(text, 0, 4) == "a "
