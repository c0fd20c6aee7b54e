"""Issue 23, real vaults round three: formula-only lists under a paragraph line,
bare addresses as links, and fences one to three spaces in inside callouts and quotes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import build_project, make_project

from kb.markdown.fences import even_fences
from kb.markdown.obsidian_blocks import block_start
from kb.parse.note import parse_note

FORMULAS = r"""# 范数

范数表示向量的大小，满足下面的性质：
- $f(\alpha x) = |\alpha|f(x)$
- $f(x+y) \le f(x) + f(y)$

计算步骤：
1. $a = b^2$
2. $c = \sqrt{a}$

> [!note] 性质
> 范数满足：
> - $f(x) \ge 0$
> - $f(x) = 0 \iff x = 0$

> 期望的性质：
> 1. $E[aX] = aE[X]$
> 2. $E[X+Y] = E[X] + E[Y]$

只是一段话，含有公式 $x - y$，
$$
- a + b
$$
不是列表。
"""

LINKS = """# 修炼史

- 论文 **Gopher**（https://arxiv.org/abs/2112.11446）：讲述训练过程。
- 论文 **去重**(https://arxiv.org/abs/2107.06499): 讲述了去重。

推特原文： https://twitter.com/JingfengY/status/1625003999387881472，然后看「https://example.com/引用」。
维基 https://zh.wikipedia.org/wiki/大模型；以及 https://example.com/end。

代码 `https://code.example.com/` 和公式 $https://math.example.com$ 和 [已有](https://exists.example.com/)，
[[其他|https://alias.example.com/]] 和邮件 someone@example.com。

```
https://fence.example.com/
```
"""

FENCES = """# 围栏

> [!example] 一个空格
>  ```md
> # 不是标题 TODO: 不算
> - [ ] 不是任务
> [[不存在的笔记]] #不是标签
> ```

> [!tip] 三个空格，内容同样缩进
>    ```python
>    x = 1  # TODO 也不算
>    ```

> 引用里
>  ```md
>  # 也不是标题
> ```
"""

NOTES = {
    "index.md": "# 首页\n",
    "其他.md": "# 其他\n",
    "范数.md": FORMULAS,
    "修炼史.md": LINKS,
    "围栏.md": FENCES,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return build_project(make_project(tmp_path_factory.mktemp("round3"), NOTES))


def article(site: Path, name: str) -> str:
    """The article's HTML without line breaks between tags, so structure reads in one line."""
    html = (site / name / "index.html").read_text(encoding="utf-8")
    return re.sub(r">\s+<", "><", html.split("<article", 1)[1].split("</article>", 1)[0])


def formula(tex: str) -> str:
    return f'<span class="arithmatex">\\({tex}\\)</span>'


def items(kind: str, *formulas: str) -> str:
    """A list (``ul`` or ``ol``) whose items each hold only a formula."""
    return f"<{kind}>" + "".join(f"<li>{formula(tex)}</li>" for tex in formulas) + f"</{kind}>"


# 1. Lists whose items are only a formula


def test_formula_items_under_a_paragraph_line_are_list_items(built: tuple[Path, str]) -> None:
    html = article(built[0], "范数")
    norm = items("ul", r"f(\alpha x) = |\alpha|f(x)", r"f(x+y) \le f(x) + f(y)")
    assert "<p>范数表示向量的大小，满足下面的性质：</p>" + norm in html
    assert "<p>计算步骤：</p>" + items("ol", "a = b^2", r"c = \sqrt{a}") in html
    assert "- <span" not in html and "1. <span" not in html


def test_formula_items_in_a_callout_and_a_quote_are_list_items(built: tuple[Path, str]) -> None:
    html = article(built[0], "范数")
    callout = html.split('<div class="admonition note">', 1)[1].split("</div>", 1)[0]
    assert "<p>范数满足：</p>" + items("ul", r"f(x) \ge 0", r"f(x) = 0 \iff x = 0") in callout
    quote = html.split("<blockquote>", 1)[1].split("</blockquote>", 1)[0]
    assert "<p>期望的性质：</p>" + items("ol", "E[aX] = aE[X]", "E[X+Y] = E[X] + E[Y]") in quote


def test_a_dash_inside_display_math_starts_no_list(built: tuple[Path, str]) -> None:
    html = article(built[0], "范数")
    assert html.count("<ul>") == 2 and html.count("<ol>") == 2  # the lists above, nothing more
    assert "- a + b" in html
    assert block_start("公式\n$$\n- a\n$$") == 0
    assert block_start("性质：\n- $a$\n- `b`") == len("性质：\n")


# 2. Bare addresses


def test_bare_addresses_are_links_without_the_chinese_punctuation_around_them(built: tuple[Path, str]) -> None:
    html = article(built[0], "修炼史")
    gopher = '<a href="https://arxiv.org/abs/2112.11446">https://arxiv.org/abs/2112.11446</a>'
    assert f"（{gopher}）：讲述" in html
    assert '(<a href="https://arxiv.org/abs/2107.06499">https://arxiv.org/abs/2107.06499</a>): 讲述' in html
    tweet = "https://twitter.com/JingfengY/status/1625003999387881472"
    assert f'<a href="{tweet}">{tweet}</a>，然后' in html
    assert '「<a href="https://example.com/引用">https://example.com/引用</a>」。' in html
    assert '<a href="https://zh.wikipedia.org/wiki/大模型">https://zh.wikipedia.org/wiki/大模型</a>；' in html
    assert '<a href="https://example.com/end">https://example.com/end</a>。' in html


def test_no_link_is_made_in_code_math_or_a_link(built: tuple[Path, str]) -> None:
    html = article(built[0], "修炼史")
    hrefs = re.findall(r'<a [^>]*href="([^"]+)"', html)
    for inside in ("code", "math", "fence", "alias"):
        assert not [h for h in hrefs if f"{inside}.example.com" in h], inside
    assert "<code>https://code.example.com/</code>" in html
    assert formula("https://math.example.com") in html
    assert '<a href="https://exists.example.com/">已有</a>' in html
    assert re.search(r'<a class="kb-wikilink" href="[^"]+">https://alias\.example\.com/</a>', html)
    assert "mailto:" not in html and "someone@example.com" in html


def test_the_papers_page_still_counts_bare_arxiv_addresses(built: tuple[Path, str]) -> None:
    assert parse_note("修炼史.md", LINKS).papers == ["2107.06499", "2112.11446"]
    html = article(built[0], "papers")
    for paper in ("2112.11446", "2107.06499"):
        assert f'<a href="https://arxiv.org/abs/{paper}">arXiv:{paper}</a></td><td>1</td>' in html


# 4. Fences one to three spaces in


def test_a_fence_one_space_in_inside_a_callout_or_quote_is_a_code_block(built: tuple[Path, str]) -> None:
    html = article(built[0], "围栏")
    one = html.split('<div class="admonition example">', 1)[1].split("</div></div>", 1)[0]
    assert "<pre><span></span><code>" in one and "不是标题 TODO: 不算" in one and "<h1" not in one
    three = html.split('<div class="admonition tip">', 1)[1].split("</div></div>", 1)[0]
    assert "<pre><span></span><code>" in three and "TODO 也不算" in three
    quote = html.split("<blockquote>", 1)[1].split("</blockquote>", 1)[0]
    assert "<pre><span></span><code>" in quote and "# 也不是标题" in quote and "<h1" not in quote
    assert "```" not in html and "<p><code>md" not in html


def test_nothing_inside_such_a_fence_counts(built: tuple[Path, str]) -> None:
    site, log = built
    note = parse_note("围栏.md", FENCES)
    assert note.todos == [] and note.links == [] and note.tags == []
    assert [h.text for h in note.headings] == ["围栏"]
    todos = json.loads((site / "todo.json").read_text(encoding="utf-8"))
    assert "围栏" not in json.dumps(todos, ensure_ascii=False)
    assert "不存在的笔记" not in log


def test_evening_fences_keeps_lines_and_leaves_even_fences_alone() -> None:
    # CommonMark takes off up to the opening line's one space: "  两格" keeps one.
    uneven = [">  ```md", "> # 标题", ">   两格", "> ```", "正文"]
    assert even_fences(uneven) == [">  ```md", ">  # 标题", ">   两格", ">  ```", "正文"]
    even = ["- 项", "  ```py", "  x = 1", "  ```", "```", " ```不动", "```"]
    assert even_fences(even) == even
    unclosed = [" ```", "a"]
    assert even_fences(unclosed) == unclosed


def test_evening_fences_needs_no_recursion_and_no_second_look() -> None:
    deep = ">" * 5000
    evened = even_fences([f"{deep}  ```", f"{deep} x", f"{deep}```"])
    assert evened == [f"{deep}  ```", f"{deep}  x", f"{deep} ```"]  # the last ">" takes one space
    unclosed = ["> ~~~a"] * 50_000  # each would look to the end of the quote for its close
    assert even_fences(unclosed) == unclosed
