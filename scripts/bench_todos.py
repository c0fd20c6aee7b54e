"""One note's TODOs parsed and marked at two sizes, and one note's ``^id`` block ids
parsed at two sizes: the growth must stay linear.

``tests/test_linear.py`` counts the lines Python runs, where a line that calls
into C (``str.count`` from the body's start, a copy of the page per mark)
counts once whatever it costs. This times that work instead, so it is a
benchmark, not a test: eight times the TODOs is ×8 for linear work and ×64
for quadratic; the old marking grew ×24 (1.3 s to 31 s), and the old block
ids (each id's line counted from the note's start) ×50 (0.09 s to 4.6 s).

    .venv/bin/python -m scripts.bench_todos            # 5,000 and 40,000 of each
    .venv/bin/python -m scripts.bench_todos 1000 8000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from kb.page import todo_marks  # noqa: E402 (after the hooks folder is on the path)
from kb.parse.note import parse_note  # noqa: E402

LIMIT = 16  # ×8 the TODOs; linear work grows ×8, the margin is for the machine


def many_todos(count: int) -> str:
    """A note of ``count`` open questions, inline, in lists and as tasks, under a few headings."""
    parts = ["# 很多待办\n\n"]
    for i in range(count):
        if i % 100 == 0:
            parts.append(f"## 第 {i // 100} 组\n\n")
        parts.append(f"第 {i} 个问题怎么解释？TODO\n\n" if i % 2 else f"- [ ] 第 {i} 个任务\n\n")
    return "".join(parts)


def many_block_ids(count: int) -> str:
    """A note of ``count`` paragraphs and list items, each named by a ``^id``."""
    return "# 很多块\n\n" + "".join(
        f"第 {i} 段有一个名字。 ^p{i}\n\n" if i % 2 else f"- 第 {i} 项 ^li{i}\n" for i in range(count)
    )


def _mark_todos(text: str) -> None:
    note = parse_note("很多待办.md", text)
    todo_marks.apply(note, note.body, "../todo/")


def _parse_block_ids(text: str) -> None:
    parse_note("很多块.md", text)


CASES = [("TODOs", many_todos, _mark_todos), ("block ids", many_block_ids, _parse_block_ids)]


def cost(count: int, make=many_todos, work=_mark_todos) -> float:
    """Best of three, in CPU seconds."""
    text = make(count)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    small_n, large_n = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (5_000, 40_000)
    failed = False
    for name, make, work in CASES:
        small, large = cost(small_n, make, work), cost(large_n, make, work)
        growth = large / small
        print(f"{small_n} {name}: {small:.2f} s, {large_n}: {large:.2f} s, ×{growth:.2f} for ×{large_n / small_n:g}")
        failed = failed or growth >= LIMIT * (large_n / small_n) / 8
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
