"""Every private name of MkDocs' live-reload server that serve reaches, here and
nowhere else.

MkDocs offers no option for the script it injects into served pages, no public
list of what the server watches, and no setting for its wait before a rebuild.
At start (``check``) each seam is verified, as the build side's are
(``kb/engine/seam.py``): the name is there, its signature is the one expected,
the version is tested. A seam that moved is not used, with one warning naming
it and the version, and serve keeps MkDocs' own behaviour there:

- ``live swap`` (``LiveReloadServer._inject_js_into_html``): MkDocs' own script
  reloads the whole page;
- ``file events`` (``LiveReloadServer._watched_paths``, ``builder``): MkDocs'
  twice-a-second poll, without our ignore list and pacing;
- ``build delay`` (``LiveReloadServer.build_delay``): MkDocs' 0.1 s wait;
- ``search write`` (Material's ``SearchIndex.generate_search_index``): Material
  serializes the whole index again on every rebuild, not only the pages rebuilt.

None of these changes what is written, only how soon it shows.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from mkdocs.livereload import LiveReloadServer

from ..engine.seam import TESTED, host, out_of_range, params, source

log = logging.getLogger("mkdocs.plugins.kb")

SEAMS: dict[str, tuple[str, Callable[[], str | None], str]] = {
    "live swap": (
        "LiveReloadServer._inject_js_into_html",
        lambda: (
            None
            if params(getattr(LiveReloadServer, "_inject_js_into_html", None)) == ["self", "content", "epoch"]
            else "_inject_js_into_html"
        ),
        "页面整页重新加载（MkDocs 自己的脚本）",
    ),
    "file events": (
        "LiveReloadServer._watched_paths, builder",
        lambda: (
            None
            if "self._watched_paths" in source(LiveReloadServer)
            and "self.builder = builder" in source(LiveReloadServer)
            else "_watched_paths"
        ),
        "改用 MkDocs 自己的每半秒轮询",
    ),
    "build delay": (
        "LiveReloadServer.build_delay",
        lambda: None if "self.build_delay" in source(LiveReloadServer) else "build_delay",
        "重建前等待 MkDocs 自己的 0.1 秒",
    ),
    "search write": (
        "SearchIndex.generate_search_index",
        lambda: _search_write(),
        "每次重建整份序列化搜索索引（Material 自己的）",
    ),
}

# What Material's generate_search_index writes, once its own dirty merge is off
# (``engine.seam.forget_search_merge``): these lines, in this order.
_MATERIAL_SEARCH_JSON = [
    'for key in ["lang", "separator", "pipeline", "fields"]',
    'data = { "config": config, "docs": self.entries }',
    "json.dumps(",
    'separators = (",", ":"),',
    "default = str",
]


def _search_write() -> str | None:
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return None  # no Material search: nothing to write
    method = getattr(SearchIndex, "generate_search_index", None)
    if params(method) != ["self", "prev"]:
        return "generate_search_index"
    text = source(method)
    return None if all(line in text for line in _MATERIAL_SEARCH_JSON) else "generate_search_index"


_usable: dict[str, bool] = {}


def check() -> dict[str, bool]:
    """Verify the serve seams, once per process; warn for each that moved."""
    if _usable:
        return _usable
    untested = out_of_range()
    for name, (reaches, probe, instead) in SEAMS.items():
        if untested:
            moved = f"未测试的版本 {untested}（测试过 {', '.join(v + 'x' for v in TESTED.values())}）"
        else:
            found = probe()
            moved = f"{found} 已改变" if found else None
        _usable[name] = not moved
        if moved:
            log.warning("kb 接缝「%s」(%s) 不可用：%s，%s；%s", name, reaches, moved, " ".join(host()), instead)
    return _usable


def usable(name: str) -> bool:
    return _usable.get(name, True)


def forget() -> None:
    _usable.clear()


def replace_injection(server: LiveReloadServer, inject: Callable[[bytes, int], bytes]) -> bool:
    """The script MkDocs injects into every served page becomes ``inject``'s."""
    if not usable("live swap"):
        return False
    server._inject_js_into_html = inject  # type: ignore[method-assign]
    return True


def watched_paths(server: LiveReloadServer) -> dict[str, int]:
    """What the server watches, with how many times each path was asked for."""
    return dict(server._watched_paths)


def wrap_builder(server: LiveReloadServer, before: Callable[[], None], after: Callable[[], None] | None = None) -> None:
    """``before`` runs as each rebuild starts, ``after`` as it ends (failed or not)."""
    build = server.builder

    def wrapped() -> None:
        before()
        try:
            build()
        finally:
            if after is not None:
                after()

    server.builder = wrapped


def set_build_delay(server: LiveReloadServer, seconds: float) -> None:
    if usable("build delay"):
        server.build_delay = seconds


def replace_observer(server: LiveReloadServer, observer: Any) -> None:
    """Move every watch onto ``observer``: later ``watch`` calls land there too."""
    watched = watched_paths(server)
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = observer
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


def search_json(config: dict[str, Any]) -> str:
    """The start of Material's search index: its ``config``, as Material serializes it."""
    return json.dumps({"config": config}, separators=(",", ":"), default=str)[:-1]


def write_search_from(index: Any, docs: Callable[[], str]) -> bool:
    """Material's search index (``index``) is written with ``docs()`` as its list of
    entries, already serialized (page by page, kept between rebuilds), instead of
    serializing every entry again. Its own dirty merge must be off."""
    if not check().get("search write", False):
        return False

    def generate(prev: Any) -> str:
        config = {key: index.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        return f'{search_json(config)},"docs":{docs()}}}'

    index.generate_search_index = generate
    return True
