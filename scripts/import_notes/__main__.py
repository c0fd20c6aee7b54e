"""Command line: ``python -m scripts.import_notes SRC... --into DIR [options]``."""

import argparse
import os
import sys
from pathlib import Path

from .detect import Kind
from .errors import NoteImportError
from .importer import Options, Run, import_file
from .names import safe_name
from .remote import TIMEOUT


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
    parser.add_argument(
        "--no-download-images",
        dest="download_images",
        action="store_false",
        help="leave remote images where they are instead of copying them into the vault",
    )
    parser.add_argument(
        "--image-timeout", type=float, default=TIMEOUT, metavar="S", help=f"seconds per image (default {TIMEOUT:g})"
    )
    args = parser.parse_args(argv)
    if args.name and len(args.sources) > 1:
        parser.error("--name only makes sense with a single SRC")
    return args


def project_folder(into: Path, root: Path) -> Path:
    """``into`` resolved, symbolic links included; NoteImportError unless it lies inside ``root``.

    A dangling link anywhere on the way is refused too: writing through it would create
    its target, wherever that is.
    """
    for path in (into, *into.parents):
        if os.path.lexists(path) and not path.exists():
            raise NoteImportError(f"{path} is a dangling symbolic link")
    resolved = into.resolve()
    root = root.resolve()
    if not resolved.is_relative_to(root):
        raise NoteImportError(f"{resolved} is outside the project {root} (run from the repository, into docs/…)")
    if resolved.exists() and not resolved.is_dir():
        raise NoteImportError(f"{resolved} is not a folder")
    return resolved


def main(argv: list[str] | None = None) -> int:
    """Import every SRC; a file that fails is reported on stderr and the rest still import.

    ``--into`` must lie inside the current folder (the project), else nothing is written.
    Exit status 1 if any file failed, 2 for a bad ``--into``, else 0.
    """
    args = parse_args(argv)
    try:
        into = project_folder(args.into, Path.cwd())
    except NoteImportError as exc:
        print(f"error: --into {args.into}: {exc}", file=sys.stderr)
        return 2
    options = Options(
        into=into,
        force=args.force,
        tags=tuple(args.tag),
        kind=args.kind,
        name=args.name,
        download_images=args.download_images,
        image_timeout=args.image_timeout,
    )
    run = Run()
    failed = False
    for source in args.sources:
        try:
            report = import_file(source, options, run)
        except (NoteImportError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            print(f"error: {source}: {reason}", file=sys.stderr)
            failed = True
        except Exception as exc:  # one file's surprise must not stop the others
            print(f"error: {source}: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
            failed = True
        else:
            print(report.summary())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
