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
from conftest import ROOT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(tool: str, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    env.pop("OFFLINE", None)
    cmd = [sys.executable, "-m", tool, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{tool} build failed:\n{proc.stderr[-3000:]}"


def outputs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.skipif(
    importlib.util.find_spec("properdocs") is None,
    reason="properdocs is not installed: bash scripts/setup.sh installs it (pyproject's test extra)",
)
def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    build("mkdocs", tmp_path / "mkdocs")
    build("properdocs", tmp_path / "properdocs")
    ours, theirs = outputs(tmp_path / "mkdocs"), outputs(tmp_path / "properdocs")
    assert sorted(theirs) == sorted(ours)
    assert b"ProperDocs 1.6" in theirs["index.html"]  # built by ProperDocs, not by MkDocs under its name
    pages = [name for name in ours if name.endswith(".html")]
    assert len(pages) > 20
    differ = [
        name
        for name in ours
        if ours[name] != theirs[name]
        and not (name.endswith(".html") and GENERATOR.sub(b"", ours[name]) == GENERATOR.sub(b"", theirs[name]))
    ]
    assert differ == []
