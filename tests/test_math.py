"""Math: parsed by mdx_math with pandoc's dollar rule, typeset by our own MathJax."""

from __future__ import annotations

import markdown
import pytest
from conftest import assert_glyphs_drawn, make_project

from kb.markdown.math import KbMathExtension


def render(text: str) -> str:
    return markdown.markdown(text, extensions=[KbMathExtension()])


@pytest.mark.parametrize(
    "text",
    ["价格 $5 和 $6", "OpenAI 据说是 $50 一条，而我们只有 $3 一条", r"只花了 \$5", "$ x $ 两边有空格"],
)
def test_dollar_amounts_are_not_math(text: str) -> None:
    assert "arithmatex" not in render(text)


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("熵 $H(X)$ 定义", r"\(H(X)\)"),
        ("函数。$$ f(未完成的句子)= 下一个token $$这个函数", r"\[ f(未完成的句子)= 下一个token \]"),
        (r"\(a<b\)", r"\(a&lt;b\)"),
        (r"\[\sum_i x_i\]", r"\[\sum_i x_i\]"),
        ("\\begin{aligned}a&=b\\\\c&=d\\end{aligned}", r"\begin{aligned}a&amp;=b\\c&amp;=d\end{aligned}"),
        ("$a_1 * b_2 * c$", r"\(a_1 * b_2 * c\)"),
    ],
)
def test_formulas_become_spans_not_scripts(text: str, tex: str) -> None:
    html = render(text)
    assert "<script" not in html
    assert f'<span class="arithmatex">{tex}</span>' in html


def test_code_is_not_math() -> None:
    assert "arithmatex" not in render("`$x$` 和\n\n    $y$ 缩进代码")


MATH_NOTE = """\
---
title: 公式
---

# 公式

熵：$H(X) = -\\sum_x P(x) \\log_2 P(x)$，链式法则 \\(p(x_{1:i}) = \\prod_j p(x_j \\mid x_{1:j-1})\\)。

大模型可以看成是一个函数。$$ f(未完成的句子)= 下一个token $$这个函数有数十亿个参数。

$$
\\text{损失} = -\\log \\frac{e^{z_y}}{\\sum_k e^{z_k}}
$$

\\begin{aligned}
L(N) &= (N_c / N)^{\\alpha_N} \\\\
L(D) &= (D_c / D)^{\\alpha_D}
\\end{aligned}

价格 $5 和 $6 不是公式。去 [没有公式的页](plain.md)。
"""

PLAIN_NOTE = "---\ntitle: 没有公式\n---\n\n# 没有公式\n\n回到[公式页](math.md)。\n"


@pytest.fixture(scope="module")
def math_site(tmp_path_factory, hosted) -> str:
    project = make_project(tmp_path_factory.mktemp("math"), {"math.md": MATH_NOTE, "plain.md": PLAIN_NOTE})
    return hosted(project, "--strict")


def typeset(page) -> None:
    page.wait_for_function(
        "() => document.querySelectorAll('.arithmatex').length > 0 && "
        "[...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('mjx-container'))",
        timeout=20000,
    )


def assert_all_typeset(page) -> None:
    spans = page.locator(".arithmatex").count()
    assert spans == 5
    assert page.locator(".arithmatex mjx-container").count() == spans
    assert page.locator("mjx-merror, .arithmatex script").count() == 0
    assert_glyphs_drawn(page)


@pytest.mark.browser
def test_every_formula_typesets_from_our_own_host(math_site, reader) -> None:
    r = reader(math_site)
    r.page.goto(math_site + "math/")
    typeset(r.page)
    assert_all_typeset(r.page)
    assert any("/assets/mathjax/startup.js" in u for u in r.requests)
    assert any("/assets/mathjax/output/chtml/fonts/tex.js" in u for u in r.requests)
    assert not any("tex-chtml.js" in u or "ui/menu" in u for u in r.requests)  # 108 KB of menu
    assert r.foreign() == []
    assert r.failures == []


@pytest.mark.browser
def test_formulas_are_drawn_on_every_first_load(math_site, reader) -> None:
    """A first load gets both DOMContentLoaded and Material's document$; the
    two must not typeset at once, or the second wipes the first's glyphs."""
    r = reader(math_site)
    for _ in range(3):
        r.page.goto(math_site + "math/")
        typeset(r.page)
        assert_all_typeset(r.page)
    assert r.errors == []


@pytest.mark.browser
def test_pages_without_math_do_not_load_mathjax(math_site, reader) -> None:
    r = reader(math_site)
    r.page.goto(math_site + "plain/")
    r.page.wait_for_load_state("networkidle")
    assert not any("mathjax" in u for u in r.requests)
    assert r.foreign() == []


@pytest.mark.browser
def test_formulas_survive_instant_navigation(math_site, reader) -> None:
    r = reader(math_site)
    page = r.page
    page.goto(math_site + "plain/")
    page.evaluate("window.__sameDocument = true")
    page.click("article >> text=公式页")
    page.wait_for_url("**/math/")
    typeset(page)
    assert_all_typeset(page)
    page.click("article >> text=没有公式的页")
    page.wait_for_url("**/plain/")
    page.click("article >> text=公式页")
    page.wait_for_url("**/math/")
    typeset(page)
    assert_all_typeset(page)
    # A step back to the page without math, and forward again by history.
    page.go_back()
    page.wait_for_url("**/plain/")
    page.go_forward()
    page.wait_for_url("**/math/")
    typeset(page)
    assert_all_typeset(page)
    # Instant navigation swapped the content without a page load.
    assert page.evaluate("window.__sameDocument") is True
    assert r.errors == []
