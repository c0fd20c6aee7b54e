"""Dates from git history: when each TODO was opened, each note's 创建于 and 更新于,
the 最近更新 page and the feed, built from a vault whose commits carry set dates.

The commits move lines around as a student would: lines added above a TODO,
a due date appended to a task, a note renamed, a question moved to another
note. Each keeps the date it was first written. Lines not committed were written
today, unless Tasks' created date says otherwise; without a repository they fall
back to the note's front matter or the file's time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from conftest import build_project, make_project

from kb import git_history
from kb.git_history import parse_log

JIA_1 = "# 笔记甲\n\n为什么？TODO\n\n- [ ] 复现实验\n\n另一个问题？TODO\n"
JIA_2 = (
    "# 笔记甲\n\n新加的第一段。\n\n新加的第二段。\n\n为什么？TODO\n\n- [ ] 复现实验 📅 2024-09-01 ⏫\n\n"
    "- [ ] 新任务 🔼\n\n另一个问题？TODO\n"
)
JIA_4 = JIA_2.removesuffix("\n另一个问题？TODO\n")
YI = "---\ndate: 2023-05-01\nupdated: 2024-06-01\n---\n# 笔记乙\n\n旧问题？TODO\n"
BING = "# 笔记丙\n\n> [!question] 丙的问题\n> 细节。\n"
DING_4 = "# 笔记丁\n\n另一个问题？TODO\n"
DING_5 = DING_4 + "\n补充一段。\n"
DRAFT = "---\ndraft: true\n---\n# 秘密草稿\n\n草稿里的问题？TODO\n"

# Each commit: its date, and what it does to docs/.
COMMITS = [
    (
        "2024-01-10T09:00:00+08:00",
        {"index.md": "# 首页\n", "笔记/甲.md": JIA_1, "乙.md": YI, "丙.md": BING, "草稿.md": DRAFT},
    ),
    ("2024-02-20T09:00:00+08:00", {"笔记/甲.md": JIA_2}),
    ("2024-03-05T09:00:00+08:00", {"rename": ("丙.md", "笔记/丙2.md")}),
    ("2024-04-12T09:00:00+08:00", {"笔记/甲.md": JIA_4, "丁 笔记.md": DING_4}),
    ("2024-05-01T09:00:00+08:00", {"丁 笔记.md": DING_5}),
]
# Not committed: a task with its own created date, a question in a note with a date,
# and a new note, whose file time is all there is.
JIA_NOW = JIA_4 + "\n- [ ] 计划 ➕ 2024-01-01\n"
YI_NOW = YI + "\n新问题？TODO\n"
WU = "# 笔记戊\n\n戊的开头 %%私下的评论%% 继续。\n\n戊的问题？TODO\n"
WU_TIME = datetime(2024, 8, 1, 12, 0).timestamp()
TODAY = date.today().isoformat()

OPENED = {
    ("笔记/甲.md", "为什么？"): "2024-01-10",  # lines were added above it
    ("笔记/甲.md", "复现实验"): "2024-01-10",  # a due date and priority were appended
    ("笔记/甲.md", "新任务"): "2024-02-20",
    ("笔记/甲.md", "计划"): "2024-01-01",  # Tasks' created date
    ("丁 笔记.md", "另一个问题？"): "2024-01-10",  # moved from 甲
    ("笔记/丙2.md", "丙的问题"): "2024-01-10",  # its note was renamed
    ("乙.md", "旧问题？"): "2024-01-10",  # git, not the front matter
    ("乙.md", "新问题？"): TODAY,  # not committed: written today, not on the note's date
    ("戊.md", "戊的问题？"): TODAY,  # an untracked note: today, not the file's time
}
# created, updated
NOTE_DATES = {
    "index.md": ("2024-01-10", "2024-01-10"),
    "笔记/甲.md": ("2024-01-10", "2024-04-12"),
    "乙.md": ("2023-05-01", "2024-06-01"),  # front matter
    "笔记/丙2.md": ("2024-01-10", "2024-03-05"),  # created before its rename
    "丁 笔记.md": ("2024-04-12", "2024-05-01"),
    "戊.md": ("2024-08-01", "2024-08-01"),
}
RECENT = ["戊.md", "乙.md", "丁 笔记.md", "笔记/甲.md", "笔记/丙2.md", "index.md"]


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when or "", "GIT_COMMITTER_DATE": when or ""}
    config = ["-c", "user.name=学生", "-c", "user.email=s@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *config, *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("dates"), {})
    docs = project / "docs"
    git(project, "init", "-q")
    for when, changes in COMMITS:
        for name, text in changes.items():
            if name == "rename":
                (docs / text[1]).parent.mkdir(parents=True, exist_ok=True)
                git(project, "mv", f"docs/{text[0]}", f"docs/{text[1]}")
                continue
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text(text, encoding="utf-8")
        git(project, "add", "docs")
        git(project, "commit", "-q", "-m", f"笔记 {when}", when=when)
    (docs / "笔记/甲.md").write_text(JIA_NOW, encoding="utf-8")
    (docs / "乙.md").write_text(YI_NOW, encoding="utf-8")
    (docs / "戊.md").write_text(WU, encoding="utf-8")
    os.utime(docs / "戊.md", (WU_TIME, WU_TIME))
    return project


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build_project(project, "--strict")[0]


def page(site: Path, url: str) -> str:
    return (site / unquote(url) / "index.html").read_text(encoding="utf-8")


def page_url(src_uri: str) -> str:
    return "" if src_uri == "index.md" else src_uri.removesuffix(".md") + "/"


def test_each_todo_is_dated_when_it_was_first_written(site: Path) -> None:
    items = json.loads((site / "todo.json").read_text(encoding="utf-8"))["items"]
    opened = {(i["note"], i["text"]): i["created"] for i in items}
    assert opened == OPENED
    (task,) = [i for i in items if i["text"] == "复现实验"]
    assert (task["due"], task["priority"], task["scheduled"], task["recurrence"]) == ("2024-09-01", "high", None, None)


def test_the_todo_page_shows_how_long_each_item_has_been_open(site: Path) -> None:
    text = page(site, "todo")
    for (_, item), day in OPENED.items():
        days = (date.today() - date.fromisoformat(day)).days
        entry = re.search(rf">{re.escape(item)}</a>.*?</li>", text)
        assert entry, item
        assert f'<span class="kb-label kb-age" data-opened="{day}">已开 {days} 天</span>' in entry[0]
    assert '<span class="kb-label kb-due" data-due="2024-09-01">截止 2024-09-01</span>' in text
    assert '<span class="kb-label kb-priority-high">优先级 高</span>' in text
    assert "草稿里的问题" not in text


@pytest.mark.parametrize(("src_uri", "dates"), NOTE_DATES.items())
def test_each_note_shows_when_it_was_created_and_updated(site: Path, src_uri: str, dates: tuple[str, str]) -> None:
    text = page(site, page_url(src_uri))
    shown = re.search(r'<aside class="md-source-file kb-dates">(.*?)</aside>', text, re.S)
    assert shown, src_uri
    facts = re.sub(r"<[^>]+>|\s", "", shown[1])
    assert facts == f"创建于{dates[0]}更新于{dates[1]}"


def test_dates_stay_out_of_the_search_index(site: Path) -> None:
    data = [p.read_text(encoding="utf-8") for p in (site / "search").rglob("*") if p.is_file()]
    assert any("笔记甲" in text for text in data)  # the notes are there
    assert not any("创建于" in text or "更新于" in text for text in data)


def test_the_recent_page_lists_the_latest_updated_first(site: Path) -> None:
    text = page(site, "recent")
    date = r'<td class="kb-date">([\d-]+)</td>'
    rows = re.findall(rf'<tr><td><a href="([^"]+)">.*?</a></td>{date}{date}</tr>', text)
    listed = [unquote(href).removeprefix("../").removesuffix("/") for href, _, _ in rows]
    assert listed == [page_url(uri).removesuffix("/") for uri in RECENT]
    assert [(updated, created) for _, updated, created in rows] == [NOTE_DATES[uri][::-1] for uri in RECENT]
    assert "秘密草稿" not in text
    nav = text.split('<nav class="md-nav md-nav--primary"', 1)[1]
    assert "最近更新" in nav


def test_the_feed_lists_the_newest_notes_with_their_dates(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "LLM 学习笔记"
    links = [unquote(e.link) for e in feed.entries]
    assert all(link.startswith("https://example.github.io/llm-notes/") for link in links)
    created = {
        link.removeprefix("https://example.github.io/llm-notes/"): e.published[:10]
        for link, e in zip(links, feed.entries, strict=True)
    }
    assert created == {page_url(uri): dates[0] for uri, dates in NOTE_DATES.items()}
    published = [e.published_parsed for e in feed.entries]
    assert published == sorted(published, reverse=True)
    updated = {unquote(e.link): e.updated[:10] for e in feed.entries}
    assert updated[f"https://example.github.io/llm-notes/{page_url('丁 笔记.md')}"] == "2024-05-01"
    text = (site / "feed.xml").read_text(encoding="utf-8")
    assert "秘密草稿" not in text and "草稿里的问题" not in text and "草稿" not in unquote(text)
    (wu,) = [e for e in feed.entries if e.title == "笔记戊"]
    assert wu.summary == "戊的开头 继续。 戊的问题？TODO"
    assert "私下的评论" not in text and "私下的评论" not in page(site, "recent")


def test_every_page_links_the_feed(site: Path) -> None:
    for url in ("", "笔记/甲/", "todo/", "recent/"):
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="[./]*feed.xml">', page(site, url)
        ), url


def test_without_git_the_build_falls_back_to_front_matter_and_file_times(site: Path, tmp_path: Path) -> None:
    project = tmp_path / "copy"
    shutil.copytree(site.parent, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    shutil.rmtree(project / ".git")
    copied, _ = build_project(project, "--strict")
    items = json.loads((copied / "todo.json").read_text(encoding="utf-8"))["items"]
    opened = {(i["note"], i["text"]): i["created"] for i in items}
    assert opened[("乙.md", "旧问题？")] == "2023-05-01"
    assert opened[("笔记/甲.md", "计划")] == "2024-01-01"
    assert opened[("戊.md", "戊的问题？")] == "2024-08-01"
    today = date.fromtimestamp((project / "docs" / "笔记" / "甲.md").stat().st_mtime).isoformat()
    assert opened[("笔记/甲.md", "为什么？")] == today
    assert "创建于2023-05-01更新于2024-06-01" in re.sub(r"<[^>]+>|\s", "", page(copied, "乙"))


def test_without_a_git_program_there_is_no_history(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(git_history, "GIT", ["/nonexistent/git"])
    monkeypatch.setattr(git_history, "_cache", {})
    assert git_history.history(str(project / "docs")) == {}
    monkeypatch.undo()
    assert "笔记/甲.md" in git_history.history(str(project / "docs"))


def test_a_rebuild_reads_the_log_again_only_after_a_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``mkdocs serve`` every save rebuilds; the history is read again only when HEAD moved."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\n问题？TODO\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "docs")
    git(tmp_path, "commit", "-q", "-m", "a", when="2024-01-10T09:00:00+08:00")
    logs = []
    real = git_history._git
    monkeypatch.setattr(git_history, "_git", lambda cwd, *args: logs.append(args[0]) or real(cwd, *args))
    docs = str(tmp_path / "docs")
    first = git_history.history(docs)
    (tmp_path / "docs" / "a.md").write_text("# A\n\n问题？TODO\n\n另一个？TODO\n", encoding="utf-8")
    assert git_history.history(docs) is first and logs.count("log") == 1
    git(tmp_path, "commit", "-q", "-am", "b", when="2024-02-10T09:00:00+08:00")
    assert git_history.history(docs)["a.md"].written("另一个？TODO").isoformat() == "2024-02-10T09:00:00+08:00"
    assert logs.count("log") == 2


def test_quoted_paths_and_lines_that_look_like_headers() -> None:
    log = (
        "\0" + "2024-01-10T09:00:00+08:00\n\n"
        'diff --git "a/docs/\\"引号\\".md" "b/docs/\\"引号\\".md"\nnew file mode 100644\n'
        '--- /dev/null\n+++ "b/docs/\\"引号\\".md"\n@@ -0,0 +1,2 @@\n+-- 不是文件头\n+++ 也不是\n'
        "\0" + "2024-02-10T09:00:00+08:00\n\n"
        'diff --git "a/docs/\\"引号\\".md" "b/docs/\\"引号\\".md"\n'
        '--- "a/docs/\\"引号\\".md"\n+++ "b/docs/\\"引号\\".md"\n@@ -1 +1 @@\n--- 不是文件头\n+-- 改过\n'
    )
    (history,) = parse_log(log, "docs/").values()
    assert history.written("++ 也不是").isoformat() == "2024-01-10T09:00:00+08:00"
    assert history.written("-- 改过").isoformat() == "2024-02-10T09:00:00+08:00"
    assert history.written("-- 不是文件头") is None
    assert list(parse_log(log, "docs/")) == ['"引号".md']
