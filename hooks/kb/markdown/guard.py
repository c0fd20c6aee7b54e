"""One page that cannot be rendered never stops the build.

Every extension of a page, ours, Python-Markdown's and pymdownx's, runs inside
one call: ``Markdown.convert``, which MkDocs' ``Page.render`` makes once per
page on a ``Markdown`` of its own, in a worker process
(``kb/engine/parallel.py``) or in MkDocs' own loop (serve, small sites). This
extension wraps that call on each such ``Markdown``. An unexpected exception
in it (a bug set off by one note's text) becomes a warning naming the page's
file, the exception's type and its message, and the page shows a short notice
instead of its content, escaped. ``--strict`` fails on the warning, as on any.

An ``MkDocsException`` (a plugin asking to stop the build) still stops it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from mkdocs.exceptions import MkDocsException

log = logging.getLogger("mkdocs.plugins.kb")

MESSAGE_CHARS = 300  # of the exception's message, on the page and in the warning


def describe(error: BaseException) -> str:
    """``Type: message``, the message cut to ``MESSAGE_CHARS``, on one line."""
    message = " ".join(str(error).split())
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def notice(error: BaseException) -> str:
    """What the page shows instead of its content."""
    return f'<div class="kb-render-error" role="note"><p>这篇笔记无法显示：{escape(describe(error))}</p></div>'


class RenderGuardExtension(Extension):
    """A failing render becomes a warning and a notice (see above)."""

    def __init__(self, current_source: Callable[[], str | None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current_source = current_source  # () -> the src_uri of the page being rendered

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        convert = md.convert

        def guarded(source: str) -> str:
            try:
                return convert(source)
            except MkDocsException:
                raise
            except Exception as error:  # noqa: BLE001 (one note's failure, reported and shown)
                where = (self.current_source() if self.current_source else None) or "?"
                log.warning("%s: 这篇笔记无法显示（%s），页面只显示这条说明", where, describe(error))
                md.toc_tokens = []  # type: ignore[attr-defined] (toc's: no headings on the notice)
                md.toc = ""  # type: ignore[attr-defined]
                return notice(error)

        md.convert = guarded  # type: ignore[method-assign]
