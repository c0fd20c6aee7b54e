"""Robust: one bad note never stops the build (issue 22).

A vault holds, beside good notes, one note for each kind of bad input that
used to crash, hang or blow up the build. It is built in a child process
under a memory limit and a time limit: the build exits 0 without
``--strict``, every good note has its page, and each bad note is named in a
warning. Unit tests below check the pieces.
"""

from __future__ import annotations

import logging
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project

from kb.markdown import quotes
from kb.markdown.lists import MAX_DEPTH
from kb.page import todo_marks
from kb.parse import yaml_safe
from kb.parse.controls import strip_controls
from kb.parse.note import parse_note
from kb.vault_walk import safe_walk

MEMORY_LIMIT = 3 * 1024**3  # address space of the build process (RLIMIT_AS)
TIME_LIMIT = 300  # seconds; the vault builds in well under a minute

BOMB = 'a0: &a0 ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]\n' + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)
GOOD = {
    "index.md": "# 首页\n\n见 [[好的甲]] 和 [[好的乙]]。\n",
    "好的甲.md": "---\ntitle: 好的甲\ntags: [训练]\ndate: 2024-02-28\n---\n\n# 好的甲\n\n正常的笔记。TODO\n",
    "好的乙.md": "# 好的乙\n\n- 一\n  - 二\n    - 三\n",
    "x/好的丙.md": "# 好的丙\n\n文件夹里的笔记。\n",
}
BAD: dict[str, str | bytes] = {
    # A terminal colour code in the title and the opening.
    "颜色码.md": '---\ntitle: "\\e[31m红色\\e[0m标题"\n---\n\n'
    + "# \x1b[1m加粗\x1b[0m标题\n\n开头\x07有响铃\x1b[32m和颜色\x1b[0m。\n",
    "坏日期.md": "---\ntitle: 坏日期\ndate: 2024-02-30\n---\n\n# 坏日期\n\n正文。\n",
    "坏更新日期.md": "---\ntitle: 坏更新日期\nupdated: 2024-13-45\n---\n\n# 坏更新日期\n\n正文。\n",
    "深列表.md": "# 深列表\n\n" + "".join("  " * i + f"- 第 {i} 层\n" for i in range(300)),
    # 500 quote markers on a line, and callouts nested 500 deep (RecursionError).
    "深引用.md": "# 深引用\n\n"
    + ">" * 500
    + " 很深的引用\n\n"
    + "".join("> " * i + f"[!note] 第 {i} 层\n" for i in range(1, 500)),
    "标签炸弹.md": f"---\ntitle: 标签炸弹\n{BOMB}tags: *a8\n---\n\n# 标签炸弹\n\n正文还在。\n",
    "别名炸弹.md": f"---\ntitle: 别名炸弹\n{BOMB}aliases: [*a8, *a8]\n---\n\n# 别名炸弹\n\n正文还在。\n",
    "坏字节.md": "# 坏字节\n\n前面是好的 UTF-8 中文，".encode() + b"\xff\xfe\x80" + "后面也是，别丢掉这篇。\n".encode(),
}
# Not bad, only big: 44,000 open questions in one note took 114 s, quadratic in them.
BIG = {"很多待办.md": "# 很多待办\n\n" + "".join(f"第 {i} 个问题？TODO\n\n" for i in range(44_000))}
LINKS = {"x/loop": ".", "x/外面": "/etc", "x/断了.md": "不存在.md"}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_bad_notes_are_named_and_the_rest_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path, {**GOOD, **BAD, **BIG})
    for link, target in LINKS.items():
        (project / "docs" / link).symlink_to(target)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-5000:]
    site = project / "site"
    for name in [*GOOD, *BIG]:
        page = site / name.removesuffix(".md").removesuffix("index") / "index.html"
        assert page.is_file(), f"{name} was not built"
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    for name in [*BAD, *LINKS]:
        assert any(f" {name}:" in w for w in warnings), f"no warning names {name}:\n" + "\n".join(warnings)
    # Bad notes are kept, as well as they can be shown.
    for name in BAD:
        assert (site / name.removesuffix(".md") / "index.html").is_file(), f"{name} was dropped"
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "红色标题" in feed and "\x1b" not in feed
    assert "\x1b" not in (site / "颜色码" / "index.html").read_text(encoding="utf-8")
    assert "\ufffd后面也是" in (site / "坏字节" / "index.html").read_text(encoding="utf-8")
    dated = (site / "坏日期" / "index.html").read_text(encoding="utf-8")
    assert "2024-02-30" not in dated  # the block is not shown as text
    assert "第 43999 个问题" in (site / "todo" / "index.html").read_text(encoding="utf-8")
    assert not (site / "x" / "loop").exists() and not (site / "x" / "外面").exists()


