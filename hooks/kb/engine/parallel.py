"""Pages rendered in worker processes, forked after the vault is parsed.

MkDocs renders every page's Markdown, then every page's template, one after
the other on one core. Both are independent page by page, so here they run
in a pool of processes forked from the build, which already holds the parsed
vault, the navigation and every page: nothing is pickled on the way in.

MkDocs has no event for this, so ``install`` wraps the two functions its
build loop calls for each page (``_populate_page`` and ``_build_page``):

- Reading pages: the first call reads, in order, every page of the build and
  runs its ``on_pre_page`` and ``on_page_markdown`` events in this process;
  the workers render the Markdown, and do what ``after_render`` asks of the
  fresh HTML (slicing hover previews); this process takes each result in page
  order and runs ``on_page_content``. Later calls find their page done.
- Writing pages: the first call has the workers render and write every page
  (``on_page_context``, the template, ``on_post_page``); what they add to
  Material's search index comes back and is appended in page order.

Log records from the workers are replayed here in page order, so warnings
count for ``--strict`` and read as they would. The output is byte for byte
the output of one process (``tests/test_parallel.py``). Under ``mkdocs
serve`` (threads, and a few pages per rebuild) and for small sites, pages are
rendered here as MkDocs would.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..progress import Progress
from . import seam

log = logging.getLogger("mkdocs.plugins.kb")

MIN_PAGES = 64  # below this, forking costs more than it saves
HEAVY_BYTES = 1 << 20  # a page this big is written before the workers are forked


def workers() -> int:
    """``KB_WORKERS`` if set, else one per core. 1 renders as MkDocs does; 0 takes
    the pool's path in this process, so ``scripts/work_units.py`` counts every line."""
    value = os.environ.get("KB_WORKERS")
    if value:
        return int(value)
    # Workers share the parsed vault by forking; Windows cannot fork.
    return (os.cpu_count() or 1) if "fork" in multiprocessing.get_all_start_methods() else 1


class _Capture(logging.Handler):
    """Keeps a worker's log records, to be replayed by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _replay(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


@dataclass
class _Run:
    """One build's pages, shared with the workers by forking."""

    config: MkDocsConfig | None = None
    files: Files | None = None
    pages: list[Page] = field(default_factory=list)
    populated: set[int] = field(default_factory=set)  # id() of pages read here
    spool: str | None = None  # the folder of rendered pages' HTML, until they are written
    kept: set[int] = field(default_factory=set)  # id() of files whose page stays in memory
    written: bool = False
    args: tuple = ()  # _build_page's arguments after the page
    take_search: Callable[[list], None] | None = None  # takes each page's search entries as they come


_run = _Run()
_after_render: list[tuple[Callable[[Page], Any], Callable[[Page, Any], None]]] = []
_capture = _Capture()
_installed = False
_current_page: Callable[[Page | None], None] = lambda page: None  # noqa: E731 (set by install)


def _in_worker() -> None:
    """Worker start: keep log records instead of printing them."""
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_capture)
    logger.propagate = False


def _take_logs() -> list[tuple[str, int, str]]:
    records, _capture.records = _capture.records, []
    return records


def _render(i: int) -> tuple:
    """In a worker: one page's Markdown rendered, and what MkDocs keeps of it."""
    page, config = _run.pages[i], _run.config
    _current_page(page)
    try:
        page.render(config, _run.files)
    except Exception as e:  # noqa: BLE001 (reported by the parent, as MkDocs would)
        return i, None, repr(e), _take_logs()
    found = page.links_to_anchors  # None when MkDocs logs at DEBUG level
    links = None if found is None else {f.src_uri: anchors for f, anchors in found.items()}
    extras = [compute(page) for compute, _ in _after_render]
    result = (seam.rendered(page), links, extras)
    page.content, page.markdown = None, ""  # handed back: this worker need not keep them
    return i, result, None, _take_logs()


def _write(i: int) -> tuple:
    """In a worker: one page's HTML written, with its new search entries."""
    page, config = _run.pages[i], _run.config
    _unspool(page)
    search = config.plugins.get("material/search")
    index = search.search_index.entries if search is not None and search.config.enabled else []
    before = len(index)
    try:
        seam.build_page(page, config, *_run.args, excluded=page.file.inclusion.is_excluded())
    except Exception as e:  # noqa: BLE001
        return i, None, repr(e), _take_logs()
    finally:
        page.content = None  # written: this worker need not keep it
    added = index[before:]
    del index[before:]  # the parent appends them, in page order
    return i, added, None, _take_logs()


