"""Command line: ``python -m scripts.import_notes SRC... --into DIR [options]``."""

import argparse
import sys
from pathlib import Path

from .detect import Kind
from .errors import NoteImportError
from .importer import Options, import_file
from .names import safe_name


def _file_name(value: str) -> str:
    """``--name`` must already be a safe file name, so it cannot escape ``--into``."""
    stem = value.removesuffix(".md")
    if not stem or safe_name(stem) != stem:
        hint = safe_name(stem) or "a plain name"
        raise argparse.ArgumentTypeError(f"not a safe file name: {value!r} (try {hint!r})")
    return stem


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.import_notes",
        description="Import raw notes (Obsidian, Yuque, Hugo, web clips) as Obsidian Markdown.",
    )
    parser.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="files to import")
    parser.add_argument("--into", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--force", action="store_true", help="overwrite pages that differ")
    parser.add_argument("--tag", action="append", default=[], metavar="T", help="tag every page with T (repeatable)")
    parser.add_argument("--kind", type=Kind, choices=list(Kind), help="skip detection and treat SRC as this kind")
    parser.add_argument("--name", type=_file_name, help="file name (without .md) for a single-page source")
    args = parser.parse_args(argv)
    if args.name and len(args.sources) > 1:
        parser.error("--name only makes sense with a single SRC")
    return args


def main(argv: list[str] | None = None) -> int:
    """Import every SRC; a file that fails is reported on stderr and the rest still import.

    Exit status 1 if any file failed, else 0.
    """
    args = parse_args(argv)
    options = Options(into=args.into, force=args.force, tags=tuple(args.tag), kind=args.kind, name=args.name)
    failed = False
    for source in args.sources:
        try:
            report = import_file(source, options)
        except (NoteImportError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            print(f"error: {source}: {reason}", file=sys.stderr)
            failed = True
        else:
            print(report.summary())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
