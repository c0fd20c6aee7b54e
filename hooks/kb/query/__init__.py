"""Queries: Obsidian Bases and Dataview, evaluated at build time.

Every query reads the build's one model (``Vault``: published notes only,
parsed once) through ``fields.Index``; one query costs one pass over the
notes its source names, never a re-read of the vault. A query that cannot be
read or uses something outside the subset shows a notice in place of its
view, and the build warns with the file and line and goes on.

- ``expr.py``: the expression language both share (a hand-written parser:
  there is no maintained Python library for DQL or Bases' expressions);
- ``bases.py``: ``.base`` YAML, its filters, formulas and views;
- ``dataview.py``: DQL's LIST, TABLE and TASK;
- ``fields.py``: what a query sees of a note; ``render.py``: escaped HTML.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Callable

from mkdocs.structure.files import Files

from ..model import Note
from ..vault import BASE_EXT, Vault
from . import bases, dataview
from .expr import QueryError
from .fields import Index
from .render import notice, render

log = logging.getLogger("mkdocs.plugins.kb")

UrlOf = Callable[[str], str]
# A note that shows a query: a ```base or ```dataview fence, or an embed of a .base file.
QUERY_RE = re.compile(
    r"^\s*(?:>\s*)*(?:`{3,}|~{3,})\s*(?:base|dataview)\s*$|\.base(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]", re.M | re.I
)


def query_pages(vault: Vault, generated: list) -> set[str]:
    """The pages whose queries may show other notes: under ``serve --dirty`` they are
    rebuilt on every rebuild, so a new note with the tag or a changed property shows.
    ``generated``: the build's generated files, among them the ``.base`` files' pages."""
    pages = {note.src_uri for note in vault.notes.values() if QUERY_RE.search(note.body)}
    return pages | {f.src_uri for f in generated if f.src_uri.endswith(BASE_EXT + ".md")}


def line_of(note: Note | None, source: str) -> int:
    """The line of a note where a block's text starts (its fence is the line before)."""
    if note is None:
        return 1
    at = note.body.find(source.strip("\n")) if source.strip() else -1
    return note.body_line + (note.body.count("\n", 0, at) if at >= 0 else 0)


class Queries:
    """One build's ``.base`` files and the index every query reads."""

    def __init__(self) -> None:
        self.bases: dict[str, str] = {}  # a .base file's path → its text
        self.index = Index(Vault([], set()))
        self._loaded: dict[str, bases.Base | QueryError] = {}

    def load(self, files: Files, vault: Vault) -> None:
        """Take the published ``.base`` files out of the copied files: each becomes a page."""
        self.index = Index(vault)
        for file in list(files):
            if file.src_uri.lower().endswith(BASE_EXT) and not file.is_documentation_page():
                try:
                    self.bases[file.src_uri] = file.content_bytes.decode("utf-8-sig")
                except (OSError, UnicodeDecodeError) as e:
                    log.warning("%s: 无法读取：%s", file.src_uri, e)
                    continue
                files.remove(file)

    def base(self, src_uri: str) -> bases.Base:
        found = self._loaded.get(src_uri)
        if found is None:
            try:
                found = bases.load(self.bases[src_uri])
            except QueryError as e:
                found = e
            self._loaded[src_uri] = found
        if isinstance(found, QueryError):
            raise found
        return found

    def find_base(self, target: str, folder: str) -> str | None:
        """The ``.base`` file an embed names: by path from the note, from the vault, or by name."""
        wanted = target.strip().lower()
        by_lower = {uri.lower(): uri for uri in self.bases}
        for path in (posixpath.normpath(posixpath.join(folder.lower(), wanted)), wanted):
            if path in by_lower:
                return by_lower[path]
        found = [uri for uri in self.bases if ("/" + uri.lower()).endswith("/" + wanted)]
        return min(found, key=lambda u: (u.count("/"), u)) if found else None

    def _safely(self, run: Callable[[], str], where: str, line: int) -> str:
        """The view, or a notice in its place and a warning: a query never stops the build."""
        try:
            return run()
        except QueryError as e:
            message = str(e)
        except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as e:
            message = f"计算出错（{type(e).__name__}）"
        log.warning("%s:%d: 查询无法显示：%s", where, line, message)
        return notice(message)

    def base_block(self, text: str, note: Note | None, where: str, url_of: UrlOf) -> str:
        """A ```` ```base ```` block: its views (titled when there are several)."""

        def run() -> str:
            base = bases.load(text)
            return "".join(self._view(base, view.name, url_of, len(base.views) > 1) for view in base.views)

        return self._safely(run, where, line_of(note, text))

    def base_view(self, src_uri: str, view: str, where: str, url_of: UrlOf, titled: bool = False) -> str:
        """A view of a ``.base`` file (``view`` empty: its first)."""
        where = where if where == src_uri else f"{where}（{src_uri}）"
        return self._safely(lambda: self._view(self.base(src_uri), view, url_of, titled), where, 1)

    def _view(self, base: bases.Base, name: str, url_of: UrlOf, titled: bool) -> str:
        view = base.view(name)
        result = bases.run(base, view, self.index)
        return render(result, url_of, title=view.name if titled else "")

    def dataview_block(self, text: str, note: Note | None, where: str, url_of: UrlOf) -> str:
        def run() -> str:
            return render(dataview.run(dataview.parse_query(text), self.index, note), url_of)

        return self._safely(run, where, line_of(note, text))
