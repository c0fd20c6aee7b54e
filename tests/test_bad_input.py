"""Bad input gets a message naming the file (and line); the rest of the site still builds.

A note whose front matter cannot be read is not published (it might have said
``draft: true``); see tests/test_drafts_fail_closed.py."""

from __future__ import annotations

from pathlib import Path

from conftest import build_project, make_project, mkdocs

NOTES: dict[str, str | bytes] = {
    "index.md": "# 首页\n\n见 [[好的]]。\n",
    "好的.md": "# 好的\n\n正常的笔记。\n",
    "坏的yaml.md": "---\ntitle: 坏的\ntags: [未闭合\n---\n\n# 坏的\n\n正文还在。\n",
    "gbk.md": "# 国标编码\n\n这篇笔记用 GBK 保存，预训练数据去重有利于避免记忆和过拟合。\n".encode("gb18030"),
    "binary.md": b"\x00\x01\x02\xff\xfe\x00binary",
}


def test_each_problem_is_named_and_the_rest_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path, NOTES)
    site, log = build_project(project)
    assert "WARNING -  坏的yaml.md: 第 4 行: front matter 不是合法的 YAML" in log
    assert "第 3 行开始的部分没有结束" in log
    assert "gbk.md: 以 gb18030 编码读取" in log or "gbk.md: 以 gbk 编码读取" in log
    assert "WARNING -  binary.md: 无法识别的编码" in log
    assert "这篇笔记不发布" in log  # fail closed: it might have said draft: true
    assert not (site / "坏的yaml").exists()
    assert "预训练数据去重" in (site / "gbk" / "index.html").read_text(encoding="utf-8")
    assert not (site / "binary").exists()
    assert (site / "好的" / "index.html").is_file()
    # Nothing the user wrote is changed.
    assert (project / "docs" / "gbk.md").read_bytes() == NOTES["gbk.md"]


def test_strict_turns_those_warnings_into_a_failure(tmp_path: Path) -> None:
    project = make_project(tmp_path, NOTES)
    proc = mkdocs("build", "--strict", "-d", str(tmp_path / "site"), cwd=project, check=False)
    assert proc.returncode != 0 and "坏的yaml.md" in proc.stderr + proc.stdout
