"""Pages rendered in worker processes give the site one process gives, byte
for byte, and their warnings still count."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_project, mkdocs
from test_linear import vault

from kb.engine.parallel import MIN_PAGES

NOTES = 2 * MIN_PAGES  # enough pages for the pool to be used


def build(project: Path, site: str, workers: int, *args: str, check: bool = True):
    return mkdocs("build", "-d", str(project / site), *args, cwd=project, check=check, env={"KB_WORKERS": str(workers)})


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    notes = vault(NOTES)
    notes["阅读笔记/循环.md"] = "# 循环\n\n![[循环]]\n"  # a warning, raised in a worker
    return make_project(tmp_path_factory.mktemp("parallel"), notes)


@pytest.mark.parametrize("workers", [2, 0], ids=["forked", "in-process"])
def test_parallel_build_is_byte_identical_to_one_process(project: Path, workers: int) -> None:
    """0 runs the pool's path in this process, as the linear-work count does."""
    one = build(project, "site-one", 1)
    many = build(project, f"site-{workers}", workers)
    assert "Rendering" not in one.stderr
    assert "Rendering" in many.stderr
    a, b = tree(project / "site-one"), tree(project / f"site-{workers}")
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    assert len(a) > NOTES


def test_warnings_from_workers_are_reported_once_and_count_for_strict(project: Path) -> None:
    proc = build(project, "site-strict", 2, "--strict", check=False)
    assert "Rendering" in proc.stderr
    assert proc.returncode != 0
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("WARNING") and "循环" in line]
    assert len(warnings) == 1, proc.stderr