@contextlib.contextmanager
def _captured() -> Iterator[None]:
    """MkDocs' log records kept, as a worker keeps them, to be replayed in page order."""
    logger = logging.getLogger("mkdocs")
    handlers, propagate = list(logger.handlers), logger.propagate
    _in_worker()
    try:
        yield
    finally:
        logger.removeHandler(_capture)
        for handler in handlers:
            logger.addHandler(handler)
        logger.propagate = propagate


def _html_size(page: Page) -> int:
    """The length of a rendered page's HTML, in memory or spooled (bytes then)."""
    if page.content is not None:
        return len(page.content)
    path = _spool_path(page)
    return os.path.getsize(path) if _run.spool is not None and os.path.exists(path) else 0


def _spool_path(page: Page) -> str:
    return os.path.join(_run.spool or "", f"{id(page.file)}.html")


def _spool(page: Page) -> None:
    """Keep a rendered page's HTML on disk until a worker writes the page: the
    parent never holds every page's HTML (a streaming build)."""
    if page.content is None or id(page.file) in _run.kept:
        return
    with open(_spool_path(page), "w", encoding="utf-8") as out:
        out.write(page.content)
    page.content = None


def _unspool(page: Page) -> None:
    path = _spool_path(page)
    if _run.spool is not None and page.content is None and os.path.exists(path):
        with open(path, encoding="utf-8") as spooled:
            page.content = spooled.read()


def _end_spool() -> None:
    if _run.spool is not None:
        shutil.rmtree(_run.spool, ignore_errors=True)
        _run.spool = None


def _pool_map(
    task: Callable[[int], tuple], count: int, label: str, done: dict[int, tuple] | None = None
) -> Iterator[tuple]:
    """Each task's result as it comes, in order: none is kept here once taken.
    ``done``: results of tasks already run in this process, by index, given in their place."""
    done = done or {}
    progress = Progress(label, count)
    todo = [i for i in range(count) if i not in done]
    if workers() == 0:
        for i in range(count):
            yield done.pop(i) if i in done else task(i)
            progress.advance()
        progress.close()
        return
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(todo) // (workers() * 8))
    # Objects made so far are left out of the workers' garbage collection, whose
    # bookkeeping would otherwise copy every page of memory they share with us.
    gc.freeze()
    _trim()
    try:
        with context.Pool(workers(), initializer=_in_worker) as pool:
            results = pool.imap(task, todo, chunksize=chunk)
            # Closed at once: each worker leaves as soon as every result is in, not
            # when this process has taken them. While workers live, every page of
            # memory this process writes to is copied, and counts twice.
            pool.close()
            # The last chunk's results are taken once the workers are gone: the build's
            # own pages come last (the TODO page, tags), and the TODO page's
            # on_page_content makes its whole list here.
            tail = len(todo) - chunk
            for n, result in enumerate(results):
                if n == tail:
                    pool.join()
                while done and min(done) < result[0]:
                    yield done.pop(min(done))
                    progress.advance()
                yield result
                progress.advance()
            pool.join()
        for i in sorted(done):
            yield done.pop(i)
            progress.advance()
    finally:
        gc.unfreeze()
        progress.close()


def _trim() -> None:
    """Memory freed so far given back to the system before forking (glibc's
    ``malloc_trim``): what the C library keeps for later would count in every page
    the workers share with us. Elsewhere, nothing."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass


def _serial(pages: list[Page]) -> bool:
    return workers() == 1 or len(pages) < MIN_PAGES or _run.config is None or not _installed


# Plugins whose page events may run in a worker: what they keep is carried back
# (Material's search entries), or they keep nothing (tags reads its mappings, made
# in this process; GLightbox rewrites the HTML), or they are ours.
WORKER_SAFE = {"material/search", "search", "material/tags", "tags", "glightbox", "hooks/site.py"}
WORKER_EVENTS = ("page_context", "post_page")  # run in the worker that writes the page


def refused_plugins(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(plugin, event) pairs of plugins outside ``WORKER_SAFE`` with an event that would
    run in a worker, where whatever state they keep would be lost."""
    found = []
    for name, plugin in config.plugins.items():
        for event in WORKER_EVENTS:
            method = getattr(plugin, f"on_{event}", None)
            if method is not None and method in config.plugins.events[event] and name not in WORKER_SAFE:
                found.append((name, event))
    return found


def start(config: MkDocsConfig, serving: bool) -> None:
    """A new build: forget the last one's pages. Serving builds stay in one process,
    and so does a build with a plugin whose state a worker could not carry back."""
    global _run
    refused = [] if serving or workers() == 1 else refused_plugins(config)
    for name, event in refused:
        log.warning(
            "插件 %s 的 on_%s 在工作进程中运行时，它保存的状态会丢失：不并行渲染，改用 MkDocs 的逐页构建", name, event
        )
    _run = _Run(config=None if serving or refused else config)
    _after_render.clear()