# The pieces.


def test_control_characters_are_removed_with_their_lines() -> None:
    text, lines = strip_controls("好\n\x1b[31m红\x1b[0m\n\t缩进\x00\n\x85")
    assert text == "好\n红\n\t缩进\n" and lines == [2, 3, 4]
    assert strip_controls("无害\r\n") == ("无害\r\n", [])


def test_control_characters_leave_front_matter_values() -> None:
    note = parse_note("a.md", '---\ntitle: "\\e[31m红\\e[0m"\naliases: ["\\a别名"]\n---\n\n正文\n')
    assert note.title == "红" and note.aliases == ["别名"]


def test_impossible_dates_are_reported_and_kept_as_text() -> None:
    meta, problems = yaml_safe.load("title: 甲\ndate: 2024-02-30\nupdated: 2024-13-45\ncreated: 2024-02-29\n")
    assert meta["date"] == "2024-02-30" and meta["updated"] == "2024-13-45" and meta["title"] == "甲"
    assert str(meta["created"]) == "2024-02-29"
    assert problems == [
        "第 3 行: 日期 2024-02-30 不存在（day is out of range for month），已忽略",
        "第 4 行: 日期 2024-13-45 不存在（month must be in 1..12），已忽略",
    ]


def test_an_impossible_date_lets_the_next_source_apply() -> None:
    from datetime import datetime

    from kb.dates import note_dates

    note = parse_note("a.md", "---\ndate: 2024-02-30\nupdated: 2024-13-45\n---\n\n正文\n")
    mtime = datetime(2023, 5, 6).astimezone()
    dates = note_dates(note, None, mtime)
    assert dates.created == mtime and dates.updated == mtime
    assert len(note.problems) == 2


