"""docs/preamble.sty's macros on every page, and equations numbered and referenced as in AMS LaTeX."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import OFFLINE, assert_glyphs_drawn, build_project, make_project, mkdocs

from kb.parse.preamble import parse_preamble
from kb.serve.watch_ignore import Ignored

PREAMBLE = r"""% the vault's macros, as Obsidian's Extended MathJax reads them
\ProvidesPackage{preamble}
\usepackage{amsmath}
\newcommand{\R}{\mathbb{R}}
\newcommand{\norm}[1]{\left\lVert #1 \right\rVert}
\newcommand*\E[2][\mathbb{E}]{#1\left[#2\right]}
\DeclareMathOperator*{\argmax}{arg\,max}
\DeclareMathOperator{\softmax}{softmax}
\def\bad#1.{never}
\renewcommand{\vec}[1]{\boldsymbol{#1}}
\newcommand{\loop}{\loop}
\newcommand{\two}[1]{#2}
"""


def test_each_kind_of_definition_becomes_a_mathjax_macro() -> None:
    read = parse_preamble(PREAMBLE)
    assert read.macros == {
        "R": r"\mathbb{R}",
        "norm": [r"\left\lVert #1 \right\rVert", 1],
        "E": [r"#1\left[#2\right]", 2, r"\mathbb{E}"],
        "argmax": r"\operatorname*{arg\,max}",
        "softmax": r"\operatorname{softmax}",
        "vec": [r"\boldsymbol{#1}", 1],
    }
    lines = [line for line, _ in read.problems]
    assert lines == [9, 11, 12]  # delimited \def, a macro calling itself, #2 of one argument


def test_comments_escaped_percent_and_unbalanced_braces() -> None:
    read = parse_preamble("\\newcommand{\\pct}{50\\%} % half\n\\newcommand{\\broken}{\\frac{a}{b}\n\\def\\ok{1}\n")
    assert read.macros["pct"] == "50\\%"
    assert read.problems and read.problems[0][0] == 2
    assert "花括号" in read.problems[0][1]


def test_the_preamble_and_the_papers_cache_are_heard_under_serve(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n"})
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    ignored = Ignored(config)
    docs = str((project / "docs").resolve())
    assert not ignored(f"{docs}/preamble.sty")
    assert not ignored(f"{docs}/.papers.json")
    assert ignored(f"{docs}/.obsidian/workspace.json")


NOTE = r"""# 注意力

维度 $x \in \R^n$，范数 $\norm{x}$，$\argmax_y p(y)$，$\E{X}$。

\begin{equation}
\mathrm{Attn}(Q,K,V) = \softmax\left(\frac{QK^\top}{\sqrt{d}}\right)V \label{eq:attn}
\end{equation}

由式 $\eqref{eq:attn}$ 可知，第 $\ref{eq:attn}$ 式。

\begin{equation*}
\vec{v} = 0
\end{equation*}

$$ E = mc^2 \tag{2} $$

\begin{align}
a &= b \label{eq:a} \\
c &= d
\end{align}

\begin{gather*}
u = v
\end{gather*}

另见[[向量]]。
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    notes = {
        "index.md": "# 首页\n\n$\\R^d$ 上的向量。去看[[注意力]]。\n",
        "注意力.md": NOTE,
        "向量.md": "# 向量\n\n$v \\in \\R^d$ 是一个向量。\n",
        "preamble.sty": PREAMBLE,
    }
    return make_project(tmp_path_factory.mktemp("preamble"), notes)


def test_the_build_warns_per_line_and_never_publishes_the_sty(project: Path) -> None:
    site, log = build_project(project)
    assert "preamble.sty 第 9 行" in log and "preamble.sty 第 11 行" in log and "preamble.sty 第 12 行" in log
    assert "第 4 行" not in log
    assert not (site / "preamble.sty").exists() and not (site / "preamble").exists()
    assert '"argmax":"\\\\operatorname*{arg\\\\,max}"' in (site / "assets/javascripts/preamble.js").read_text()


@pytest.fixture(scope="module")
def site(project: Path, hosted) -> str:
    return hosted(project)


def typeset(page) -> None:
    page.wait_for_function(
        "() => document.querySelectorAll('article .arithmatex').length > 0 && "
        "[...document.querySelectorAll('article .arithmatex')].every(e => e.querySelector('mjx-container'))",
        timeout=20000,
    )


def label(page, selector: str) -> list[str]:
    """What MathJax's hidden MathML says the formulas read (the glyphs themselves are CSS)."""
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent.replace(/\\s+/g, ''))")


def assert_macros_drawn(page, every: bool = True) -> None:
    """No MathJax error and no macro as text; ``every``: the note using all of them."""
    assert page.locator("article mjx-merror").count() == 0
    text = " ".join(label(page, "article mjx-assistive-mml"))
    for raw in ("\\R", "\\norm", "\\argmax", "\\softmax", "\\E"):
        assert raw not in text  # no macro left as text
    assert not every or ("‖" in text and "argmax" in text and "E[X]" in text)
    assert page.locator("article mjx-assistive-mml mi[mathvariant=double-struck]").count() > 0  # \R
    assert_glyphs_drawn(page)


@pytest.mark.browser
def test_macros_numbers_and_references(site: str, reader) -> None:
    r = reader(site)
    page = r.page
    page.goto(site + "%E6%B3%A8%E6%84%8F%E5%8A%9B/")
    typeset(page)
    assert_macros_drawn(page)
    tags = label(page, "article mjx-assistive-mml mlabeledtr > mtd:first-child")
    assert tags == ["(1)", "(2)", "(2)", "(3)"]  # equation; \tag{2}; align's two rows; starred ones none
    refs = page.locator("article mjx-container a[href^='#mjx-eqn']")
    assert label(page, "article .arithmatex:has(a) mjx-assistive-mml")[:2] == ["(1)", "1"]  # \eqref, \ref
    assert refs.first.get_attribute("href") == "#mjx-eqn%3Aeq%3Aattn"
    # Hovering the reference shows the equation.
    page.mouse.move(0, 0)
    refs.first.scroll_into_view_if_needed()
    refs.first.hover()
    box = page.locator("#kb-preview")
    box.wait_for(state="visible", timeout=5000)
    assert box.locator(".kb-preview__title").inner_text() == "公式 (1)"
    assert "Attn" in " ".join(label(page, "#kb-preview mjx-assistive-mml"))
    # The link leads to equation (1).
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    refs.first.click()
    page.wait_for_function("() => location.hash === '#mjx-eqn%3Aeq%3Aattn'")
    top = page.evaluate("document.getElementById('mjx-eqn:eq:attn').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
    assert r.errors == [] and r.failures == [] and r.foreign() == []


@pytest.mark.browser
def test_macros_after_instant_navigation_and_in_a_preview(site: str, reader) -> None:
    r = reader(site)
    page = r.page
    page.goto(site)
    typeset(page)
    assert_macros_drawn(page, every=False)
    # A preview of another note's opening uses the macros too.
    page.evaluate("window.__sameDocument = true")
    page.click("article >> text=注意力")
    page.wait_for_url("**/%E6%B3%A8%E6%84%8F%E5%8A%9B/")
    page.wait_for_selector("article .arithmatex >> nth=4")  # the new page's content, not the old one's
    typeset(page)
    assert_macros_drawn(page)
    assert label(page, "article mjx-assistive-mml mlabeledtr > mtd:first-child")[0] == "(1)"
    page.locator("article a", has_text="向量").first.hover()
    box = page.locator("#kb-preview")
    box.wait_for(state="visible", timeout=5000)
    page.wait_for_function("() => document.querySelector('#kb-preview mjx-container')", timeout=10000)
    assert box.locator("mjx-merror").count() == 0
    assert box.locator("mjx-assistive-mml mi[mathvariant=double-struck]").count() == 1  # \R
    assert page.evaluate("window.__sameDocument") is True
    assert r.errors == []


@pytest.mark.browser
def test_macros_in_the_offline_copy(project: Path, reader) -> None:
    site = project / "offline"
    mkdocs("build", "-d", str(site), cwd=project, env=OFFLINE)
    r = reader("file://")
    r.page.goto((site / "注意力.html").as_uri())  # the offline copy has no folder URLs
    typeset(r.page)
    assert_macros_drawn(r.page)
    assert label(r.page, "article mjx-assistive-mml mlabeledtr > mtd:first-child")[0] == "(1)"
