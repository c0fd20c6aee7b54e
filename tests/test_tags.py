"""Tags: where they come from, and the chips, index and tag pages Material's tags plugin makes of them."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import build_project, make_project

from kb.emit.tag_pages import tag_uri
from kb.parse.note import parse_note


def tags(text: str) -> list[str]:
    return parse_note("n.md", text).tags


# --- sources -------------------------------------------------------------------------------------------------


def test_front_matter_list_comma_string_and_hierarchy() -> None:
    assert tags("---\ntags: [大模型, 训练/预训练]\n---\n正文\n") == ["大模型", "训练/预训练"]
    assert tags("---\ntags:\n  - 大模型\n  - RLHF\n---\n正文\n") == ["大模型", "RLHF"]
    assert tags("---\ntags: 大模型, 训练 ,评测\n---\n正文\n") == ["大模型", "训练", "评测"]


def test_inline_tags_join_front_matter_tags_once() -> None:
    assert tags("---\ntags: [大模型]\n---\n这是 #大模型 和 #读论文/GPT 的笔记\n") == ["大模型", "读论文/GPT"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#标签 在行首", ["标签"]),
        ("句中 #标签，后面", ["标签"]),
        ("层级 #a/b/c", ["a/b/c"]),
        ("数字 #123 和 #2024", []),
        ("不全是数字 #2024年", ["2024年"]),
        ("# 标题不是标签", []),
        ("## 标题也不是", []),
        ("`#code` 行内代码", []),
        ("```\n#fenced\n```", []),
        ("段落\n\n    #indented", []),
        ("公式 $a #b$ 和 $$#c$$", []),
        ("链接 [文字](note.md#标题) 和 [[笔记#标题]] 和 ![[图#x]]", []),
        ("网址 https://example.com/page#frag 和 <https://x.org/#y>", []),
        ('颜色 <span style="color:#fff">白</span>', []),
        ("实体 &#35;号", []),
        ("紧挨着字a#标签 不算", []),
        ("<!-- #注释 --> %%#注释%%", []),
    ],
)
def test_inline_tag_rules(text: str, expected: list[str]) -> None:
    assert tags(text + "\n") == expected


def test_tag_pages_never_share_a_url() -> None:
    names = ["C", "C++", "LLM", "llm", "a/b", "a-b", "index", "Index", "<b>x</b>", "x", "tag", "<img>"]
    uris = [tag_uri(n) for n in names]
    assert len(set(uris)) == len(names)
    assert "tags/index.md" not in uris
    assert tag_uri("大模型") == "tags/大模型.md"
    assert tag_uri("scaling-law") == "tags/scaling-law.md"
    assert all(tag_uri(n) == u for n, u in zip(names, uris, strict=True))


# --- the built site ----------------------------------------------------------------------------------------

EVIL = ["<b>x</b>", "<img src=x onerror=alert(1)>"]
NOTES = {
    "index.md": "# 首页\n\n欢迎。\n",
    "甲.md": (
        "---\ntitle: 笔记甲\ntags:\n  - 大模型\n  - 训练/预训练\n"
        + "".join(f"  - {t!r}\n".replace("'", '"') for t in EVIL)
        + "---\n\n# 笔记甲\n\n为什么 loss 不降？TODO\n\n- [ ] 任务\n- [x] 完成\n"
    ),
    "乙.md": "---\ntitle: 笔记乙\ntags: 大模型, C, C++, index\n---\n\n# 笔记乙\n\n行内的 #RLHF 标签。TODO: 查一下\n",
    "丙.md": "# 笔记丙\n\n只有行内 #大模型 标签，没有待办。\n",
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same notes built twice, in two folders."""
    built = []
    for n in range(2):
        project = make_project(tmp_path_factory.mktemp(f"tags{n}"), NOTES)
        site, _ = build_project(project, "--strict")
        built.append(site)
    return built[0], built[1]


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    return text.split("<article", 1)[1].split("</article>", 1)[0]


def chips(text: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="md-tags"[^>]*>(.*?)</nav>', text, re.S)
    assert nav, "no tag chips"
    found = re.findall(r'<a href="([^"]+)" class="md-tag">(.*?)</a>', nav[1])
    return [(href, html.unescape(name)) for href, name in found]


def test_chips_on_each_page_link_to_the_tags_own_page(sites: tuple[Path, Path]) -> None:
    site, _ = sites
    found = chips(page(site, "甲"))
    assert sorted(name for _, name in found) == sorted(["大模型", "训练/预训练", *EVIL])
    for href, name in found:
        target = href.split("#")[0]
        assert target.startswith("../tags/") and target != "../tags/", (name, href)
        assert (site / "甲" / unquote(target) / "index.html").resolve().is_file(), href
    assert sorted(name for _, name in chips(page(site, "乙"))) == sorted(["大模型", "C", "C++", "index", "RLHF"])
    assert [name for _, name in chips(page(site, "丙"))] == ["大模型"]


def test_chip_links_are_the_same_on_every_build(sites: tuple[Path, Path]) -> None:
    first, second = sites
    for note in ("甲", "乙", "丙"):
        assert chips(page(first, note)) == chips(page(second, note))


def test_the_tag_index_counts_notes_per_tag(sites: tuple[Path, Path]) -> None:
    site, _ = sites
    rows = re.findall(r'<td><a href="([^"]+)">(.*?)</a></td>\s*<td>(\d+)</td>', article(page(site, "tags")))
    counts = {html.unescape(name): int(n) for _, name, n in rows}
    assert counts == {"大模型": 3, "训练/预训练": 1, "C": 1, "C++": 1, "index": 1, "RLHF": 1, **dict.fromkeys(EVIL, 1)}
    for href, name, _ in rows:
        assert (site / "tags" / unquote(href) / "index.html").is_file(), name
    assert len({href for href, _, _ in rows}) == len(rows)


def test_one_page_per_tag_listing_its_notes(sites: tuple[Path, Path]) -> None:
    site, _ = sites
    body = article(page(site, "tags/大模型"))
    assert all(f">{title}</a>" in body for title in ("笔记甲", "笔记乙", "笔记丙"))
    cpp = article((site / tag_uri("C++").removesuffix(".md") / "index.html").read_text(encoding="utf-8"))
    assert ">笔记乙</a>" in cpp and ">笔记甲</a>" not in cpp
    # the tag "index" has its own page; the tag index is still the index
    assert "笔记数" in page(site, "tags")


def test_each_tag_page_counts_the_open_todos_of_its_notes(sites: tuple[Path, Path]) -> None:
    site, _ = sites

    def count(tag: str) -> int:
        text = (site / tag_uri(tag).removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        return int(re.search(r"共有 <strong>(\d+)</strong> 个未解决的待办", text)[1])

    assert count("大模型") == 3  # 甲: the question and the task (not the done one); 乙: one; 丙: none
    assert count("训练/预训练") == 2
    assert count("RLHF") == 1


def test_tag_names_are_never_markup(sites: tuple[Path, Path]) -> None:
    site, _ = sites
    raw = re.compile(r"<b>x</b>|<img src=x", re.I)
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not raw.search(text), f"{path.relative_to(site)}: {raw.search(text)[0]}"
    tag_page = (site / tag_uri(EVIL[1]).removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "<title>标签：&lt;img src=x onerror=alert(1)&gt; - " in tag_page
    assert "&lt;b&gt;x&lt;/b&gt;" in page(site, "tags")