def test_an_alias_bomb_is_dropped_before_it_is_built() -> None:
    import tracemalloc

    tracemalloc.start()
    meta, problems = yaml_safe.load(f"title: 炸弹\n{BOMB}tags: *a8\naliases: [*a8]\nok: [*a1, *a1]\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000
    assert "tags" not in meta and "aliases" not in meta and len(meta["ok"]) == 2
    assert problems == [
        "第 7、8、9、10、11、12、13 行: a4、a5、a6、a7、a8、tags、aliases "
        "的 YAML 别名（&/*）展开后过大或指向自身，已忽略"
    ]


def test_a_value_holding_itself_is_dropped() -> None:
    meta, problems = yaml_safe.load("tags: &t [甲, *t]\ntitle: 乙\n")
    assert meta == {"title": "乙"} and problems


def test_ordinary_aliases_still_work() -> None:
    assert yaml_safe.load("a: &x [甲, 乙]\nb: *x\n") == ({"a": ["甲", "乙"], "b": ["甲", "乙"]}, [])


def test_stray_bytes_become_replacement_characters(caplog: pytest.LogCaptureFixture) -> None:
    from kb.parse.decode import read_note

    class FakeFile:
        src_uri = "坏字节.md"
        content_bytes = "# 标题\n\n好的中文".encode() + b"\xff" + "还在\n第四行".encode() + b"\xc3"
        content_string = None

    file = FakeFile()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        text = read_note(file)  # type: ignore[arg-type]
    assert text == "# 标题\n\n好的中文\ufffd还在\n第四行\ufffd"
    assert file.content_string == text
    assert "坏字节.md: 第 3、4 行有 2 处不是 UTF-8 的字节" in caplog.text


def test_another_encoding_is_still_detected() -> None:
    from kb.parse.decode import read_note

    class FakeFile:
        src_uri = "gbk.md"
        content_bytes = "# 国标\n\n这篇笔记用 GBK 保存，预训练数据去重。\n".encode("gb18030")
        content_string = None

    assert "预训练数据去重" in (read_note(FakeFile()) or "")  # type: ignore[arg-type]


def test_deep_lists_are_cut_at_max_depth(caplog: pytest.LogCaptureFixture) -> None:
    import markdown

    from kb.markdown.lists import ObsidianListsExtension

    note = parse_note("深.md", "# 深\n\n" + "".join("  " * i + f"- 第{i}层\n" for i in range(300)))
    md = markdown.Markdown(extensions=[ObsidianListsExtension(lambda: note)])
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        html = md.convert(note.body)
    assert html.count("<ul>") == MAX_DEPTH and html.count("<li>") == 300 and "第299层" in html
    assert f"深.md: 第 {3 + MAX_DEPTH} 行: 列表嵌套超过 {MAX_DEPTH} 层" in caplog.text


def test_lists_within_the_limit_are_unchanged() -> None:
    import markdown

    from kb.markdown.lists import ObsidianListsExtension

    text = "".join("  " * i + f"- 第{i}层\n" for i in range(MAX_DEPTH))
    html = markdown.Markdown(extensions=[ObsidianListsExtension()]).convert(text)
    assert html.count("<ul>") == MAX_DEPTH


def test_deep_quotes_and_callouts_are_cut_at_max_depth(caplog: pytest.LogCaptureFixture) -> None:
    import markdown

    from kb.markdown.callouts import CalloutExtension

    text = "# 深\n\n" + "".join("> " * i + f"[!note] 第{i}层\n" for i in range(1, 500)) + "\n" + ">" * 500 + " 尾\n"
    note = parse_note("深.md", text)
    md = markdown.Markdown(extensions=["admonition", CalloutExtension(), quotes.QuoteDepthExtension(lambda: note)])
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        html = md.convert(note.body)
    assert html.count('<div class="admonition note">') == quotes.MAX_DEPTH and "第499层" in html and "尾" in html
    assert f"深.md: 第 {3 + quotes.MAX_DEPTH} 行: 引用嵌套超过 {quotes.MAX_DEPTH} 层" in caplog.text


def test_quote_depth_never_changes_code() -> None:
    deep, cut = "> " * 40, "> " * quotes.MAX_DEPTH
    lines = ["```", ">" * 40, "```", deep + "```py", deep + ">" * 50 + " 代码", deep + "```", "    " + ">" * 40]
    out, first = quotes.cap_quotes(lines)
    # Code keeps its text; a fence in a deep quote loses only the quote markers its opening line loses.
    assert out == ["```", ">" * 40, "```", cut + "```py", cut + ">" * 50 + " 代码", cut + "```", "    " + ">" * 40]
    assert first == deep + "```py"
    shallow = ["> " * quotes.MAX_DEPTH + "不变", "> > 也不变"]
    assert quotes.cap_quotes(shallow) == (shallow, None)


def test_links_that_loop_or_leave_are_not_walked(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    docs = tmp_path / "docs"
    (docs / "a" / "b").mkdir(parents=True)
    (docs / "c").mkdir()
    (docs / "a" / "b" / "n.md").write_text("x")
    (docs / "c" / "m.md").write_text("x")
    (docs / "a" / "b" / "up").symlink_to("..")
    (docs / "a" / "toC").symlink_to("../c")
    (docs / "c" / "toA").symlink_to("../a")  # a loop through two links
    (docs / "a" / "etc").symlink_to("/etc")
    (docs / "a" / "gone.md").symlink_to("nowhere.md")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        listed = sorted(
            os.path.relpath(os.path.join(d, f), docs)
            for d, _, files in safe_walk(str(docs), followlinks=True)
            for f in files
        )
    assert listed == ["a/b/n.md", "a/toC/m.md", "c/m.md", "c/toA/b/n.md"]
    for name in ("a/b/up", "a/toC/toA", "c/toA/toC", "a/etc", "a/gone.md"):
        assert f"{name}: 符号链接" in caplog.text


def test_marking_many_todos_is_linear() -> None:
    import time

    def run(k: int) -> float:
        note = parse_note("多.md", "".join(f"第 {i} 个？TODO\n\n" for i in range(k)))
        start = time.process_time()
        for _ in range(3):
            todo_marks.apply(note, note.body, "todo/")
        return time.process_time() - start

    note = parse_note("多.md", "甲？TODO\n\n乙 TODO：丙\n")
    marked = todo_marks.apply(note, note.body, "todo/")
    assert marked.count('class="kb-todo') == 2 and marked.startswith("甲？<a ") and marked.endswith("</a>：丙\n")
    assert run(40_000) < 4 * run(10_000) + 0.5  # quadratic would be ×16


def test_a_save_during_a_dirty_rebuild_changes_nothing_it_planned(tmp_path: Path) -> None:
    """Under ``serve --dirty`` MkDocs asks each page's file twice whether it is newer than
    its output, when reading and when writing; a save in between wrote an unread page."""
    from mkdocs.structure.files import File, Files

    from kb.serve.dirty import freeze_modified

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# 甲\n", encoding="utf-8")
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text("旧", encoding="utf-8")
    file = File("a.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    os.utime(file.abs_src_path, (1, 1))  # older than its output: not rebuilt
    files = Files([file])
    freeze_modified(files)
    os.utime(file.abs_src_path)  # saved while the rebuild runs
    assert file.is_modified() is False
