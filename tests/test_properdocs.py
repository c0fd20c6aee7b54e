"""ProperDocs, the maintained MkDocs 1.x fork, builds this site as it is.

MkDocs 1.6.1 is the last MkDocs with plugins and hooks. ``properdocs``
(PyPI, the test extra) installs beside it without touching it: its package
is ``properdocs``, and only its own command redirects ``mkdocs.*`` imports
(Material's, our hooks') to itself. The real vault is built both ways and
every output file compared. Both builds run with one hash seed, so sets and
dicts iterate alike; the only difference left is the generator tag.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from test_linear import vault
from test_serve import A, B, Serve

from kb.engine.parallel import MIN_PAGES

NOTES = 2 * MIN_PAGES  # the pool's threshold, twice over

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(tool: str, site: Path, cwd: Path = ROOT, workers: str | None = None) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    env.pop("OFFLINE", None)
    if workers is not None:
        env["KB_WORKERS"] = workers
    cmd = [sys.executable, "-m", tool, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{tool} build failed:\n{proc.stderr[-3000:]}"
    return proc.stderr


def outputs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


NEEDS_PROPERDOCS = pytest.mark.skipif(
    importlib.util.find_spec("properdocs") is None,
    reason="properdocs is not installed: bash scripts/setup.sh installs it (pyproject's test extra)",
)


def different(ours: dict[str, bytes], theirs: dict[str, bytes]) -> list[str]:
    """Files that differ, but for the generator tag."""
    return [
        name
        for name in ours
        if ours[name] != theirs[name]
        and not (name.endswith(".html") and GENERATOR.sub(b"", ours[name]) == GENERATOR.sub(b"", theirs[name]))
    ]


@NEEDS_PROPERDOCS
def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    build("mkdocs", tmp_path / "mkdocs")
    build("properdocs", tmp_path / "properdocs")
    ours, theirs = outputs(tmp_path / "mkdocs"), outputs(tmp_path / "properdocs")
    assert sorted(theirs) == sorted(ours)
    assert b"ProperDocs 1.6" in theirs["index.html"]  # built by ProperDocs, not by MkDocs under its name
    pages = [name for name in ours if name.endswith(".html")]
    assert len(pages) > 20
    assert different(ours, theirs) == []


@NEEDS_PROPERDOCS
def test_properdocs_renders_in_two_workers_the_site_mkdocs_does(tmp_path: Path) -> None:
    """The pool, the seam and the hooks run under ProperDocs as under MkDocs."""
    project = make_project(tmp_path, vault(NOTES))
    build("mkdocs", project / "site-mkdocs", cwd=project, workers="2")
    log = build("properdocs", project / "site-properdocs", cwd=project, workers="2")
    pages = [line for line in log.splitlines() if "pages in 2 processes" in line]
    assert len(pages) == 1 and int(pages[0].split("Rendering ")[1].split()[0]) >= NOTES, log
    assert "接缝" not in log  # no seam fell back
    ours, theirs = outputs(project / "site-mkdocs"), outputs(project / "site-properdocs")
    assert sorted(theirs) == sorted(ours)
    assert b"ProperDocs 1.6" in theirs["index.html"]
    assert different(ours, theirs) == []


@NEEDS_PROPERDOCS
def test_properdocs_serve_dirty_shows_an_edit(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"index.md": "# 首页\n", "甲.md": A, "乙.md": B})
    serve = Serve(project, "--dirty", tool="properdocs")
    try:
        serve.wait_for_build(1)
        assert "旧的说法" in serve.get("%E4%B9%99/")
        (project / "docs" / "乙.md").write_text(B.replace("旧的说法", "新的说法"), encoding="utf-8")
        serve.wait_for_build(2)
        assert "新的说法" in serve.get("%E4%B9%99/")
        assert "新的说法" in serve.get("%E7%94%B2/").split('id="backlinks"', 1)[1]  # 甲's backlinks, rebuilt
        assert not any("接缝" in line for line in serve.log)
    finally:
        serve.stop()
