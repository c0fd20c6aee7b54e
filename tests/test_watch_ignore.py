"""Which changes ``mkdocs serve`` rebuilds for: the rules, path by path, with the site's own mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from kb.serve.watch_ignore import Ignored

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def config() -> MkDocsConfig:
    return load_config(config_file=str(ROOT / "mkdocs.yml"))


@pytest.mark.parametrize(
    ("path", "is_dir"),
    [
        ("docs/.obsidian/workspace.json", False),
        ("docs/.obsidian", True),
        ("docs/.trash/旧笔记.md", False),
        ("docs/.trash", True),
        ("docs/templates/笔记模板.md", False),  # exclude_docs
        ("docs/templates", True),
        ("docs/阅读笔记/.笔记.md.swp", False),  # vim
        ("docs/阅读笔记/.笔记.md.swo", False),
        ("docs/阅读笔记/4913", False),
        ("docs/笔记.md~", False),  # vim, emacs backups
        ("docs/#笔记.md#", False),  # emacs
        ("docs/.#笔记.md", False),
        ("docs/笔记.md.tmp", False),
        ("docs/笔记.md___jb_tmp___", False),  # JetBrains
        ("docs/.DS_Store", False),
        ("mkdocs.yml~", False),  # scratch files are ignored outside docs/ too
    ],
)
def test_ignored(config: MkDocsConfig, path: str, is_dir: bool) -> None:
    assert Ignored(config)(str(ROOT / path), is_dir)


@pytest.mark.parametrize(
    ("path", "is_dir"),
    [
        ("docs/笔记.md", False),
        ("docs/阅读笔记/笔记.md", False),
        ("docs/attachments/图.png", False),
        ("docs/阅读笔记", True),
        ("docs/阅读笔记/笔记.tmp", True),  # only files are scratch files
        ("docs/4913.md", False),
        ("docs", True),
        ("mkdocs.yml", False),
    ],
)
def test_not_ignored(config: MkDocsConfig, path: str, is_dir: bool) -> None:
    assert not Ignored(config)(str(ROOT / path), is_dir)


def test_exclude_docs_is_read_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: 测试\nexclude_docs: |\n  私人/\n  *.pdf\n", encoding="utf-8")
    ignored = Ignored(load_config(config_file=str(tmp_path / "mkdocs.yml")))
    docs = tmp_path / "docs"
    assert ignored(str(docs / "私人" / "日记.md"))
    assert ignored(str(docs / "私人"), is_dir=True)
    assert ignored(str(docs / "论文.pdf"))
    assert not ignored(str(docs / "公开.md"))
    assert not ignored(str(docs / "templates.md"))
