"""Footnotes as in Obsidian: inline ``^[…]`` holding anything, and the footnotes
of embedded notes, in a real build. Every marker must lead to a definition on
its page, and every ↩ back-link to a marker."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_project, make_project

from kb.markdown.inline_footnotes import footnote_spans
from kb.parse.masking import mask

NOTES = {
    "index.md": "# 首页\n\n[[inline]] [[embeds]]\n",
    "inline.md": (
        "# 行内\n\n多个^[第一个]和^[第二个 “引号”]在一行。\n\n"
        "数学^[求和只到当前时间 $t$]，链接^[见 [[目标]]]，别名^[[[目标#B+ 树\\|B+树]]]，区间^[取 $[0,1)$ 内的值]。\n\n"
        "代码 `^[不是脚注]` 和公式 $a^[b]$ 不动。\n\n```\n^[围栏里也不是]\n```\n"
    ),
    "目标.md": "# 目标\n\n## B+ 树\n\n内容。\n",
    "被嵌.md": (
        "# 被嵌\n\n嵌入的文字[^1]，行内^[被嵌的行内 $x$]。\n\n## 小节\n\n小节里[^2]。\n\n"
        "[^1]: 被嵌脚注。\n[^2]: 小节脚注。\n"
    ),
    "embeds.md": "# 宿主\n\n宿主正文[^1]。\n\n![[被嵌]]\n\n![[被嵌]]\n\n![[被嵌#小节]]\n\n[^1]: 宿主脚注。\n",
}


class Footnotes(HTMLParser):
    """The ids of a page, its footnote markers' and back-links' targets, and the list's items."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []
        self.backrefs: list[str] = []
        self.numbers: list[str] = []
        self.items: dict[str, str] = {}
        self._item: str | None = None
        self._in_ref = False
        self.feed(html)
        self.items = {ref: text.strip() for ref, text in self.items.items()}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
            if tag == "li" and a["id"].startswith("fn:"):
                self._item = a["id"]
                self.items[self._item] = ""
        if tag == "a" and a.get("class") == "footnote-ref":
            self.refs.append(a["href"].removeprefix("#"))
            self._in_ref = True
        if tag == "a" and a.get("class") == "footnote-backref":
            self.backrefs.append(a["href"].removeprefix("#"))

    def handle_endtag(self, tag: str) -> None:
        self._in_ref = False if tag == "a" else self._in_ref
        self._item = None if tag == "li" else self._item

    def handle_data(self, data: str) -> None:
        if self._in_ref:
            self.numbers.append(data)
        if self._item:
            self.items[self._item] += data


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site, _ = build_project(make_project(tmp_path_factory.mktemp("footnotes"), NOTES), "--strict")
    return site


def article(site: Path, name: str) -> str:
    html = (site / name / "index.html").read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def test_inline_footnotes_hold_math_links_quotes_and_share_a_line(site: Path) -> None:
    html = article(site, "inline")
    notes = Footnotes(html)
    assert notes.numbers == ["1", "2", "3", "4", "5", "6"]  # in reading order
    texts = [notes.items[ref] for ref in notes.refs]
    assert texts[0].startswith("第一个") and texts[1].startswith("第二个 “引号”")
    assert texts[2].startswith("求和只到当前时间 \\(t\\)")  # math still typeset
    assert texts[3].startswith("见 目标") and texts[4].startswith("B+树")
    assert texts[5].startswith("取 \\([0,1)\\) 内的值")
    assert '<a class="kb-wikilink" href="../%E7%9B%AE%E6%A0%87/">目标</a>' in html
    assert 'href="../%E7%9B%AE%E6%A0%87/#b-树">B+树</a>' in html
    assert "^[第" not in html and "^[求和" not in html and "^[[[" not in html


def test_code_and_math_keep_their_carets(site: Path) -> None:
    html = article(site, "inline")
    assert "<code>^[不是脚注]</code>" in html
    assert "^[围栏里也不是]" in html
    assert '<span class="arithmatex">\\(a^[b]\\)</span>' in html


@pytest.mark.parametrize("name", ["inline", "embeds", "被嵌", "目标"])
def test_every_marker_and_back_link_lands_on_an_id_of_its_page(site: Path, name: str) -> None:
    notes = Footnotes(article(site, name))
    assert set(notes.refs) <= notes.ids
    assert set(notes.backrefs) <= notes.ids
    assert set(notes.items) == set(notes.refs)  # nothing listed without its marker


def test_embedded_footnotes_work_in_the_host_page_once_per_embed(site: Path) -> None:
    notes = Footnotes(article(site, "embeds"))
    texts = [notes.items[ref] for ref in notes.refs]
    assert texts[0].startswith("宿主脚注")  # the host's marker comes first
    assert notes.numbers == [str(n) for n in range(1, 9)]
    assert sum(t.startswith("被嵌脚注") for t in texts) == 2
    assert sum(t.startswith("被嵌的行内 \\(x\\)") for t in texts) == 2
    # Two whole embeds and one of the section, whose definition lies outside it.
    assert sum(t.startswith("小节脚注") for t in texts) == 3
    assert len(set(notes.refs)) == 8  # no two embeds share one


def test_the_embedded_note_keeps_its_own_labels_on_its_own_page(site: Path) -> None:
    notes = Footnotes(article(site, "被嵌"))
    assert notes.refs == ["fn:1", "fn:kb-1", "fn:2"]


def test_backlink_context_quoting_an_inline_footnote_lists_no_footnote(site: Path) -> None:
    assert 'class="footnote"' not in article(site, "目标")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a^[一]b^[二]", ["^[一]", "^[二]"]),
        ("^[[[查找#B+ 树\\|B+树]]]", ["^[[[查找#B+ 树\\|B+树]]]"]),
        ("^[外 ^[内] 外]", ["^[外 ^[内] 外]"]),
        ("^[区间 $[0,1)$]", ["^[区间 $[0,1)$]"]),
        ("`^[码]` $x^[y]$ \\^[转义] ^[] ^[没有收尾", []),
        ("^[跨\n行]", []),
    ],
)
def test_footnote_spans_balance_brackets_outside_code_and_math(text: str, found: list[str]) -> None:
    assert [text[a:b] for a, b in footnote_spans(mask(text))] == found
