"""Builds a project the way ``mkdocs serve`` does, for tests/test_dirty_builds.py.

    python tests/serve_builds.py PROJECT SITE_DIR [STEPS.json]

With STEPS (a JSON list of edits), it builds as ``serve --dirty``: once, then
once more after each edit, in one process, so the hook's state carries over as
it does under serve. Without, it builds once as ``serve`` without ``--dirty``.
An edit is ``{"write": {path: text}, "delete": [path], "rename": {old: new}, "touch": [path]}``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/llm-notes/"


def apply(docs: Path, edit: dict) -> None:
    for name, text in edit.get("write", {}).items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    for name in edit.get("delete", []):
        (docs / name).unlink()
    for old, new in edit.get("rename", {}).items():
        (docs / new).parent.mkdir(parents=True, exist_ok=True)
        (docs / old).rename(docs / new)
    for name in edit.get("touch", []):
        os.utime(docs / name)


def main(project: str, site: str, steps: str | None = None) -> None:
    dirty = steps is not None

    def rebuild() -> None:
        config = load_config(config_file=f"{project}/mkdocs.yml", site_dir=site)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=dirty)

    config = load_config(config_file=f"{project}/mkdocs.yml", site_dir=site)
    config.plugins.on_startup(command="serve", dirty=dirty)
    rebuild()
    for edit in json.loads(Path(steps).read_text(encoding="utf-8")) if dirty else []:
        time.sleep(1.1)  # MkDocs compares modification times, to the second on some file systems
        apply(Path(project) / "docs", edit)
        rebuild()


if __name__ == "__main__":
    main(*sys.argv[1:])