def after_render(compute: Callable[[Page], Any], apply: Callable[[Page, Any], None]) -> None:
    """Work on a page's freshly rendered HTML that may run in its worker:
    ``compute(page)`` runs where the page was rendered, and ``apply(page, value)``
    here, in page order, before the page's ``on_page_content`` events."""
    _after_render.append((compute, apply))


def stream_search(take: Callable[[list], None]) -> None:
    """Hand each written page's search entries, in page order, to ``take`` instead
    of Material's index (which then holds none of the pool's pages): a build that
    writes its own search data writes it as pages come."""
    _run.take_search = take


def read_pages(files: Files, dirty: bool) -> None:
    """Read and render every page that MkDocs' loop is about to read (after ``on_nav``)."""
    config = _run.config
    if config is None:
        return
    pages = [
        f.page
        for f in files.documentation_pages(inclusion=InclusionLevel.is_included)
        if f.page is not None and not (dirty and not f.page.file.is_modified())
    ]
    if _serial(pages):
        return
    _run.files = files
    _run.spool = tempfile.mkdtemp(prefix="kb-pages-")
    for n, page in enumerate(pages):
        with seam.current_page(config, page):
            try:
                # The page on_pre_page returns is the one read and rendered, as in MkDocs.
                read = pages[n] = config.plugins.on_pre_page(page, config=config, files=files)
                read.read_source(config)
                read.markdown = config.plugins.on_page_markdown(read.markdown, page=read, config=config, files=files)
            except Exception as e:
                log.error(f"Error reading page '{page.file.src_uri}': {e}")
                raise
        _run.populated.add(id(page))  # MkDocs' loop asks by the page it holds
    _run.pages = pages
    # Material's tags plugin fills its listings into their pages' HTML here, before
    # any page is written (on_env): those pages stay in memory.
    tags = config.plugins.get("material/tags")
    if tags is not None and tags.config.enabled:
        _run.kept = {id(listing.page.file) for listing in tags.listings}
    by_uri = {f.src_uri: f for f in files}
    log.info("Rendering %d pages in %d processes", len(pages), workers())
    try:
        for i, result, error, records in _pool_map(_render, len(pages), "渲染页面"):
            page = pages[i]
            _replay(records)
            if error is not None:
                message = f"Error reading page '{page.file.src_uri}': {error}"
                log.error(message)
                raise BuildError(message)
            state, links, extras = result
            seam.restore_rendered(page, state)
            page.links_to_anchors = None if links is None else {by_uri[uri]: a for uri, a in links.items()}
            for (_, apply), value in zip(_after_render, extras, strict=True):
                apply(page, value)
            with seam.current_page(config, page):
                page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            page.markdown = ""  # rendered: only the title asks whether it is None
            _spool(page)
    except BaseException:  # the spooled pages go with the build, whatever stopped it
        _end_spool()
        raise
    _current_page(None)


def _populate_page(page: Page, config: MkDocsConfig, files: Files, dirty: bool = False) -> None:
    if id(page) in _run.populated:
        return
    seam.populate_page(page, config, files, dirty)


def _build_page(
    page: Page, config: MkDocsConfig, doc_files: list[File], nav, env, dirty: bool = False, excluded: bool = False
) -> None:
    if _run.written:
        return
    if not _run.populated:  # pages were read here, one by one: write them so too
        seam.build_page(page, config, doc_files, nav, env, dirty, excluded)
        return
    pages = [f.page for f in doc_files if f.page is not None and not (dirty and not f.page.file.is_modified())]
    _run.pages, _run.args, _run.written = pages, (doc_files, nav, env, dirty), True
    search = config.plugins.get("material/search")
    try:
        # The biggest pages (the TODO page's list of every item) are written here
        # first, before the workers are forked: what writing one takes for a moment
        # (tens of MB) then never adds to the workers' memory at its highest.
        done = {}
        if workers() > 1:
            with _captured():
                done = {i: _write(i) for i, page in enumerate(pages) if _html_size(page) > HEAVY_BYTES}
        for i, entries, error, records in _pool_map(_write, len(pages), "写入页面", done):
            _replay(records)
            if error is not None:
                message = f"Error building page '{pages[i].file.src_uri}': {error}"
                log.error(message)
                raise BuildError(message)
            if _run.take_search is not None:
                _run.take_search(entries)
            elif search is not None and search.config.enabled:
                search.search_index.entries.extend(entries)
    finally:
        _end_spool()


def install(current_page: Callable[[Page | None], None]) -> None:
    """Wrap MkDocs' per-page functions, once per process. ``current_page``
    tells the Markdown extensions which page a worker renders."""
    global _current_page, _installed
    _current_page = current_page
    if not _installed:
        _installed = seam.install_page_loop(_populate_page, _build_page)
