"""The theme's Jinja environment, made cheaper to build again.

MkDocs makes a new environment on every build, and under ``mkdocs serve`` on
every rebuild. Two costs of that grow with Material, not with the notes, and
are paid again each time; ``use_fast_env`` removes both.
"""

from __future__ import annotations

import os

from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket
from mkdocs.theme import Theme

from . import seam


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept across rebuilds: compiling Material's takes about a
    second. Jinja keys the cache by each template's source, so an edited template
    is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class ThemeLoader(FileSystemLoader):
    """A loader whose listing skips dot folders.

    MkDocs lists the theme's files on every build to find the static assets to
    copy, and its filter drops every path with a dot segment. Material keeps
    14,000 icons in ``.icons/``, so walking them was nearly all of the listing's
    cost (0.2–0.3 s of each rebuild). Templates still load from there as before.
    """

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                folder = os.path.relpath(dirpath, searchpath).replace(os.path.sep, "/")
                found.update(name if folder == "." else f"{folder}/{name}" for name in filenames)
        return sorted(found)


def use_fast_env(theme: Theme, cache: MemoryBytecodeCache) -> None:
    """Every environment the theme makes from now on lists through ``ThemeLoader``
    and compiles through ``cache``; MkDocs offers no setting for either."""

    def fast(env: Environment) -> Environment:
        env.loader = ThemeLoader(theme.dirs)
        env.bytecode_cache = cache
        return env

    seam.wrap_theme_env(theme, fast)
