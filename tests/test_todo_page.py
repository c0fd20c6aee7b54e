"""The TODO tracker at todo/ and todo.json, built from real notes, and its links to and from the notes."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import build_project, make_project

from kb.page.todo_marks import item_id
from kb.parse.note import parse_note

JIA = """\
---
title: 笔记甲
tags: [大模型]
aliases: [甲]
---

# 笔记甲

## 训练

为什么逐渐增加的 batch size 会有更好的效果？TODO

TODO: <script>alert(1)</script>看看 <img src=x onerror=alert(2)> 的影响

- [ ] 复现实验
- [x] 读完论文

这个问题已经解决了。DONE

> [!question] 学习率为什么要预热？
> 也许和 Adam 有关。

后面的段落不在引用里。

```python
# TODO: 代码里的不算
```

<!-- TODO: 注释里的不算 -->
%%TODO: Obsidian 注释也不算%%
行内 `TODO` 和公式 $TODO$ 也不算。
"""

YI = """\
# 笔记乙

TODO：
- 数据多样性和质量之间的权衡
- llm的过拟合问题
"""

NOTES = {"index.md": "# 首页\n\n欢迎。\n", "笔记/甲.md": JIA, "乙.md": YI, "丙.md": "# 笔记丙\n\n没有待办。\n"}
SCRIPTED = "<script>alert(1)</script>看看 <img src=x onerror=alert(2)> 的影响"
OPEN = {
    "笔记/甲.md": ["为什么逐渐增加的 batch size 会有更好的效果？", SCRIPTED, "复现实验", "学习率为什么要预热？"],
    "乙.md": ["数据多样性和质量之间的权衡", "llm的过拟合问题"],
}
DONE = {"笔记/甲.md": ["读完论文", "这个问题已经解决了。"]}


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("todo"), NOTES)


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    before = tree(project / "docs")
    site, _ = build_project(project, "--strict")
    assert tree(project / "docs") == before, "the build wrote into docs/"
    return site


def read(site: Path, url: str) -> str:
    return (site / unquote(url) / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    return text.split("<article", 1)[1].split("</article>", 1)[0]


def entries(text: str) -> list[dict[str, str]]:
    """The tracker's entries in order: id, link, text, where, and whether done."""
    found = []
    for m in re.finditer(
        r'<li id="(?P<id>[^"]+)" class="kb-todo-item"[^>]*><a href="(?P<href>[^"]+)">(?P<text>.*?)</a>'
        r' <span class="kb-todo-where"><span class="kb-todo-from">[^<]*</span>(?P<where>.*?)</span>'
        r"(?P<labels>.*?)</li>",
        text,
    ):
        done = text.rfind("<details", 0, m.start()) > text.rfind("</details>", 0, m.start())
        found.append({**m.groupdict(), "text": html.unescape(m["text"]), "done": done})
    return found


def test_the_tracker_is_generated_and_never_written_to_docs(project: Path, site: Path) -> None:
    assert (site / "todo" / "index.html").is_file()
    assert (site / "todo.json").is_file()
    assert not (project / "docs" / "todo.md").exists() and not (project / "docs" / "todo.json").exists()


def test_open_items_grouped_by_note_and_done_items_collapsed(site: Path) -> None:
    body = article(read(site, "todo"))
    groups = re.split(r'<h2 class="kb-todo-note">', body)[1:]
    titles = [re.match(r'<a href="[^"]+">(.*?)</a> <span class="kb-count">(\d+)</span>', g).groups() for g in groups]
    assert titles == [("笔记乙", "2"), ("笔记甲", "4")]
    yi, jia = (entries(g) for g in groups)
    assert [e["text"] for e in jia if not e["done"]] == OPEN["笔记/甲.md"]
    assert [e["text"] for e in yi if not e["done"]] == OPEN["乙.md"]
    assert [e["text"] for e in jia if e["done"]] == DONE["笔记/甲.md"]
    assert '<details class="kb-todo-done"><summary>已完成 2 个</summary>' in groups[1]
    assert "<details open" not in body
    assert "<strong>6</strong> 个未解决的问题，已完成 2 个" in body
    for word in ("代码里的不算", "注释里的不算", "Obsidian 注释也不算"):
        assert word not in body
    assert [e["where"] for e in jia if not e["done"]] == [
        "训练 · 第 11 行",
        "训练 · 第 13 行",
        "训练 · 第 15 行",
        "训练 · 第 20 行",
    ]


def test_the_open_count_is_in_the_nav_title(site: Path) -> None:
    for url in ("", "丙", "笔记/甲"):
        nav = read(site, url).split('<nav class="md-nav md-nav--primary"', 1)[1]
        link = re.search(r'<a href="[^"]*todo/" class="md-nav__link[^"]*"[^>]*>(.*?)</a>', nav, re.S)
        assert link and re.sub(r"<[^>]+>|\s", "", link[1]) == "待办（6）", url
    assert "<title>待办（6） - " in read(site, "todo")


def test_note_html_never_becomes_markup_on_the_tracker(site: Path) -> None:
    text = read(site, "todo")
    assert not re.search(r"<script>alert|<img src=x", text)
    (entry,) = [e for e in entries(text) if "看看" in e["text"]]
    assert entry["text"] == SCRIPTED


