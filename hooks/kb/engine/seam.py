"""Every private name of MkDocs, Material and jieba that the build reaches, here and
nowhere else.

MkDocs has no event for rendering pages elsewhere, no setting for the theme's
environment or its file walk, and no public way to mark a page for a dirty
rebuild; jieba has no cache. What this site does about it reaches past their
public API, and an update of any of them could move what it reaches. So at
start (``check``) each seam is verified: the name is there, its signature is
the one expected, and the installed version is in the tested range
(``TESTED``). A seam that moved is not used:

- ``page loop`` (``_populate_page``, ``_build_page``, ``Page._title_from_render``,
  ``config._current_page``): pages are rendered as MkDocs does, in one process;
- ``theme env`` (``Theme.get_env``): no bytecode cache, MkDocs' own listing;
- ``file walk`` (``mkdocs.structure.files.os``): MkDocs' own walk;
- ``jieba cut`` (``jieba.dt.cut``): no segmentation cache;
- ``dirty warning`` (its text): MkDocs' warning shows;
- ``dirty marks`` (``File.is_modified`` per file), ``search merge``
  (Material's ``search_index_prev``) and ``jieba dict`` (``jieba.dt.FREQ``):
  there is no safe way round these (a dirty rebuild would leave stale pages,
  the search data would differ), so the build stops, naming the seam.

Each fallback prints one warning naming the seam and the version. A fallback
writes the same site (``tests/test_seam.py``), only slower; never a different
one silently.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import jieba
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure import files as mkdocs_files
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

log = logging.getLogger("mkdocs.plugins.kb")

# The versions this site is tested with; a seam is only trusted within them.
TESTED = {"mkdocs": "1.6.", "properdocs": "1.6.", "mkdocs-material": "9.8."}

DIRTY_WARNING = "A 'dirty' build is being performed"

_original: dict[str, Callable[..., Any]] = {
    "_populate_page": mkdocs_build._populate_page,
    "_build_page": mkdocs_build._build_page,
}
_usable: dict[str, bool] = {}


def host() -> tuple[str, str]:
    """The package that runs the build (``mkdocs``, or ``properdocs``, which redirects
    ``mkdocs.*`` to itself) and its version."""
    name = mkdocs_build.__name__.split(".")[0]
    return name, _version(name)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def params(function: Any) -> list[str]:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []


def source(thing: Any) -> str:
    try:
        return inspect.getsource(thing)
    except (OSError, TypeError):
        return ""


@dataclass(frozen=True)
class Seam:
    name: str  # as the warning names it
    reaches: str  # the private names
    check: Callable[[], str | None]  # None, or what moved
    instead: str  # what the build does without it; "" stops the build
    tested_with: str  # the package whose version decides


def _page_loop() -> str | None:
    populate, build = _original["_populate_page"], _original["_build_page"]
    if params(populate) != ["page", "config", "files", "dirty"]:
        return f"_populate_page{inspect.signature(populate)}"
    if params(build) != ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]:
        return f"_build_page{inspect.signature(build)}"
    if "self._title_from_render" not in source(Page):
        return "Page._title_from_render"
    if "config._current_page = page" not in source(populate) or "on_pre_page" not in source(populate):
        return "config._current_page"
    return None


def _theme_env() -> str | None:
    return None if params(Theme.get_env) == ["self"] else f"Theme.get_env{inspect.signature(Theme.get_env)}"


def _file_walk() -> str | None:
    if getattr(mkdocs_files, "os", None) is None or "os.walk(" not in source(mkdocs_files.get_files):
        return "mkdocs.structure.files.get_files: os.walk"
    return None


def _jieba_cut() -> str | None:
    cut = getattr(getattr(jieba, "dt", None), "cut", None)
    return None if params(cut)[:3] == ["sentence", "cut_all", "HMM"] else "jieba.dt.cut"


def _jieba_dict() -> str | None:
    dt = getattr(jieba, "dt", None)
    return None if hasattr(dt, "FREQ") and hasattr(dt, "check_initialized") else "jieba.dt.FREQ"


def _dirty_warning() -> str | None:
    return None if DIRTY_WARNING in source(mkdocs_build) else f"the text {DIRTY_WARNING!r}"


def _dirty_marks() -> str | None:
    if params(File.is_modified) != ["self"] or "is_modified()" not in source(_original["_populate_page"]):
        return "File.is_modified"
    return None


def _search_merge() -> str | None:
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:
        return None  # no Material search, nothing to merge
    return None if "search_index_prev" in source(SearchPlugin) else "SearchPlugin.search_index_prev"


SEAMS = [
    Seam("page loop", "_populate_page, _build_page", _page_loop, "不并行渲染，改用 MkDocs 自己的逐页构建", "host"),
    Seam("theme env", "Theme.get_env", _theme_env, "不缓存模板，改用 MkDocs 自己的主题环境", "host"),
    Seam("file walk", "mkdocs.structure.files.os", _file_walk, "改用 MkDocs 的目录遍历（不跳过坏链接）", "host"),
    Seam("jieba cut", "jieba.dt.cut", _jieba_cut, "不缓存分词", "jieba"),
    Seam("jieba dict", "jieba.dt.FREQ", _jieba_dict, "", "jieba"),
    Seam("dirty warning", "MkDocs' dirty-build warning", _dirty_warning, "MkDocs 的 dirty 警告照常显示", "host"),
]
DIRTY_SEAMS = [
    Seam("dirty marks", "File.is_modified", _dirty_marks, "", "host"),
    Seam("search merge", "search_index_prev", _search_merge, "", "mkdocs-material"),
]


def out_of_range() -> str | None:
    """The first installed package outside the tested versions, as ``name version``."""
    name, version = host()
    if not version.startswith(TESTED.get(name, "")):
        return f"{name} {version}"
    material = _version("mkdocs-material")
    if material != "absent" and not material.startswith(TESTED["mkdocs-material"]):
        return f"mkdocs-material {material}"
    return None


def _named_version(seam: Seam) -> str:
    if seam.tested_with == "host":
        return " ".join(host())
    return f"{seam.tested_with} {_version(seam.tested_with)}"


def check(dirty: bool) -> dict[str, bool]:
    """Verify every seam the build uses (``dirty``: those of ``serve --dirty`` too),
    once per process. Warns for each fallback; stops for a seam without one."""
    if _usable:
        return _usable
    untested = out_of_range()
    for seam in [*SEAMS, *(DIRTY_SEAMS if dirty else [])]:
        if untested and seam.tested_with != "jieba":
            moved: str | None = f"未测试的版本 {untested}（测试过 {', '.join(v + 'x' for v in TESTED.values())}）"
        else:
            found = seam.check()
            moved = f"{found} 已改变" if found else None
        _usable[seam.name] = not moved
        if not moved:
            continue
        message = f"kb 接缝「{seam.name}」({seam.reaches}) 不可用：{moved}，{_named_version(seam)}"
        if not seam.instead:
            raise Abort(f"{message}。本站无法安全构建，请使用测试过的版本。")
        log.warning("%s；%s", message, seam.instead)
    return _usable


def usable(name: str) -> bool:
    """Whether seam ``name`` passed ``check`` (True before any check: unit tests)."""
    return _usable.get(name, True)


def forget() -> None:
    """Check again at the next ``check`` (tests)."""
    _usable.clear()


# ---- page loop -------------------------------------------------------------


def install_page_loop(populate: Callable[..., None], build: Callable[..., None]) -> bool:
    """Route MkDocs' per-page read and write through ``populate`` and ``build``."""
    if not usable("page loop"):
        return False
    mkdocs_build._populate_page = populate
    mkdocs_build._build_page = build
    return True


