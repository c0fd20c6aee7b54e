"""Issue 23, points 3, 5 and 6: contexts keep code and formulas, mentions respect
word boundaries, and a TODO that git has not seen was opened today."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import build_project, make_project
from test_dates import git

from kb import dates, search_terms
from kb.parse import context_marks
from kb.parse.links import CONTEXT_CHARS
from kb.parse.note import parse_note
from kb.vault import Vault

# --- 3. Backlink and mention contexts keep inline code and formulas ---------------

SOURCE = (
    "# 笔记\n\n"
    "先算 `softmax(QK^T)`，再除以 $\\sqrt{d_k}$ 得到 [[注意力]] 的权重^[出自 [[论文]] 第 3 节]。后一句。\n\n"
    "缩放点积要用 `<script>` 和 $a<b$ 小心转义。\n"
)
CONTEXT_NOTES = {
    "index.md": "# 首页\n",
    "注意力.md": "# 注意力\n",
    "论文.md": "# 论文\n",
    "缩放点积.md": "# 缩放点积\n",
    "笔记.md": SOURCE,
}
FORMULA = '<span class="arithmatex">\\(\\sqrt{d_k}\\)</span>'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("contexts"), CONTEXT_NOTES), "--strict")[0]


def contexts(site: Path, page: str, section: str) -> list[str]:
    text = (site / page / "index.html").read_text(encoding="utf-8")
    part = text.split(f'id="{section}"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<div class="kb-backlink-context">(.*?)</div>', part, re.S)


def test_a_backlink_context_keeps_code_and_a_formula_mathjax_typesets(site: Path) -> None:
    (context,) = contexts(site, "注意力", "backlinks")
    assert "<code>softmax(QK^T)</code>" in context
    assert FORMULA in context
    assert "^[" not in context and "$" not in context and "出自" not in context
    assert context.endswith("的权重。")


def test_a_link_inside_an_inline_footnote_is_quoted_with_the_footnote_text(site: Path) -> None:
    (context,) = contexts(site, "论文", "backlinks")
    assert context == "出自 论文 第 3 节"


def test_a_mention_context_keeps_code_and_formulas_escaped(site: Path) -> None:
    (context,) = contexts(site, "缩放点积", "unlinked-mentions")
    formula = '<span class="arithmatex">\\(a&lt;b\\)</span>'
    assert f"<mark>缩放点积</mark>要用 <code>&lt;script&gt;</code> 和 {formula}" in context
    assert "<script>" not in context


def test_a_long_context_is_cut_only_in_plain_text() -> None:
    code, formula = "`" + "c" * 30 + "`", "$" + "x" * 30 + "$"
    text = f"# t\n\n{'前' * 100} {code} {formula} {code} [[a|目标]] {formula} {code} {formula} {'后' * 100}\n"
    (link,) = parse_note("t.md", text).links
    html = context_marks.to_html(link.context)
    assert link.context.startswith("…") and link.context.endswith("…")
    assert html.count("<code>") == html.count("</code>") and html.count("\\(") == html.count("\\)")
    rest = re.sub(r'<code>c{30}</code>|<span class="arithmatex">\\\(x{30}\\\)</span>', "", html)
    assert "<" not in rest and "c" not in rest and "x" not in rest  # every piece whole
    assert len(link.context) <= 2 * CONTEXT_CHARS + len("目标") + 2


def test_marked_text_reads_plain_and_escapes_everything_else() -> None:
    marked = "a<b " + context_marks.code("x & y") + " " + context_marks.math("$$\\frac{1}{2}$$") + " \x0fstray"
    assert context_marks.plain(marked) == "a<b x & y $\\frac{1}{2}$ stray"
    assert context_marks.to_html(marked) == (
        'a&lt;b <code>x &amp; y</code> <span class="arithmatex">\\(\\frac{1}{2}\\)</span> stray'
    )


# --- 5. Word-aware mentions ------------------------------------------------------

TARGETS = {"大模型.md": "# 大模型\n", "RAG.md": "# RAG\n", "模型.md": "# 模型\n"}


def mentions_in(text: str) -> dict[str, str]:
    notes = TARGETS | {"源.md": text}
    vault = Vault([parse_note(uri, body) for uri, body in notes.items()], set())
    return {uri: m.name for uri, ms in vault.mentions.items() for m in ms if m.source.src_uri == "源.md"}


def test_a_chinese_name_is_a_mention_where_jieba_cuts_at_both_its_ends() -> None:
    assert "大模型.md" in mentions_in("# 源\n\n大模型很强。\n")
    assert "大模型.md" not in mentions_in("# 源\n\n我们要扩大模型规模。\n")  # 扩大/模型/规模
    assert "模型.md" in mentions_in("# 源\n\n我们要扩大模型规模。\n")
    # A later sentence where the cut agrees is still found.
    assert "大模型.md" in mentions_in("# 源\n\n扩大模型规模。大模型很强。\n")


def test_latin_names_keep_whole_word_matching() -> None:
    assert "RAG.md" in mentions_in("# 源\n\n用RAG做问答。\n")
    assert "RAG.md" not in mentions_in("# 源\n\nstorage 里没有它。\n")


def test_only_sentences_with_a_candidate_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    cut = []
    real = search_terms._cut
    monkeypatch.setattr(search_terms, "_cut", lambda sentence: cut.append(sentence) or real(sentence))
    text = "# 源\n\n" + "这一句不提任何笔记。" * 200 + "大模型很强。大模型又来了。\n"
    assert "大模型.md" in mentions_in(text)
    # 模型 is a candidate inside 大模型 in both sentences, not yet found after the first.
    assert cut == ["大模型很强。", "大模型又来了。"]


# --- 6. A TODO that git has not seen was opened today ------------------------------

OLD = "---\ndate: 2021-03-01\n---\n# 旧笔记\n\n- [ ] 旧问题\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("today"), {"index.md": "# 首页\n", "旧笔记.md": OLD})
    git(project, "init", "-q")
    git(project, "add", "docs")
    git(project, "commit", "-q", "-m", "旧", when="2022-06-01T09:00:00+08:00")
    docs = project / "docs"
    (docs / "旧笔记.md").write_text(OLD + "- [ ] 新问题\n- [ ] 计划 ➕ 2020-01-01\n", encoding="utf-8")
    (docs / "新笔记.md").write_text("---\ndate: 2021-01-01\n---\n# 新笔记\n\n没提交的问题？TODO\n", encoding="utf-8")
    return project


def test_a_line_git_has_not_seen_is_dated_today(repo: Path) -> None:
    site, _ = build_project(repo, "--strict")
    items = json.loads((site / "todo.json").read_text(encoding="utf-8"))["items"]
    opened = {i["text"]: i["created"] for i in items}
    today = date.today().isoformat()
    assert opened == {"旧问题": "2022-06-01", "新问题": today, "计划": "2020-01-01", "没提交的问题？": today}
    page = (site / "todo" / "index.html").read_text(encoding="utf-8")
    entry = re.search(r">新问题</a>.*?</li>", page, re.S)
    assert entry and f'data-opened="{today}">已开 0 天<' in entry[0]


def test_a_serve_rebuild_dates_a_new_line_today(repo: Path) -> None:
    """Under serve, HEAD has not moved: the history is the cached one, the new line is not in it."""
    docs = repo / "docs"
    path = docs / "旧笔记.md"
    note = parse_note("旧笔记.md", path.read_text(encoding="utf-8") + "- [ ] 又一个\n")
    dates.assign([note], str(docs))
    by_text = {todo.text: note.dates.opened[todo.anchor] for todo in note.todos}
    assert by_text["又一个"] == date.today() and by_text["旧问题"] == date(2022, 6, 1)


def test_outside_a_repository_the_note_date_stands_in(tmp_path: Path) -> None:
    (tmp_path / "旧笔记.md").write_text(OLD, encoding="utf-8")
    note = parse_note("旧笔记.md", OLD)
    dates.assign([note], str(tmp_path))
    assert list(note.dates.opened.values()) == [date(2021, 3, 1)]
