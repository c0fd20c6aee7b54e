"""Work units of one build, by stage: lines our code runs, bytes MkDocs writes.

    .venv/bin/python -m scripts.work_units PROJECT_DIR [--lines N]

It builds the MkDocs project in PROJECT_DIR in this process, into a temporary
folder, and prints JSON:

- ``stages``: how many lines each stage of ``hooks/kb`` executed (trace
  ``line`` events). A stage is the module's role: ``parse``, ``filter``,
  ``model`` (vault, build, model), ``emit``, ``page``, ``markdown``,
  ``search`` (search_terms), ``nav``, ``engine`` (the worker pool, the seam);
  any other module or package of ``hooks/kb`` is a
  stage of its own name, and ``hooks/site.py`` is ``hook``. Lines, not calls:
  a quadratic loop that calls no function shows in lines only. Lines are
  counts, so unlike timings they do not move between runs or machines.
- ``html_bytes`` and ``search_index_bytes``: what MkDocs and Material write.
  Material puts the whole navigation into every page, an N² cost that only
  the output shows (``kb/emit/folder_pages.py`` folds big folders to avoid it).
- ``lines`` (with ``--lines N``): the N most executed lines, to find a stage's
  superlinear loop.

Caches (parsed notes, jieba's cuts) live in the process, so compare two
vaults in two processes. A line that calls into C (``x in a_list``) counts
once, whatever it costs; that is why the output bytes are counted too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

# Modules that share a role are one stage; every other module is its own.
GROUPS = {
    "filters": "filter",
    "vault": "model",
    "build": "model",
    "model": "model",
    "search_terms": "search",
    "__init__": "kb",
}

StageOf = Callable[[str], str | None]


def kb_stages(hooks: Path) -> StageOf:
    """The stage of a code file under ``hooks`` (None elsewhere), from its path alone,
    so a module added later is counted without being listed here."""
    hooks = hooks.resolve()

    def stage_of(filename: str) -> str | None:
        if not filename.endswith(".py"):
            return None
        try:
            parts = Path(filename).resolve().relative_to(hooks).parts
        except ValueError:
            return None
        if len(parts) == 1:
            return "hook"
        if parts[0] != "kb":
            return None
        name = parts[1].removesuffix(".py")
        return GROUPS.get(name, name)

    return stage_of


class LineCounter:
    """Counts the lines executed by code that ``stage_of`` gives a stage.

    The global tracer decides once per code file; other code pays only the
    call event, and gets no line tracer.
    """

    def __init__(self, stage_of: StageOf):
        self.stage_of = stage_of
        self._stages: dict[str, str | None] = {}
        self.lines: defaultdict[tuple[str, int], int] = defaultdict(int)

    def __enter__(self) -> LineCounter:
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(None)

    def _call(self, frame: FrameType, event: str, arg: Any) -> Any:
        filename = frame.f_code.co_filename
        try:
            stage = self._stages[filename]
        except KeyError:
            stage = self._stages[filename] = self.stage_of(filename)
        return self._line if stage is not None else None

    def _line(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.lines[frame.f_code.co_filename, frame.f_lineno] += 1
        return self._line

    def by_stage(self) -> dict[str, int]:
        totals: defaultdict[str, int] = defaultdict(int)
        for (filename, _), count in self.lines.items():
            totals[self._stages[filename]] += count
        return dict(sorted(totals.items()))

    def top(self, n: int, root: Path) -> dict[str, int]:
        """The ``n`` most executed lines, by ``path:line`` under ``root``."""
        ranked = sorted(self.lines.items(), key=lambda item: -item[1])[:n]
        return {f"{os.path.relpath(Path(f).resolve(), root)}:{line}": count for (f, line), count in ranked}


def build(project: Path, site: Path) -> None:
    """``mkdocs build`` as its command line runs it, in this process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def measure(project: Path, top: int = 0) -> dict[str, Any]:
    project = project.resolve()
    os.chdir(project)  # Material reads jieba's user dictionary relative to it
    os.environ["KB_WORKERS"] = "0"  # the worker pool's path, in this process, where lines are counted
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        with LineCounter(kb_stages(project / "hooks")) as counter:
            build(project, site)
        result: dict[str, Any] = {
            "stages": counter.by_stage(),
            "html_bytes": sum(p.stat().st_size for p in site.rglob("*.html")),
            "search_index_bytes": sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file()),
        }
    if top:
        result["lines"] = counter.top(top, (project / "hooks").resolve())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.work_units", description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path, help="folder holding mkdocs.yml, docs/ and hooks/")
    parser.add_argument("--lines", type=int, default=0, metavar="N", help="also list the N most executed lines")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(json.dumps(measure(args.project, args.lines), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