def populate_page(page: Page, config: MkDocsConfig, files: Any, dirty: bool = False) -> None:
    _original["_populate_page"](page, config, files, dirty)


def build_page(
    page: Page, config: MkDocsConfig, doc_files: Any, nav: Any, env: Any, dirty: bool, excluded: bool
) -> None:
    _original["_build_page"](page, config, doc_files, nav, env, dirty, excluded)


def rendered(page: Page) -> tuple:
    """What ``Page.render`` leaves on the page, as a worker hands it back."""
    return page.content, page.toc, page._title_from_render, page.present_anchor_ids


def restore_rendered(page: Page, state: tuple) -> None:
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = state


@contextlib.contextmanager
def current_page(config: MkDocsConfig, page: Page) -> Iterator[None]:
    """``config._current_page``, which MkDocs sets while a page is read (its
    ``!relative`` paths in ``markdown_extensions`` read it)."""
    config._current_page = page
    try:
        yield
    finally:
        config._current_page = None


# ---- dirty builds --------------------------------------------------------------


def set_modified(file: File, answer: bool | Callable[[], bool]) -> None:
    """Fix what MkDocs' dirty build asks ``file.is_modified()``: a bool, or a function."""
    file.is_modified = answer if callable(answer) else (_always if answer else _never)  # type: ignore[method-assign]


def _always() -> bool:
    return True


def _never() -> bool:
    return False


class QuietDirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale pages: the serve plan
    (``kb/serve/plan.py``) rebuilds every page that could be stale."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    if not usable("dirty warning"):
        return
    for name in ("mkdocs.commands.build", "properdocs.commands.build"):  # ProperDocs logs as itself
        build_log = logging.getLogger(name)
        if not any(isinstance(f, QuietDirtyWarning) for f in build_log.filters):
            build_log.addFilter(QuietDirtyWarning())


def forget_search_merge(search: Any) -> None:
    """Material's own dirty merge of its index assumes one rebuilt page; ours replaces it."""
    search.search_index_prev = None


# ---- theme environment, file walk ---------------------------------------------


def wrap_theme_env(theme: Theme, wrap: Callable[[Any], Any]) -> None:
    """Every environment ``theme`` makes passes through ``wrap``."""
    if not usable("theme env"):
        return
    make_env = theme.get_env
    theme.get_env = lambda: wrap(make_env())  # type: ignore[method-assign]


def install_walk(os_like: Any, is_ours: Callable[[Any], bool]) -> None:
    """MkDocs' file listing uses ``os_like`` for ``os`` (its ``walk``)."""
    if usable("file walk") and not is_ours(mkdocs_files.os):
        mkdocs_files.os = os_like  # type: ignore[assignment]


# ---- jieba -----------------------------------------------------------------


def jieba_cut(sentence: str | bytes, cut_all: bool = False, HMM: bool = True) -> Iterator[str]:  # noqa: N803 (jieba's)
    """jieba's own cut, whatever ``jieba.cut`` has been replaced with."""
    if not usable("jieba cut"):
        return jieba.cut(sentence, cut_all, HMM)  # never replaced then
    return jieba.dt.cut(sentence, cut_all, HMM)


def use_cut(cut: Callable[..., Any]) -> None:
    """``jieba.cut``, which Material calls by that name, becomes ``cut``."""
    if usable("jieba cut"):
        jieba.cut = cut


def known_word(word: str) -> bool:
    return bool(jieba.dt.FREQ.get(word))


def load_dictionary() -> None:
    jieba.dt.check_initialized()
