"""``mkdocs serve`` while writing: an edit shows in the page, the TODO page and backlinks, once."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port, make_project

from kb.emit.folder_pages import NAV_LIMIT

A = "---\ntitle: 甲\ntags: [旧标签]\n---\n\n# 甲\n\n第一个问题？TODO\n"
B = "---\ntitle: 乙\ntags: [乙标签]\n---\n\n# 乙\n\n旧的说法，见 [[甲]]。\n"


class Serve:
    def __init__(self, project: Path, *args: str, tool: str = "mkdocs"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/llm-notes/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", tool, "serve", "--livereload", "-a", f"127.0.0.1:{self.port}", *args],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)

    def builds(self) -> int:
        return sum("Building documentation" in line for line in self.log)

    def wait_for_build(self, count: int, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.builds() >= count and any("Serving on" in line for line in self.log):
                # The build is logged before it is written; wait for the reload message.
                if sum("Reloading browsers" in line or "Serving on" in line for line in self.log) >= count:
                    return
            time.sleep(0.2)
        raise AssertionError("no rebuild:\n" + "".join(self.log))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


MODES = pytest.mark.parametrize("mode", [(), ("--dirty",)], ids=["full", "dirty"])


def search_locations(serve: Serve) -> dict[str, str]:
    index = json.loads(serve.get("search/search_index.json"))
    return {doc["location"]: (doc["title"] + doc["text"]).replace("\u200b", "") for doc in index["docs"]}


@MODES
def test_an_edit_updates_page_todo_and_backlinks_with_one_rebuild(tmp_path: Path, mode: tuple[str, ...]) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n", "甲.md": A, "乙.md": B})
    serve = Serve(project, *mode)
    try:
        serve.wait_for_build(1)
        assert "第一个问题" in serve.get("todo/")
        assert "旧的说法" in serve.get("%E7%94%B2/")

        assert "%E7%94%B2/" in serve.get("tags/%E6%97%A7%E6%A0%87%E7%AD%BE/")  # tags/旧标签/ lists 甲

        edited = A.replace("第一个问题", "改过的问题").replace("旧标签", "新标签")
        (project / "docs" / "甲.md").write_text(edited, encoding="utf-8")
        serve.wait_for_build(2)
        assert "改过的问题" in serve.get("%E7%94%B2/")
        assert "%E7%94%B2/" in serve.get("tags/%E6%96%B0%E6%A0%87%E7%AD%BE/")  # tags/新标签/
        assert missing(serve, "tags/%E6%97%A7%E6%A0%87%E7%AD%BE/")  # no note has 旧标签 any more
        assert "新标签" in serve.get("tags/") and "旧标签" not in serve.get("tags/")
        todo = serve.get("todo/")
        assert "改过的问题" in todo and "第一个问题" not in todo
        # 乙 was not rebuilt by a dirty build, and is still found.
        assert any(loc.startswith("%E4%B9%99/") and "旧的说法" in text for loc, text in search_locations(serve).items())

        (project / "docs" / "乙.md").write_text(B.replace("旧的说法", "新的说法"), encoding="utf-8")
        serve.wait_for_build(3)
        backlinks = serve.get("%E7%94%B2/").split('id="backlinks"', 1)[1]
        assert "新的说法" in backlinks and "旧的说法" not in backlinks
        # Its navigation names the pages that were not rebuilt, and its tag chip still
        # links to its tag's page.
        nav = serve.get("%E4%B9%99/").split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
        titles = re.findall(r'class="md-ellipsis">\s*(.*?)\s*</span>', nav, re.S)
        assert {"首页", "标签", "甲"} <= set(titles) and "None" not in titles, titles
        assert 'href="../tags/%E4%B9%99%E6%A0%87%E7%AD%BE/#tag:乙标签" class="md-tag"' in serve.get("%E4%B9%99/")
        assert "%E4%B9%99/" in serve.get("tags/%E4%B9%99%E6%A0%87%E7%AD%BE/")
        # Search knows every page, each once, with its new text.
        locations = search_locations(serve)
        pages = {loc.split("#")[0] for loc in locations}
        assert {"%E7%94%B2/", "%E4%B9%99/"} <= pages
        assert "todo/" not in pages  # each question is found in its own note
        assert any("改过的问题" in text for text in locations.values())
        assert not any("第一个问题" in text for text in locations.values())

        # A front matter edit: MkDocs rebuilds the page for its newer file, and its
        # tag chip keeps its link.
        dated = B.replace("旧的说法", "新的说法").replace("title: 乙\n", "title: 乙\ndate: 2024-05-01\n")
        (project / "docs" / "乙.md").write_text(dated, encoding="utf-8")
        serve.wait_for_build(4)
        assert 'href="../tags/%E4%B9%99%E6%A0%87%E7%AD%BE/#tag:乙标签" class="md-tag"' in serve.get("%E4%B9%99/")

        # A new TODO under a new heading: the TODO page, the note's tag page and the
        # note that links to it are right, and the home page's navigation too.
        (project / "docs" / "乙.md").write_text(B + "\n## 新的一节\n\n新的问题？TODO\n", encoding="utf-8")
        serve.wait_for_build(5)
        assert "新的问题" in serve.get("todo/") and "新的问题" in serve.get("%E4%B9%99/")
        assert "<strong>1</strong> 个未解决的待办" in serve.get("tags/%E4%B9%99%E6%A0%87%E7%AD%BE/")
        home_nav = serve.get("").split("md-nav--primary", 1)[1]
        # Under --dirty the TODO page's name carries no count, which would change every page.
        assert ("待办（2）" in home_nav) if not mode else ("待办（" not in home_nav and "待办" in home_nav)

        time.sleep(3)  # a build that wrote into docs/ would trigger another one by now
        assert serve.builds() == 5, "".join(serve.log)
        assert serve.proc.poll() is None
    finally:
        serve.stop()


def missing(serve: Serve, path: str) -> bool:
    try:
        serve.get(path)
    except urllib.error.HTTPError as error:
        return error.code == 404
    return False


def wait_until(check, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if check():
                return
        except OSError:
            pass  # the server is between builds
        time.sleep(0.3)
    raise AssertionError("the served site never changed")


@MODES
def test_no_stale_backlink_or_todo_survives_a_rename_or_a_deletion(tmp_path: Path, mode: tuple[str, ...]) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n", "甲.md": A, "乙.md": B + "\n乙的问题？TODO\n"})
    docs = project / "docs"
    serve = Serve(project, *mode)
    try:
        serve.wait_for_build(1)
        assert "乙的问题" in serve.get("todo/")

        (docs / "乙.md").rename(docs / "丙.md")
        wait_until(lambda: "%E4%B8%99/" in serve.get("%E7%94%B2/").split('id="backlinks"', 1)[1])
        backlinks = serve.get("%E7%94%B2/").split('id="backlinks"', 1)[1]
        assert "%E4%B9%99/" not in backlinks  # 乙 is gone
        assert missing(serve, "%E4%B9%99/")  # and so is its page
        todo = serve.get("todo/")
        assert "%E4%B8%99/" in todo and "%E4%B9%99/" not in todo

        (docs / "丙.md").unlink()
        wait_until(lambda: 'id="backlinks"' not in serve.get("%E7%94%B2/"))
        assert "乙的问题" not in serve.get("todo/")
        assert '"乙的问题' not in serve.get("todo.json")
        assert not any(loc.startswith(("%E4%B9%99/", "%E4%B8%99/")) for loc in search_locations(serve))
        assert missing(serve, "%E4%B8%99/")
    finally:
        serve.stop()


@MODES
def test_a_note_added_or_deleted_in_a_folded_folder_updates_the_pages_that_link_to_it(
    tmp_path: Path, mode: tuple[str, ...]
) -> None:
    notes = {f"大/笔记{i:02d}.md": f"# 笔记{i:02d}\n" for i in range(NAV_LIMIT + 5)}
    notes |= {"index.md": "# 首页\n", "庚.md": "# 庚\n\n还没写的 [[新笔记]]，和 [[笔记07]]。\n"}
    project = make_project(tmp_path, notes)
    docs = project / "docs"
    serve = Serve(project, *mode)
    try:
        serve.wait_for_build(1)
        assert "新笔记" in serve.get("to-write/")

        (docs / "大" / "新笔记.md").write_text("# 新笔记\n\n回到 [[庚]]。新的问题？TODO\n", encoding="utf-8")
        serve.wait_for_build(2)
        page = serve.get("%E5%BA%9A/")  # 庚
        assert 'href="../%E5%A4%A7/%E6%96%B0%E7%AC%94%E8%AE%B0/"' in page  # 大/新笔记, no longer missing
        assert "新笔记" in page.split('id="backlinks"', 1)[1]
        assert "新笔记" not in serve.get("to-write/") and "新的问题" in serve.get("todo/")
        assert "新笔记" in serve.get("%E5%A4%A7/")  # the folder's index page
        assert any(loc.startswith("%E5%A4%A7/%E6%96%B0") for loc in search_locations(serve))

        (docs / "大" / "笔记07.md").unlink()
        serve.wait_for_build(3)
        assert missing(serve, "%E5%A4%A7/%E7%AC%94%E8%AE%B007/")
        page = serve.get("%E5%BA%9A/")
        assert re.search(r'<span class="kb-missing"[^>]*>笔记07</span>', page)
        assert "笔记07" not in serve.get("%E5%A4%A7/") and "笔记07" in serve.get("to-write/")
    finally:
        serve.stop()


# What Obsidian, editors and systems write into a vault besides notes, and a folder
# the test's mkdocs.yml adds to exclude_docs.
SCRATCH = {
    ".obsidian/workspace.json": '{"active": "乙"}\n',  # Obsidian, on switching notes
    ".trash/旧笔记.md": "# 旧笔记\n",
    ".甲.md.swp": "b0VIM",
    "甲.md~": A,
    ".#甲.md": "user@host.1234",
    "甲.md.tmp": A,
    "4913": "",
    ".DS_Store": "\x00\x00\x00\x01Bud1",
    "templates/模板.md": "# 模板\n",
    "私人/日记.md": "# 日记\n",
}


def test_files_that_cannot_change_the_site_cause_no_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n", "甲.md": A, ".obsidian/workspace.json": "{}\n"})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  templates/\n", "  templates/\n  私人/\n"))
    docs = project / "docs"
    serve = Serve(project, "--dirty")
    try:
        serve.wait_for_build(1)
        for name, text in SCRATCH.items():
            (docs / name).parent.mkdir(exist_ok=True)
            (docs / name).write_text(text, encoding="utf-8")
            time.sleep(0.25)  # the system reports a change within milliseconds
            assert not any("Detected file changes" in line for line in serve.log), f"{name}:\n" + "".join(serve.log)
        for name in SCRATCH:
            (docs / name).unlink()
        time.sleep(1)
        assert serve.builds() == 1, "".join(serve.log)

        (docs / "甲.md").write_text(A + "\n新的一句。\n", encoding="utf-8")  # still watching
        serve.wait_for_build(2)
        assert "新的一句" in serve.get("%E7%94%B2/")
    finally:
        serve.stop()


def test_a_burst_of_saves_rebuilds_once_or_twice(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n", "甲.md": A, "乙.md": B})
    note = project / "docs" / "甲.md"
    serve = Serve(project, "--dirty")
    try:
        serve.wait_for_build(1)
        for save in range(1, 6):  # five saves within one second
            note.write_text(A + f"\n第{save}次保存。\n", encoding="utf-8")
            time.sleep(0.2)
        wait_until(lambda: "第5次保存" in serve.get("%E7%94%B2/"))
        time.sleep(2)  # a rebuild still to come would have started by now
        rebuilds = serve.builds() - 1
        assert rebuilds in (1, 2), "".join(serve.log)
        assert sum("Reloading browsers" in line for line in serve.log) == rebuilds
        assert "第4次保存" not in serve.get("%E7%94%B2/")
    finally:
        serve.stop()
