"""Create a new note with front matter in the right folder of the vault.

    python -m scripts.new_note "标题" [--folder 阅读笔记] [--tags 大模型,训练] [--date 2024-05-01]

It refuses to overwrite an existing note and prints the path it wrote.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

from scripts.import_notes.names import page_name

DOCS = Path(__file__).resolve().parents[1] / "docs"


def note_text(title: str, date: str, tags: list[str]) -> str:
    meta = yaml.safe_dump({"title": title, "date": date, "tags": tags}, allow_unicode=True, sort_keys=False)
    return f"---\n{meta}---\n\n# {title}\n\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.new_note", description="新建一篇笔记")
    parser.add_argument("title", help="标题")
    parser.add_argument("--folder", default="阅读笔记", help="docs/ 下的文件夹（默认 阅读笔记）")
    parser.add_argument("--tags", default="", help="逗号分隔的标签")
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="日期，默认今天")
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    folder = (args.docs / args.folder).resolve()
    if args.docs.resolve() not in (folder, *folder.parents):
        parser.error(f"folder must be inside docs/: {args.folder}")
    path = folder / f"{page_name(args.title, 'untitled')}.md"
    if path.exists():
        print(f"error: {path} already exists", file=sys.stderr)
        return 1
    tags = [t.strip() for t in args.tags.replace("，", ",").split(",") if t.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(note_text(args.title, args.date, tags), encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
