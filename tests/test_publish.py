"""Publishing: drafts never leak, gh-deploy works, a new-note command, Obsidian settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_as_served, build_project, make_project, mkdocs

SECRET = "机密草稿词"

DRAFT = f"""\
---
title: {SECRET}标题
tags: [{SECRET}标签]
draft: true
---

# {SECRET}标题

{SECRET}正文。还有个问题？TODO

链接到 [[不存在的{SECRET}目标]]，也链接 [[公开]]。
"""

PRIVATE = f"""\
---
title: 私人笔记
publish: false
---

# 私人{SECRET}

- [ ] {SECRET}任务
"""

PUBLIC = """\
---
title: 公开
tags: [公开标签]
---

# 公开

提到 [[草稿]] 和 [[私人]]。公开的问题？TODO
"""


@pytest.fixture(scope="module")
def draft_project(tmp_path_factory) -> Path:
    return make_project(
        tmp_path_factory.mktemp("drafts"),
        {"index.md": "# 首页\n", "草稿.md": DRAFT, "private/私人.md": PRIVATE, "公开.md": PUBLIC},
    )


def test_drafts_leave_no_trace_in_the_published_site(draft_project: Path) -> None:
    site, log = build_project(draft_project, "--strict")
    assert not (site / "草稿").exists() and not (site / "private").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text and "私人笔记" not in text, path.relative_to(site)
    todo = json.loads((site / "todo.json").read_text(encoding="utf-8"))
    assert [item["note"] for item in todo["items"]] == ["公开.md"]
    assert "草稿" not in (site / "to-write" / "index.html").read_text(encoding="utf-8")


def test_links_to_drafts_render_as_missing(draft_project: Path) -> None:
    site, _ = build_project(draft_project)
    article = (site / "公开" / "index.html").read_text(encoding="utf-8").split("<article", 1)[1]
    assert article.count('class="kb-missing"') == 2
    assert "/草稿/" not in article and "private/" not in article


def test_serve_shows_drafts_with_a_banner(draft_project: Path) -> None:
    """``mkdocs serve`` builds with the serve command's flag; this runs its build once."""
    build_as_served(draft_project)
    html = (draft_project / "serve-site" / "草稿" / "index.html").read_text(encoding="utf-8")
    assert "草稿</p>" in html and "只在本地预览中可见" in html


def test_gh_deploy_publishes_to_a_local_remote(tmp_path: Path) -> None:
    project = make_project(tmp_path / "repo", {"index.md": "# 首页\n\n你好。\n"})
    remote = tmp_path / "remote.git"

    def git(*args: str, cwd: Path = project) -> str:
        return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout

    git("init", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "init")
    git("remote", "add", "origin", str(remote))
    env_git = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    git(*env_git, "config", "user.name", "t")
    git("config", "user.email", "t@example.org")
    mkdocs("gh-deploy", "--force", "--no-history", cwd=project)
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert ".nojekyll" in files
    assert "index.html" in files and "todo/index.html" in files
    assert "assets/mathjax/startup.js" in files and "assets/mathjax/input/tex.js" in files


def test_new_note_command_writes_front_matter(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.new_note",
            "注意力机制",
            "--folder",
            "阅读笔记",
            "--tags",
            "Transformer，注意力",
            "--date",
            "2024-05-01",
            "--docs",
            str(tmp_path),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    path = tmp_path / "阅读笔记" / "注意力机制.md"
    assert proc.stdout.strip() == str(path)
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: 注意力机制\ndate: '2024-05-01'\ntags:\n- Transformer\n- 注意力\n---\n\n# 注意力机制\n\n"
    )
    again = subprocess.run(
        [sys.executable, "-m", "scripts.new_note", "注意力机制", "--docs", str(tmp_path), "--folder", "阅读笔记"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 1 and "already exists" in again.stderr


def test_the_vault_settings_ship_and_stay_off_the_site(built_site: Path) -> None:
    app = json.loads((ROOT / "docs" / ".obsidian" / "app.json").read_text(encoding="utf-8"))
    assert app["attachmentFolderPath"] == "attachments" and app["useMarkdownLinks"] is False
    assert not (built_site / ".obsidian").exists() and not (built_site / "templates").exists()
