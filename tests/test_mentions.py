"""Unlinked mentions: which notes name another in prose without linking to it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build_project, make_project

from kb.mentions import Mention
from kb.page import mentions as mentions_section
from kb.parse.note import parse_note
from kb.vault import Vault

TARGETS = {
    "RAG.md": "---\naliases: [检索增强生成]\n---\n# RAG\n\n正文。\n",
    "注意力机制.md": "# 注意力机制\n",
    "GPT-3复现.md": "# GPT-3复现\n",
    "AI.md": "# AI\n",  # too short to look for
    "甲.md": "# 甲\n",
}


def found(text: str, extra: dict[str, str] | None = None) -> dict[str, tuple[str, str, str]]:
    """What the note ``text`` mentions: each target's (before, name, after)."""
    notes = TARGETS | (extra or {}) | {"源.md": text}
    vault = Vault([parse_note(uri, body) for uri, body in notes.items()], set())
    return {
        uri.removesuffix(".md"): (m.before, m.name, m.after)
        for uri, ms in vault.mentions.items()
        for m in ms
        if m.source.src_uri == "源.md"
    }


def test_chinese_matches_inside_a_sentence_with_the_sentence_around_it() -> None:
    text = "# 源\n\n上一节讲过。我们先复习注意力机制的原理，再看别的。\n"
    assert found(text) == {"注意力机制": ("我们先复习", "注意力机制", "的原理，再看别的。")}


def test_latin_matches_whole_words_in_any_case() -> None:
    assert found("storage 和 paragraph 里没有它，RAGs 和 xRAG 也不是。\n") == {}
    assert found("用rag做问答。\n") == {"RAG": ("用", "rag", "做问答。")}
    assert found("We use Rag here.\n") == {"RAG": ("We use ", "Rag", " here.")}


def test_a_mixed_name_needs_a_word_boundary_only_at_its_latin_end() -> None:
    assert found("读GPT-3复现笔记。\n") == {"GPT-3复现": ("读", "GPT-3复现", "笔记。")}
    assert found("xGPT-3复现 和 GPT-35复现 不算。\n") == {}


def test_an_alias_counts_and_a_link_by_any_name_silences_every_mention() -> None:
    assert found("检索增强生成很常用。\n") == {"RAG": ("", "检索增强生成", "很常用。")}
    assert found("见 [[检索增强生成|这篇]]。RAG 很常用。\n") == {}
    assert found("见 [那篇](RAG.md)。RAG 很常用。\n") == {}


def test_code_math_links_headings_comments_and_front_matter_are_not_prose() -> None:
    text = (
        "---\nsummary: 讲 RAG 和注意力机制\n---\n"
        "# RAG 的注意力机制\n\n## 再谈 RAG\n\nRAG 注意力机制\n---\n\n"
        "```\nRAG 注意力机制\n```\n\n    RAG 注意力机制\n\n"
        "`RAG` 和 $\\text{RAG}$ 和 $$注意力机制$$，"
        "[[别的|RAG 注意力机制]] 和 [RAG 注意力机制](别的.md) 和 [RAG](https://rag.example.com/注意力机制)，"
        '%%RAG 注意力机制%% <!-- RAG 注意力机制 --> <span title="RAG">x</span> '
        "https://example.com/rag/注意力机制 #RAG\n"
    )
    assert found(text) == {}


def test_short_names_and_the_note_itself_are_never_mentions() -> None:
    assert found("AI 和甲都太短。\n") == {}
    notes = [parse_note(uri, body) for uri, body in TARGETS.items()]
    notes.append(parse_note("RAG2.md", "# 第二篇 RAG\n\n第二篇 RAG 讲 RAG。\n"))
    mentions = Vault(notes, set()).mentions
    assert [m.source.src_uri for m in mentions["RAG.md"]] == ["RAG2.md"]
    assert "RAG2.md" not in mentions


def test_the_first_mention_is_shown_with_markup_read_as_text() -> None:
    text = "- **小结**：==RAG== 和 [[甲|一篇]] 有关，RAG 又出现。\n"
    assert found(text)["RAG"] == ("小结：", "RAG", " 和 一篇 有关，RAG 又出现。")


def test_a_long_sentence_is_cut_around_the_name() -> None:
    before, name, after = found("很长" * 100 + "RAG" + "很长" * 100 + "。\n")["RAG"]
    assert name == "RAG" and before.startswith("…") and after.endswith("…")
    assert len(before) <= 61 and len(after) <= 61


def test_the_section_escapes_highlights_and_caps_what_it_shows() -> None:
    source = parse_note("a.md", "---\ntitle: <b>甲</b>\n---\n")
    one = Mention(source, "a<b ", "RAG", " & c")
    html = mentions_section.section([one], lambda uri: f"../{uri}")
    assert "## 未链接的提及" in html
    assert '<a href="../a.md">&lt;b&gt;甲&lt;/b&gt;</a>' in html
    assert "a&lt;b <mark>RAG</mark> &amp; c" in html
    many = mentions_section.section([one] * (mentions_section.SHOWN + 7), lambda uri: uri)
    assert many.count("<mark>") == mentions_section.SHOWN
    assert "还有 7 篇笔记提到它" in many
    assert mentions_section.section([], lambda uri: uri) == ""


def section_of(page: Path) -> str:
    """The 未链接的提及 section of a built page, up to the next heading."""
    text = page.read_text(encoding="utf-8")
    m = re.search(r'<h2 id="unlinked-mentions">.*?(?=<h[12]|</article>)', text, re.S)
    return m.group(0) if m else ""


def test_a_built_page_lists_its_mentions_and_never_a_draft(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "index.md": "# 首页\n",
            "RAG.md": "# RAG\n\n正文。\n",
            "阅读/甲篇.md": "# 甲篇\n\n我们用 RAG 做问答，比 a<b 的方法好。\n",
            "阅读/乙篇.md": "# 乙篇\n\n见 [[RAG]]。RAG 很好。\n",
            "阅读/草稿.md": "---\ndraft: true\n---\n# 秘密草稿\n\nRAG 和甲篇。\n",
            "阅读/丙篇.md": "# 丙篇\n\n还没写完的秘密草稿。\n",
        },
    )
    site, _ = build_project(project, "--strict")
    section = section_of(site / "RAG" / "index.html")
    assert "未链接的提及" in section
    assert '<a href="../%E9%98%85%E8%AF%BB/%E7%94%B2%E7%AF%87/">甲篇</a>' in section
    assert "我们用 <mark>RAG</mark> 做问答，比 a&lt;b 的方法好。" in section
    assert "乙篇" not in section  # it links to RAG already
    assert "草稿" not in section
    assert section_of(site / "阅读" / "甲篇" / "index.html") == ""  # the draft's mention of it is gone
    assert section_of(site / "阅读" / "丙篇" / "index.html") == ""
    assert not (site / "阅读" / "草稿").exists()
