"""Linear by construction: our work grows no faster than the vault.

The same synthetic vault at 200 and 400 notes, the larger exactly the smaller's
shape twice, is built with ``scripts.work_units``, which counts the lines each
stage of ``hooks/kb`` executes and the bytes MkDocs writes. These are counts,
not timings, so they do not depend on the machine. Linear work with a fixed
overhead grows at most ×2 when the input doubles; ×2.15 leaves room for
n·log n sorting but catches a quadratic term of a few per cent at 200 notes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, make_project

from kb.emit.folder_pages import NAV_LIMIT
from scripts.bench_todos import many_todos
from scripts.work_units import LineCounter

MAX_GROWTH = 2.15
# nav_window: every note's page opens its folded folder on its neighbours.
# engine: the worker pool's path, run in the counting process (KB_WORKERS=0).
# query: a fixed number of queries, each over every note (kb/query).
STAGES = {
    "parse",
    "filter",
    "model",
    "emit",
    "page",
    "markdown",
    "search",
    "nav",
    "nav_window",
    "mentions",
    "query",
    "engine",
}
SIZES = (200, 400)
# Every folder is bigger than NAV_LIMIT at both sizes, so both navigations are
# folded alike; a folder folded at 400 but not at 200 would hide a growth.
# 4 folders, 10 tags and one draft in 50 divide 200: note i and note i + 200 match.
FOLDERS = ("阅读笔记", "课程", "论文", "剪藏")
TAGS = ("大模型", "训练", "推理", "微调", "评测", "数据", "对齐", "检索", "部署", "论文")


def growth_failures(small: dict[str, int], large: dict[str, int], limit: float = MAX_GROWTH) -> list[str]:
    """Each measure that grew more than ``limit`` times from ``small`` to ``large``."""
    return [
        f"{name}: {small.get(name, 0)} → {count} (×{count / small[name] if small.get(name) else float('inf'):.2f})"
        for name, count in sorted(large.items())
        if count > limit * small.get(name, 0)
    ]


def tag(k: int) -> str:
    return TAGS[k % len(TAGS)]


def folder(k: int) -> str:
    return FOLDERS[k % len(FOLDERS)]


def title(i: int) -> str:
    return f"第{i:04d}篇 {tag(i)}"


def note(i: int, n: int) -> str:
    """Note ``i`` of ``n``: its links go to (i·k + c) mod n, by title, alias, heading and path;
    it names two more without a link, and every note names the home page."""
    a, b, c, d, e, f = ((i * k + m) % n for k, m in ((7, 3), (13, 5), (17, 11), (19, 2), (23, 7), (29, 13)))
    draft = "draft: true\n" if i % 50 == 49 else ""
    return (
        f"---\ntitle: {title(i)}\ntags: [{tag(i)}, {tag(i * 3 + 1)}]\n"
        f"aliases: [别名{i:04d}]\n{draft}---\n\n"
        f"# {title(i)}\n\n## 背景\n\n"
        f"这一篇讲 #{tag(i * 7 + 5)} 的一个细节，参见 [[{title(a)}]]、[[别名{b:04d}|另一篇]]、"
        f"[[{title(c)}#要点]]、[[{folder(d)}/n{d:04d}]] 和还没写的 [[待写{i:04d}]]。==重点==%%私下的话%%\n\n"
        f"损失是 $x^2$ 的和^[见原文第 {i:04d} 页]：\n\n$$\nL = \\sum_i (y_i - x_i)^2\n$$\n\n"
        f"> [!tip] 提示\n> 先读 [[{title(b)}]]。\n\n"
        f"![[{title(c)}#要点]]\n\n"
        f"顺带一提，{title(e)} 和别名{f:04d}也相关，目录在首页。\n\n"
        f"## 要点\n\n注意力的复杂度是多少？TODO\n\n- [ ] 补上第 {i:04d} 号实验\n- [x] 读完原文\n"
    )


# One note whose open questions grow with the vault: 20 for each note, 4,000 at 200 notes.
TODOS_PER_NOTE = 20


# Queries over every note: a .base file with its page and an embed, a ```base block, Dataview's three kinds.
BASE = (
    'filters:\n  or:\n    - file.hasTag("大模型")\n    - file.inFolder("论文")\nformulas:\n  len: \'file.name + "·"\'\n'
    "views:\n  - type: table\n    name: 表\n    order: [file.name, formula.len]\n"
    "    sort:\n      - property: file.name\n        direction: DESC\n"
    "  - type: cards\n    name: 卡片\n    groupBy: file.folder\n"
)
QUERIES = (
    '# 查询\n\n![[笔记.base#卡片]]\n\n```base\nfilters: file.hasTag("训练")\nviews:\n  - type: list\n```\n\n'
    '```dataview\nTABLE file.folder AS "文件夹" FROM #推理 or "课程"\n'
    'WHERE !contains(file.name, "9") SORT file.name DESC\n```\n\n'
    "```dataview\nLIST FROM [[首页]] or outgoing([[第0001篇 训练]]) GROUP BY file.folder\n```\n\n"
    "```dataview\nTASK WHERE !completed SORT text\n```\n"
)


def vault(n: int) -> dict[str, str]:
    notes = {"index.md": "# 首页\n\n笔记按文件夹排列。\n", "很多待办.md": many_todos(TODOS_PER_NOTE * n)}
    notes |= {"查询.md": QUERIES, "笔记.base": BASE}
    notes |= {f"{folder(i)}/n{i:04d}.md": note(i, n) for i in range(n)}
    return notes


def work_units(projects: list[Path]) -> list[dict]:
    """``scripts.work_units`` for each project, each in its own process (no cache
    is shared), all at once."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "scripts.work_units", str(project)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for project in projects
    ]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-3000:]
        results.append(json.loads(out))
    return results


def measures(units: dict) -> dict[str, int]:
    return {**units["stages"], "html_bytes": units["html_bytes"], "search_index_bytes": units["search_index_bytes"]}


def test_every_stage_grows_linearly(tmp_path: Path) -> None:
    small, large = work_units([make_project(tmp_path / str(n), vault(n)) for n in SIZES])
    for stage in sorted(STAGES):
        assert small["stages"].get(stage, 0) > 0, f"stage {stage} counted nothing: {small['stages']}"
    failures = growth_failures(measures(small), measures(large))
    assert not failures, f"grew faster than linearly from {SIZES[0]} to {SIZES[1]} notes:\n" + "\n".join(failures)


def test_every_folder_is_folded_at_both_sizes() -> None:
    for n in SIZES:
        published = Counter(uri.split("/")[0] for uri, text in vault(n).items() if "/" in uri and "draft:" not in text)
        assert len(published) == len(FOLDERS) and min(published.values()) > NAV_LIMIT


def linear(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def quadratic(n: int) -> int:
    return sum([i ^ j for i in range(n) for j in range(n)])  # no call per step: only lines see it


def lines_run(work: Callable[[int], int], n: int) -> int:
    with LineCounter(lambda filename: "test" if filename == __file__ else None) as counter:
        work(n)
    return sum(counter.by_stage().values())


def test_the_count_catches_a_quadratic_loop() -> None:
    small, large = ({work.__name__: lines_run(work, n) for work in (linear, quadratic)} for n in SIZES)
    assert [failure.split(":")[0] for failure in growth_failures(small, large)] == ["quadratic"]
