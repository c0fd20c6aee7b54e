"""One source file in, pages out: decode, detect, convert, clean, add front matter, write."""

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
from .remote import TIMEOUT, ImageFetcher, attachment_folder, localize_images
from .sources import hugo, obsidian, webclip, yuque
from .writer import Outcome, write_page

CONVERTERS: dict[Kind, Callable[[str, str], list[Page]]] = {
    Kind.OBSIDIAN: obsidian.convert,
    Kind.YUQUE: yuque.convert,
    Kind.HUGO: hugo.convert,
    Kind.WEBCLIP: webclip.convert,
}
# Front matter keys the site acts on (README: "Adding notes"; ``author`` is printed by the
# theme, escaped by hooks/kb/page/safe_meta.py); the importer adds ``source``. Any other key
# (a Hugo ``icon``, ``cssclasses``…) is dropped with a message: an unknown ``icon`` or
# ``template`` would break the page.
KNOWN_KEYS = ("title", "date", "updated", "tags", "aliases", "description", "author", "draft", "publish")
# Other names for them in Hugo, Obsidian plugins and blog engines.
RENAMED_KEYS = {"lastmod": "updated", "modified": "updated", "summary": "description", "excerpt": "description"}


@dataclass(frozen=True)
class Options:
    """Settings shared by every file of one run."""

    into: Path
    force: bool = False
    tags: tuple[str, ...] = ()
    kind: Kind | None = None  # None: detect per file
    name: str | None = None  # file name for a single-page source
    # The command line downloads unless told not to; called from Python, nothing is fetched
    # unless asked for, so a test or a script never reaches the network by surprise.
    download_images: bool = False
    image_timeout: float = TIMEOUT


@dataclass
class Run:
    """What the files of one run share: the pages written so far, and the images fetched."""

    pages: set[Path] = field(default_factory=set)
    images: ImageFetcher | None = None


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


def import_file(source: Path, options: Options, run: Run | None = None) -> Report:
    """Import one file into ``options.into``; raise NoteImportError if it cannot be read.

    ``run`` carries what earlier files of the same run wrote, so no page overwrites another
    of the run and no image is fetched twice.
    """
    run = run if run is not None else Run()
    text = decode(source.read_bytes())
    kind = options.kind or detect_kind(text)
    pages = CONVERTERS[kind](text, source.stem)
    if options.name:
        if len(pages) != 1:
            raise NoteImportError(f"--name needs a single-page source; this one gives {len(pages)}")
        pages[0].name = options.name.removesuffix(".md")
    if options.download_images and run.images is None:
        run.images = ImageFetcher(attachment_folder(options.into), timeout=options.image_timeout)

    report = Report(source=source, kind=kind)
    for page in pages:
        path = _unused(options.into / f"{page.name}.md", run.pages)
        run.pages.add(path)
        prefix = f"{path.name}: " if len(pages) > 1 else ""
        report.warnings += [prefix + warning for warning in _clean(page, options, run)]
        meta, changes = front_matter(page, kind, source.name, options.tags)
        report.warnings += [prefix + change for change in changes]
        report.outcomes[write_page(path, frontmatter.render(meta, page.body), force=options.force)] += 1
        report.pages.append(path)
        images = missing_images(page.body, options.into)
        report.warnings += [f"{prefix}missing image {image}" for image in images]
    return report


def _unused(path: Path, taken: set[Path]) -> Path:
    """``path``, or ``name-2.md``, ``name-3.md``… if a page of this run already has it."""
    number = 1
    candidate = path
    while candidate in taken:
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _clean(page: Page, options: Options, run: Run) -> list[str]:
    """Sanitize the page's HTML and bring its remote images in; returns warnings."""
    warnings = []
    cleaned = sanitize(page.body)
    page.body = cleaned.body
    if cleaned.removed:
        warnings.append(f"removed unsafe HTML: {', '.join(cleaned.removed)}")
    if run.images is not None:
        localized = localize_images(page.body, run.images, options.into.resolve())
        page.body = localized.body
        warnings += [f"image not downloaded, address kept: {url} ({reason})" for url, reason in localized.failed]
    return warnings


def front_matter(
    page: Page, kind: Kind, source_name: str, tags: Iterable[str]
) -> tuple[dict[str, object], list[str]]:
    """Keys in a fixed order (title, date, tags, aliases, source), then the other known keys;
    and messages for source keys dropped (``icon``) or renamed (``lastmod`` to ``updated``)."""
    meta: dict[str, object] = {"title": page.title}
    if page.date:
        meta["date"] = page.date
    meta["tags"] = list(dict.fromkeys([*page.tags, *tags]))
    if page.aliases:
        meta["aliases"] = page.aliases
    meta["source"] = {"kind": kind.value, "file": source_name}
    dropped, renamed = [], []
    for key, value in page.extra.items():
        target = RENAMED_KEYS.get(key, key)
        kept = _known_value(target, value) if target in KNOWN_KEYS and target not in meta else None
        if kept is None:
            dropped.append(key)
            continue
        meta[target] = kept
        if target != key:
            renamed.append(f"{key} → {target}")
    changes = []
    if dropped:
        changes.append(f"dropped front matter {', '.join(dropped)} (not a key the site knows)")
    if renamed:
        changes.append(f"renamed front matter {', '.join(renamed)}")
    return meta, changes


def _known_value(key: str, value: object) -> object | None:
    """The value as the site reads it, or None when it would not be understood."""
    if key == "updated":
        return frontmatter.as_date(value)
    if key in {"draft", "publish"}:
        return value if isinstance(value, bool) else None
    if key in {"description", "author"}:
        return str(value).strip() or None if isinstance(value, str | int | float) else None
    return value
