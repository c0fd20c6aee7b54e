"""One source file in, pages out: decode, detect, convert, add front matter, write."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter
from .decode import decode
from .detect import Kind, detect_kind
from .errors import NoteImportError
from .images import missing_images
from .page import Page
from .rawhtml import sanitize
from .sources import hugo, obsidian, webclip, yuque
from .writer import Outcome, write_page

CONVERTERS: dict[Kind, Callable[[str, str], list[Page]]] = {
    Kind.OBSIDIAN: obsidian.convert,
    Kind.YUQUE: yuque.convert,
    Kind.HUGO: hugo.convert,
    Kind.WEBCLIP: webclip.convert,
}


@dataclass(frozen=True)
class Options:
    """Settings shared by every file of one run."""

    into: Path
    force: bool = False
    tags: tuple[str, ...] = ()
    kind: Kind | None = None  # None: detect per file
    name: str | None = None  # file name for a single-page source


@dataclass
class Report:
    """What importing one file did, for its summary line."""

    source: Path
    kind: Kind
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    pages: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """``file: kind, N written, N unchanged, N skipped, N warnings[: …]`` on one line."""
        parts = [f"{self.outcomes[outcome]} {outcome}" for outcome in Outcome]
        if self.outcomes[Outcome.SKIPPED]:
            parts[-1] += " (page exists and differs; --force overwrites)"
        noun = "warning" if len(self.warnings) == 1 else "warnings"
        parts.append(f"{len(self.warnings)} {noun}")
        line = f"{self.source.name}: {self.kind}, " + ", ".join(parts)
        return line + (": " + "; ".join(self.warnings) if self.warnings else "")


def import_file(source: Path, options: Options) -> Report:
    """Import one file into ``options.into``; raise NoteImportError if it cannot be read."""
    text = decode(source.read_bytes())
    kind = options.kind or detect_kind(text)
    pages = CONVERTERS[kind](text, source.stem)
    if options.name:
        if len(pages) != 1:
            raise NoteImportError(f"--name needs a single-page source; this one gives {len(pages)}")
        pages[0].name = options.name.removesuffix(".md")

    report = Report(source=source, kind=kind)
    for page in pages:
        path = options.into / f"{page.name}.md"
        prefix = f"{path.name}: " if len(pages) > 1 else ""
        cleaned = sanitize(page.body)
        page.body = cleaned.body
        if cleaned.removed:
            report.warnings.append(f"{prefix}removed unsafe HTML: {', '.join(cleaned.removed)}")
        content = frontmatter.render(front_matter(page, kind, source.name, options.tags), page.body)
        report.outcomes[write_page(path, content, force=options.force)] += 1
        report.pages.append(path)
        images = missing_images(page.body, options.into)
        report.warnings += [f"{prefix}missing image {image}" for image in images]
    return report


def front_matter(page: Page, kind: Kind, source_name: str, tags: Iterable[str]) -> dict[str, object]:
    """Keys in a fixed order (title, date, tags, aliases, source), then kept source keys."""
    meta: dict[str, object] = {"title": page.title}
    if page.date:
        meta["date"] = page.date
    meta["tags"] = list(dict.fromkeys([*page.tags, *tags]))
    if page.aliases:
        meta["aliases"] = page.aliases
    meta["source"] = {"kind": kind.value, "file": source_name}
    for key, value in page.extra.items():
        meta.setdefault(key, value)
    return meta
