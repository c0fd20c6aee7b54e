"""Each ``.base`` file's own page: every view under its name."""

from __future__ import annotations

import json
import re
from html import escape

from ..emit.generated import GeneratedPage
from . import Queries
from .expr import QueryError


def page_uri(base_uri: str) -> str:
    """``论文/阅读.base`` → ``论文/阅读.base.md``, at ``论文/阅读.base/``."""
    return base_uri + ".md"


def _md_text(text: str) -> str:
    return escape(re.sub(r"([\\`*_\[\]|#!$=~^%<>{}])", r"\\\1", text), quote=False)


def render(queries: Queries, base_uri: str) -> str:
    name = base_uri.rsplit("/", 1)[-1][: -len(".base")]
    head = f"---\ntitle: {json.dumps(escape(name), ensure_ascii=False)}\n---\n\n"
    try:
        views = [view.name for view in queries.base(base_uri).views]
    except QueryError:
        views = [""]  # the fence shows the notice, and the build warns
    parts = [head]
    for view in views:
        if view and len(views) > 1:
            parts.append(f"## {_md_text(view)}\n\n")
        fence = "`" * 3
        parts.append(f"{fence}kb-base\n{base_uri}\n{view}\n{fence}\n\n")
    return "".join(parts)


def base_pages(queries: Queries) -> list[GeneratedPage]:
    return [GeneratedPage(page_uri(uri), lambda _, uri=uri: render(queries, uri)) for uri in sorted(queries.bases)]
