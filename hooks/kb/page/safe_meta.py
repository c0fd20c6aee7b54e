"""Front-matter values that Material prints, made safe to print.

Material's templates print ``page.meta`` without escaping (``<meta
name="description" content="{{ page.meta.description }}">``), include
``.icons/{{ icon }}.svg`` and pick ``template`` by name. A note pasted from
the web, or a Hugo post's front matter, must not write markup into ``<head>``
nor stop the build with a missing icon or template. Titles are escaped where
the hook sets them; this covers the other keys the theme reads.
"""

from __future__ import annotations

import logging
import os
import re
from html import escape
from typing import Any
from urllib.parse import quote

log = logging.getLogger("mkdocs.plugins.kb")

# Printed as text or inside an attribute by Material's templates.
PRINTED = ("description", "author", "subtitle")
NAME_RE = re.compile(r"^[a-z0-9_-]+$")
ICON_RE = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)+$")
# Characters an address may hold as they are: RFC 3986's reserved ones and ``%``.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def make_safe(src_uri: str, meta: dict[str, Any], theme_dirs: list[str]) -> None:
    """Escape the printed keys, and drop what would break the page with a warning."""
    problems: list[str] = []
    for key in PRINTED:
        if key in meta:
            meta[key] = escape(str(meta[key]))
    if "status" in meta and not NAME_RE.match(str(meta["status"])):
        problems.append(f"status 不是合法的名称，已忽略：{meta.pop('status')!r}")
    if "icon" in meta and not _in_theme(f".icons/{meta['icon']}.svg", theme_dirs, ICON_RE.match(str(meta["icon"]))):
        problems.append(f"主题中没有图标 {meta.pop('icon')!r}，已忽略")
    if "template" in meta and not _in_theme(str(meta["template"]), theme_dirs, True):
        problems.append(f"主题中没有模板 {meta.pop('template')!r}，已忽略")
    for problem in problems:
        log.warning("%s: %s", src_uri, problem)


def _in_theme(path: str, theme_dirs: list[str], well_formed: object) -> bool:
    if not well_formed or ".." in path.split("/") or path.startswith("/"):
        return False
    return any(os.path.isfile(os.path.join(folder, path)) for folder in theme_dirs)


def safe_url(url: str | None) -> str | None:
    """An address with every ASCII character that could end an attribute (``"``,
    ``<``, a space) percent-encoded; Chinese stays readable, as browsers show it."""
    if url is None:
        return None
    return "".join(c if ord(c) > 127 or c.isalnum() or c in URL_SAFE else quote(c, safe="") for c in url)