def test_each_entry_links_to_a_badge_that_links_back(site: Path) -> None:
    tracker = read(site, "todo")
    found = entries(tracker)
    assert len(found) == 8
    assert len({e["id"] for e in found}) == len(found)
    for entry in found:
        page_url, anchor = entry["href"].split("#")
        assert page_url.startswith("../")
        note_page = read(site, page_url.removeprefix("../"))
        badge = re.search(rf'<a class="kb-todo kb-todo-(open|done)" id="{anchor}" href="([^"]+)"', note_page)
        assert badge, (entry, anchor)
        assert badge[1] == ("done" if entry["done"] else "open")
        back_url, back_id = badge[2].split("#")
        assert back_url.endswith("todo/") and back_id == entry["id"]
        assert len(re.findall(rf'id="{anchor}"', note_page)) == 1


def test_markers_leave_the_notes_markup_intact(site: Path) -> None:
    jia = article(read(site, "笔记/甲"))
    quote = re.search(r'<div class="admonition question">(.*?)</div>', jia, re.S)[1]
    assert 'class="kb-todo kb-todo-open"' in quote and "学习率为什么要预热" in quote
    assert "后面的段落不在引用里" not in quote
    assert "# TODO: 代码里的不算" in jia and "<code>TODO</code>" in jia


def test_todo_json_is_machine_readable_with_real_line_numbers(site: Path) -> None:
    data = json.loads((site / "todo.json").read_text(encoding="utf-8"))
    assert data["open"] == 6
    items = data["items"]
    assert {k for item in items for k in item} >= {"note", "section", "line", "text", "status"}
    got = {}
    for item in items:
        got.setdefault((item["note"], item["status"]), []).append(item["text"])
        source = NOTES[item["note"]].split("\n")[item["line"] - 1]
        assert item["text"].split("<")[0][:8] in source or item["text"][:8] in source, (item, source)
    assert got == {
        ("笔记/甲.md", "open"): OPEN["笔记/甲.md"],
        ("笔记/甲.md", "done"): DONE["笔记/甲.md"],
        ("乙.md", "open"): OPEN["乙.md"],
    }
    assert {(i["note"], i["line"]) for i in items if i["status"] == "open"} == {
        ("笔记/甲.md", 11),
        ("笔记/甲.md", 13),
        ("笔记/甲.md", 15),
        ("笔记/甲.md", 20),
        ("乙.md", 4),
        ("乙.md", 5),
    }
    assert {i["section"] for i in items if i["note"] == "笔记/甲.md"} == {"训练"}


@pytest.mark.parametrize(("a", "b"), [("笔记/甲.md", "笔记甲.md"), ("a b.md", "a-b.md"), ("LLM.md", "llm.md")])
def test_tracker_ids_of_two_notes_never_collide(a: str, b: str) -> None:
    text = "为什么？TODO\n"
    first, second = parse_note(a, text), parse_note(b, text)
    assert item_id(first, first.todos[0]) != item_id(second, second.todos[0])
    assert item_id(first, first.todos[0]) == item_id(parse_note(a, text), first.todos[0])


# --- the real notes ------------------------------------------------------------------------------------------


def test_the_seed_notes_todos_on_the_real_site(built_site: Path) -> None:
    data = json.loads((built_site / "todo.json").read_text(encoding="utf-8"))
    docs = Path(__file__).parents[1] / "docs"

    def items(note: str) -> list[dict]:
        return [i for i in data["items"] if i["note"] == note]

    gpt3 = items("阅读笔记/GPT-3复现为什么失败.md")
    assert [(i["kind"], i["status"]) for i in gpt3] == [("inline", "open")] * 3 + [("list", "open")] * 3
    assert [i["line"] for i in gpt3] == [28, 29, 67, 89, 90, 91]
    lines = (docs / "阅读笔记/GPT-3复现为什么失败.md").read_text(encoding="utf-8").split("\n")
    for item in gpt3:
        assert item["text"][-10:] in lines[item["line"] - 1]
    big = [(i["text"], i["section"], i["line"]) for i in items("阅读笔记/大模型.md")]
    assert ("todo", "Prompt", 175) in big and ("SuperNaturalInstructions", "dataset", 243) in big
    tracker = (built_site / "todo" / "index.html").read_text(encoding="utf-8")
    assert f"待办（{data['open']}）" in tracker
    assert "batch size问题（由小变大）" in tracker


# --- in a browser --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hosted_todo(tmp_path_factory: pytest.TempPathFactory, hosted) -> str:
    return hosted(make_project(tmp_path_factory.mktemp("todo-hosted"), NOTES), "--strict")


@pytest.mark.browser
def test_entry_to_badge_and_back(hosted_todo: str, reader) -> None:
    r = reader(hosted_todo)
    page = r.page
    page.goto(hosted_todo + "todo/")
    entry = page.locator("li.kb-todo-item", has_text="学习率为什么要预热").first
    entry_id = entry.get_attribute("id")
    entry.locator("a").first.click()
    page.wait_for_url(lambda url: re.search(r"/笔记/甲/#todo-\d+$", unquote(url)) is not None)
    anchor = page.url.rsplit("#", 1)[1]
    badge = page.locator(f'a.kb-todo[id="{anchor}"]')
    badge.wait_for(state="visible")
    assert badge.is_visible() and badge.evaluate("e => e.closest('.admonition') !== null")
    badge.click()
    page.wait_for_url(lambda url: unquote(url).endswith(f"/todo/#{entry_id}"))
    page.locator(f'li[id="{entry_id}"]').wait_for(state="visible")
    assert r.errors == []
