"""Lists as Obsidian shows them: nesting by two spaces, four or a tab, bullets
and numbers kept apart, and lists right under a paragraph line at any depth."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from conftest import build_project, make_project

from kb.markdown.callouts import CalloutExtension
from kb.markdown.lists import ObsidianListsExtension
from kb.markdown.math import KbMathExtension
from kb.markdown.obsidian_blocks import ObsidianBlocksExtension

NESTED = "<ul><li>一级<ul><li>二级<ul><li>三级</li></ul></li></ul></li><li>又一级</li></ul>"
NOTES = {
    "index.md": "# 首页\n",
    "two.md": "# 两格\n\n- 一级\n  - 二级\n    - 三级\n- 又一级\n",
    "four.md": "# 四格\n\n- 一级\n    - 二级\n        - 三级\n- 又一级\n",
    "tab.md": "# 制表符\n\n- 一级\n\t- 二级\n\t\t- 三级\n- 又一级\n",
    "numbers.md": "# 数字\n\n- 甲\n- 乙\n1. 一\n2. 二\n\n3. 三\n   - 三之下\n",
    "tasks.md": "# 任务\n\n- [ ] 任务\n  - [ ] 子任务\n  - [x] 做完的\n",
    "callout.md": "# 标注\n\n> [!note]\n> 某句话\n> - 一项\n>   - 子项\n> - 二项\n",
    "nested-callout.md": "# 嵌套\n\n> [!note] 外\n> > [!tip] 里\n> > 某句话\n> > - 甲\n> >   - 乙\n",
    "quote.md": "# 引用\n\n> 某句话\n> - 一项\n> - 二项\n>\n> > 深一层\n> > - 深项\n",
    "code.md": (
        "# 代码\n\n段落\n\n    缩进代码\n    - 不是列表\n\n```\n说明\n- 围栏里\n  - 也不是\n```\n\n"
        "公式：\n$$\n- a + b\n$$\n"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site, _ = build_project(make_project(tmp_path_factory.mktemp("lists"), NOTES), "--strict")
    return site


def article(site: Path, name: str) -> str:
    """The article's HTML without line breaks between tags, so structure reads in one line."""
    html = (site / name / "index.html").read_text(encoding="utf-8")
    return re.sub(r">\s+<", "><", html.split("<article", 1)[1].split("</article>", 1)[0])


@pytest.mark.parametrize("name", ["two", "four", "tab"])
def test_lists_nest_by_two_spaces_four_spaces_or_a_tab(site: Path, name: str) -> None:
    assert NESTED in article(site, name)


def test_numbers_after_bullets_start_a_new_list(site: Path) -> None:
    html = article(site, "numbers")
    assert "<ul><li>甲</li><li>乙</li></ul><ol><li>一</li>" in html
    # After a blank line the numbers go on in the same (now loose) list.
    assert "<li><p>三</p><ul><li>三之下</li></ul></li></ol>" in html and html.count("<ol") == 1


def test_a_sub_task_nests_and_stays_a_task(site: Path) -> None:
    html = article(site, "tasks")
    outer = html.split('<ul class="task-list">', 2)
    assert len(outer) == 3, "a task list inside a task list"
    assert "任务" in outer[1] and "子任务" in outer[2] and "做完的" in outer[2]
    assert outer[2].count('type="checkbox"') == 2 and "checked" in outer[2]


def test_a_list_right_under_a_line_in_a_callout(site: Path) -> None:
    html = article(site, "callout")
    assert "<p>某句话</p><ul><li>一项<ul><li>子项</li></ul></li><li>二项</li></ul>" in html


def test_a_list_right_under_a_line_in_a_nested_callout(site: Path) -> None:
    html = article(site, "nested-callout").split('<div class="admonition tip">', 1)[1]
    assert "<p>某句话</p><ul><li>甲<ul><li>乙</li></ul></li></ul>" in html


def test_a_list_right_under_a_line_in_a_quote(site: Path) -> None:
    html = article(site, "quote")
    assert "<blockquote><p>某句话</p><ul><li>一项</li><li>二项</li></ul>" in html
    assert "<blockquote><p>深一层</p><ul><li>深项</li></ul></blockquote>" in html


def test_code_and_math_keep_their_list_lines(site: Path) -> None:
    html = article(site, "code")
    assert "<code>缩进代码\n- 不是列表\n</code>" in html
    assert "</a>- 围栏里\n" in html and "</a>  - 也不是\n" in html
    assert "<li>" not in html
    assert re.search(r'<span class="arithmatex">\\\[\s*- a \+ b\s*\\\]</span>', html)


def render(text: str) -> str:
    exts = [
        "admonition",
        "tables",
        "nl2br",
        "pymdownx.superfences",
        KbMathExtension(),
        CalloutExtension(),
        ObsidianBlocksExtension(),
        ObsidianListsExtension(),
    ]
    return re.sub(r">\s+<", "><", markdown.markdown(text, extensions=exts))


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # Children start where the item's text does: three columns under "1. ".
        ("1. 一\n   - 下\n2. 二\n", "<ol><li>一<ul><li>下</li></ul></li><li>二</li></ol>"),
        ("10. 十\n    - 下\n", '<ol start="10"><li>十<ul><li>下</li></ul></li></ol>'),
        # Numbers, then bullets, then numbers: three lists, the last one counting on.
        ("1. 一\n- 甲\n2. 二\n", '<ol><li>一</li></ol><ul><li>甲</li></ul><ol start="2"><li>二</li></ol>'),
        # A change deeper down starts a new list there.
        ("- 甲\n  - 乙\n  1. 一\n", "<ul><li>甲<ul><li>乙</li></ul><ol><li>一</li></ol></li></ul>"),
        # Paragraphs and code of an item, after blank lines, two-space style.
        (
            "- 甲\n\n  说明\n\n      代码\n- 乙\n",
            "<ul><li><p>甲</p><p>说明</p><pre><code>代码\n</code></pre></li><li><p>乙</p></li></ul>",
        ),
        ("- 甲\n\n  - 乙\n", "<ul><li><p>甲</p><ul><li>乙</li></ul></li></ul>"),
        # Fenced code in an item indented by two, then the next item.
        ("- 甲\n\n  ```\n  x\n  ```\n- 乙\n", "<li><p>乙</p></li></ul>"),
        # A list under a line inside a list item nests there.
        ("- 甲\n  说明\n  - 乙\n", "<ul><li>甲<br />\n  说明<ul><li>乙</li></ul></li></ul>"),
        # A paragraph after the list ends it; top-level indented code stays code.
        ("- 甲\n\n正文\n\n    代码\n", "<ul><li>甲</li></ul><p>正文</p><pre><code>代码\n</code></pre>"),
        ("- - -\n", "<hr />"),
    ],
    ids=[
        "three-columns-under-1.",
        "four-under-10.",
        "numbers-bullets-numbers",
        "change-in-a-nested-list",
        "paragraph-and-code-of-an-item",
        "nested-after-a-blank-line",
        "fence-in-an-item",
        "list-under-a-line-in-an-item",
        "list-ends-code-stays",
        "rule",
    ],
)
def test_list_structure(text: str, html: str) -> None:
    assert html in render(text)


def test_a_line_inside_code_or_math_is_not_split_off() -> None:
    assert "<li>" not in render("一段 `代码\n- 不是列表` 结束\n")
    assert "<li>" not in render("公式：\n$$\n- a + b\n$$\n")
