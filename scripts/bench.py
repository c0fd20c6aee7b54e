"""Benchmark: our full site against plain Material on synthetic vaults.

    .venv/bin/python -m scripts.bench [N ...] [--keep DIR] [--git [COMMITS]]

For each N (default 500 1000 2000) it makes a vault with
``../shared/bench/make_vault.py``, then builds it twice in one run: our site
(every hook and feature on, Chinese search included) and plain Material with
its default features and search. Each build runs in its own process, whose
wall time, CPU time and peak memory come from the kernel (``os.wait4``); the
output size is the built folder's bytes, and the search index's. It prints one table, with the
ratio ours/plain for each N and the growth from each N to the next.

With ``--git``, each vault is a git repository (one commit, or COMMITS, a day
apart, each adding its share of the notes), so our build dates every note and
TODO from its history. The table then says what the dates cost: one reading
of the history and the dating of every note (``kb/dates.py``), timed in this
process, first with git's log and then as a ``serve`` rebuild with no new
commit, and as a share of our build's wall time.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from kb import dates  # noqa: E402 (after the hooks folder is on the path)
from kb.graph.data import DATA_URI  # noqa: E402
from kb.parse.note import parse_note  # noqa: E402

MAKE_VAULT = ROOT.parent / "shared" / "bench" / "make_vault.py"
PLAIN_CONFIG = "site_name: plain\ntheme:\n  name: material\nplugins:\n  - search\n"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def page_weight(site: Path, page: Path) -> int:
    """Gzip bytes of a page and the site's own CSS and JS it links to."""
    html = page.read_bytes()
    total = gz(html)
    for ref in re.findall(rb'(?:href|src)="([^"]+\.(?:css|js))"', html):
        path = (page.parent / ref.decode()).resolve()
        if path.is_file() and site.resolve() in path.parents:
            total += gz(path.read_bytes())
    return total


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    size_mb: float
    search_mb: float
    graph_kb: float  # the global graph page with its CSS, JS and data, gzip; 0 without one


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it (the build's workers)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size: memory a process shares with its forks counts once in their sum."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


class PeakMemory(threading.Thread):
    """Samples the summed PSS of a process and its workers every 50 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))


def measure(cmd: list[str], cwd: Path, site: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = PeakMemory(proc.pid)
    memory.start()
    _, status, usage = os.wait4(proc.pid, 0)  # CPU time includes the workers it waited for
    wall = time.perf_counter() - start
    memory.done.set()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {cwd}:\n{proc.stderr.read().decode()[-2000:]}")
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    search = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    graph = site / "graph" / "index.html"
    graph_kb = (page_weight(site, graph) + gz((site / DATA_URI).read_bytes())) / 1024 if graph.is_file() else 0
    peak = max(memory.peak_kb, usage.ru_maxrss) / 1024
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, size / 2**20, search / 2**20, graph_kb)


def project(where: Path, vault: Path, config: str | None) -> Path:
    where.mkdir(parents=True)
    if config is None:
        shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
        (where / "hooks").symlink_to(ROOT / "hooks")
    else:
        (where / "mkdocs.yml").write_text(config, encoding="utf-8")
    (where / "docs").symlink_to(vault)
    return where


def commit_all(vault: Path, commits: int) -> None:
    """Make ``vault`` a git repository whose ``commits`` commits, a day apart, add its notes."""
    notes = sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md"))
    config = ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=vault, check=True)
    for k in range(commits):
        when = f"2024-01-{1 + k % 28:02d}T12:00:00+08:00"
        batch = notes[k * len(notes) // commits : (k + 1) * len(notes) // commits]
        subprocess.run(["git", "add", "--", *batch], cwd=vault, check=True)
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", *config, "commit", "-q", "-m", f"notes {k}"], cwd=vault, env=env, check=True)


def dating(vault: Path) -> tuple[float, float]:
    """Seconds to date every note of ``vault`` as the build does: with git's log, and
    again as a ``serve`` rebuild with no new commit reuses it."""
    paths = sorted(vault.rglob("*.md"))
    notes = [parse_note(p.relative_to(vault).as_posix(), p.read_text(encoding="utf-8")) for p in paths]
    times = []
    for _ in range(2):
        start = time.perf_counter()
        dates.assign(notes, str(vault))
        times.append(time.perf_counter() - start)
    return times[0], times[1]


def bench(n: int, work: Path, commits: int = 0, plain: bool = True) -> tuple[Run, Run | None]:
    vault = work / f"vault-{n}"
    subprocess.run([sys.executable, str(MAKE_VAULT), str(n), str(vault)], check=True, stdout=subprocess.DEVNULL)
    if commits:
        commit_all(vault, commits)
    runs: list[Run | None] = [None, None]
    for i, (name, config) in enumerate((("ours", None), ("plain", PLAIN_CONFIG))):
        if config is not None and not plain:
            continue
        proj = project(work / f"{name}-{n}", vault, config)
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(proj / "site")]
        runs[i] = measure(cmd, proj, proj / "site")
    assert runs[0] is not None
    return runs[0], runs[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 1000, 2000], metavar="N")
    parser.add_argument("--keep", type=Path, help="build here and keep the vaults and sites")
    parser.add_argument(
        "--git", type=int, nargs="?", const=1, default=0, metavar="COMMITS", help="vaults in git, and the dates' cost"
    )
    parser.add_argument(
        "--plain-up-to",
        type=int,
        default=None,
        metavar="N",
        help="build plain Material only up to N notes (at 10,000 it takes far too long on 2 cores)",
    )
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    results = {}
    costs = {}
    try:
        for n in sorted(args.sizes):
            with_plain = args.plain_up_to is None or n <= args.plain_up_to
            results[n] = bench(n, work, args.git, with_plain)
            ours, plain = results[n]
            also = f", plain {plain.wall:.1f} s" if plain else " (plain Material skipped: --plain-up-to)"
            print(f"built N={n}: ours {ours.wall:.1f} s{also}", file=sys.stderr)
            if args.git:
                costs[n] = dating(work / f"vault-{n}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"{'N':>6} | {'':5} | {'wall s':>8} | {'CPU s':>8} | {'peak MB':>8} | {'output MB':>9} | {'search MB':>9}"
        f" | {'graph KB gz':>11}"
    )
    print("-" * 86)
    for n, (ours, plain) in results.items():
        for name, run in (("ours", ours), ("plain", plain)):
            if run is None:
                print(f"{n:>6} | {name:5} | skipped (--plain-up-to)")
                continue
            print(
                f"{n:>6} | {name:5} | {run.wall:8.1f} | {run.cpu:8.1f} | {run.peak_mb:8.0f} | "
                f"{run.size_mb:9.1f} | {run.search_mb:9.1f} | {run.graph_kb:11.0f}"
            )
        if plain is None:
            continue
        print(
            f"{n:>6} | ratio | {ours.wall / plain.wall:8.2f} | {ours.cpu / plain.cpu:8.2f} | "
            f"{ours.peak_mb / plain.peak_mb:8.2f} | {ours.size_mb / plain.size_mb:9.2f} | "
            f"{ours.search_mb / plain.search_mb:9.2f}"
        )
    sizes = sorted(results)
    for lo, hi in zip(sizes, sizes[1:], strict=False):
        ours_growth = results[hi][0].wall / results[lo][0].wall
        plains = results[hi][1], results[lo][1]
        also = f", plain ×{plains[0].wall / plains[1].wall:.2f}" if plains[0] and plains[1] else ""
        print(f"growth {lo} → {hi}: ours ×{ours_growth:.2f}{also}")
    for n, (first, again) in costs.items():
        ours = results[n][0]
        print(
            f"dates at N={n} in git ({args.git} commit{'s' if args.git > 1 else ''}): {first:.2f} s with git log "
            f"= {first / ours.wall:.1%} of our build's wall time ({first / ours.cpu:.1%} of its CPU time); "
            f"{again:.2f} s on a serve rebuild with no new commit"
        )


if __name__ == "__main__":
    main()
