"""MkDocs lists docs/ without following a symbolic link that loops or leaves the vault.

MkDocs walks the docs folder with ``os.walk(docs_dir, followlinks=True)``
(``mkdocs.structure.files.get_files``). A link to a folder above it
(``ln -s . docs/x/loop``) is followed until the system refuses the path
(ELOOP, 40 levels down), after listing the folder 40 times over, and the
build stops on the last one; two such links list it 2⁴⁰ times. A link to
``/etc`` would publish it.

We give that module an ``os`` whose ``walk`` prunes, before MkDocs descends:

- a linked folder whose real path is one the walk is already inside, or
  above one (a loop, however many links it takes);
- a linked folder or file whose real path is outside the vault;
- a link that points nowhere.

Each gets one warning naming the link. Everything else, links within the
vault included, is listed as before; the walk is MkDocs' own.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger("mkdocs.plugins.kb")

Walk = Iterator[tuple[str, list[str], list[str]]]


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def safe_walk(
    top: str, topdown: bool = True, onerror: Callable[[OSError], Any] | None = None, followlinks: bool = False
) -> Walk:
    """``os.walk`` that skips, with a warning, links that loop, leave ``top`` or point nowhere."""
    root = os.path.realpath(top)
    chains: dict[str, tuple[str, ...]] = {top: (root,)}  # real folders from the root down to each dir

    def problem(path: str, chain: tuple[str, ...], is_dir: bool) -> str | None:
        if not os.path.islink(path):
            return None
        real = os.path.realpath(path)
        if not os.path.exists(path):
            return "符号链接指向不存在的路径"
        if not _under(real, root):
            return f"符号链接指向文档目录之外（{real}）"
        if is_dir and any(_under(folder, real) for folder in chain):
            return "符号链接指向它所在的目录或其上级，形成循环"
        return None

    for dirpath, dirnames, filenames in os.walk(top, topdown=True, onerror=onerror, followlinks=followlinks):
        chain = chains.pop(dirpath, (os.path.realpath(dirpath),))
        kept = []
        for name in dirnames:
            path = os.path.join(dirpath, name)
            if why := problem(path, chain, is_dir=True):
                log.warning("%s: %s，已跳过", os.path.relpath(path, top).replace(os.sep, "/"), why)
                continue
            kept.append(name)
            chains[path] = (*chain, os.path.realpath(path))
        dirnames[:] = kept  # in place, before the walk descends
        for name in list(filenames):
            path = os.path.join(dirpath, name)
            if why := problem(path, chain, is_dir=False):
                log.warning("%s: %s，已跳过", os.path.relpath(path, top).replace(os.sep, "/"), why)
                filenames.remove(name)
        yield dirpath, dirnames, filenames


class _OsWithSafeWalk:
    """The ``os`` module, but for ``walk``."""

    walk = staticmethod(safe_walk)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def install() -> None:
    """Make MkDocs' file listing use ``safe_walk``; once per process."""
    from .engine import seam

    seam.install_walk(_OsWithSafeWalk(), lambda current: isinstance(current, _OsWithSafeWalk))
