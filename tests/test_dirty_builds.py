"""``serve --dirty`` writes, after each kind of edit, the same site as a full build.

Each scenario builds a vault as ``serve --dirty`` does, applies its edits with
a dirty rebuild after each, and compares every page and the search index with
a full build of the final vault. A page the dirty rebuild left stale (a
backlink, an embed, a tag listing, a footer link, a search entry) shows as a
difference. The vault has a folder big enough to be folded in the navigation,
where edits rebuild only what they change.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_project

from kb.emit.folder_pages import NAV_LIMIT

BIG = {f"大/笔记{i:02d}.md": f"# 笔记{i:02d}\n\n正文{i}。\n" for i in range(NAV_LIMIT + 5)}
BASE = BIG | {
    "index.md": "# 首页\n",
    "小/甲.md": "---\ntags: [训练]\n---\n# 甲\n\n## 方法\n\n正文。\n",
    "小/乙.md": "# 乙\n\n见 [[甲#方法]]。\n",
    "小/A.md": "# A\n\n![[小/B]]\n",  # A shows B, which shows more
    "小/B.md": "# B\n\n要写 [[新笔记]]，见 [[笔记05#要点]]。\n\n![[笔记06]]\n",
    "大/笔记05.md": "# 笔记05\n\n## 要点\n\n内容。\n",
    "大/笔记01.md": "---\ntags: [训练]\n---\n# 笔记01\n",
}

SCENARIOS = {
    "touch only": [{"touch": ["小/甲.md"]}],
    "a new note in a folded folder, linked from an embedded note": [{"write": {"大/新笔记.md": "# 新笔记\n"}}],
    "a retitled note, embedded two deep": [{"write": {"大/笔记06.md": "---\ntitle: 第六篇\n---\n# 笔记06\n"}}],
    "a renamed heading, linked from an embedded note": [{"write": {"大/笔记05.md": "# 笔记05\n\n## 重点\n\n内容。\n"}}],
    "a tagged note deleted, then another moved": [
        {"delete": ["大/笔记01.md"]},
        {"rename": {"大/笔记07.md": "小/笔记07.md"}},
    ],
    "an alias added, then a note drafted": [
        {"write": {"大/笔记03.md": "---\naliases: [新笔记]\n---\n# 笔记03\n"}},
        {"write": {"小/乙.md": "---\ndraft: true\n---\n# 乙\n\n见 [[甲#方法]]。\n"}},
    ],
    "an unlinked mention added in two notes, then taken out of one": [
        {
            "write": {
                "小/乙.md": "# 乙\n\n见 [[甲#方法]]。笔记06 也要读。\n",
                "大/笔记09.md": "# 笔记09\n\n和笔记06有关。\n",
            }
        },
        {"write": {"小/乙.md": "# 乙\n\n见 [[甲#方法]]。\n"}},
    ],
}


def build(project: Path, site: Path, steps: Path | None = None) -> None:
    cmd = [sys.executable, str(ROOT / "tests" / "serve_builds.py"), str(project), str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([*cmd, *([str(steps)] if steps else [])], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]


def pages(site: Path) -> dict[str, str]:
    """Every output but the sitemap, our assets and Material's tags.json (whose order may differ)."""
    out = {}
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith(("sitemap", "assets/")) or name == "tags.json":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if name == "search/search_index.json":
            # Word boundaries (U+200B) may differ: jieba learns a new title's words for
            # the pages rebuilt after it, and keeps them for the rest of the serve.
            docs = json.loads(text.replace("\\u200b", "").replace("\u200b", ""))["docs"]
            text = "\n".join(sorted(json.dumps(d, ensure_ascii=False, sort_keys=True) for d in docs))
        text = re.sub(r"livereload\(\d+, \d+\)", "livereload()", text)
        out[name] = re.sub(r"(待办|待写笔记)（\d+）", r"\1", text)  # --dirty leaves the counts out on purpose
    return out


def assert_dirty_equals_full(tmp_path: Path, notes: dict[str, str], steps: list[dict]) -> None:
    """Serve ``--dirty`` through ``steps``, then build the result in full: every page the same."""
    project = make_project(tmp_path / "project", notes)
    (tmp_path / "steps.json").write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    build(project, tmp_path / "dirty", tmp_path / "steps.json")
    build(project, tmp_path / "full")
    dirty, full = pages(tmp_path / "dirty"), pages(tmp_path / "full")
    assert sorted(dirty) == sorted(full)
    stale = []
    for name in full:
        if dirty[name] != full[name]:
            diff = difflib.unified_diff(full[name].splitlines(), dirty[name].splitlines(), "full", "dirty", lineterm="")
            stale.append(f"{name} differs:\n" + "\n".join(list(diff)[:40]))
    assert not stale, "\n".join(stale)


@pytest.mark.parametrize("steps", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_a_dirty_rebuild_writes_what_a_full_build_writes(tmp_path: Path, steps: list[dict]) -> None:
    assert_dirty_equals_full(tmp_path, BASE, steps)
