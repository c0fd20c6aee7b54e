"""```` ```base ````, ```` ```dataview ```` and ```` ```dataviewjs ```` blocks: SuperFences
custom fences, so a query anywhere a fence may stand (a list, a quote, a
callout) is read as SuperFences reads any fence, and no other code block is
touched. The views come from ``kb/query``; ``kb-base`` is the fence the
``.base`` files' own pages use (``kb/query/pages.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from ..build import Build

SUPERFENCES = "pymdownx.superfences"
NAMES = ("base", "dataview", "dataviewjs", "kb-base")
JS_NOTICE = "dataviewjs 查询不在网站上运行，下面是它的代码。"


def _where(build: Build) -> tuple[Any, Any, str, Callable[[str], str]]:
    page, note = build.current()
    where = page.file.src_uri if page else "?"
    return page, note, where, lambda src: build.url_from(page.file, src)


def _fence(build_of: Callable[[], Build], language: str) -> Callable[..., str]:
    def format(source: str, language: str = language, *args: Any, **kwargs: Any) -> str:  # noqa: A001
        build = build_of()
        _, note, where, url_of = _where(build)
        queries = build.queries
        if language == "base":
            return queries.base_block(source, note, where, url_of)
        if language == "dataview":
            return queries.dataview_block(source, note, where, url_of)
        if language == "kb-base":  # a .base file's page: "path\nview name"
            src_uri, _, view = source.partition("\n")
            return queries.base_view(src_uri.strip(), view.strip(), src_uri.strip(), url_of, titled=False)
        return (
            f'<div class="kb-query-note" role="note">{JS_NOTICE}</div>'
            f'<pre class="kb-query-js"><code>{escape(source)}</code></pre>'
        )

    return format


def add_query_fences(config: MkDocsConfig, build_of: Callable[[], Build]) -> None:
    """Add the query fences to SuperFences' configuration (once, whatever rebuild this is)."""
    options = config.mdx_configs.setdefault(SUPERFENCES, {})
    fences = [f for f in options.get("custom_fences", []) if f.get("name") not in NAMES]
    fences += [{"name": name, "class": "kb-query", "format": _fence(build_of, name)} for name in NAMES]
    options["custom_fences"] = fences
