"""``mkdocs serve`` shows a rebuilt page by swapping its content in place.

MkDocs injects a script into every served page that reloads it whole after
each rebuild, which costs about 0.3 s at 1000 notes (the page, Material's
bundle, MathJax) and loses the reading position. Our script
(``serve_assets/livereload.js``) asks the same endpoint, and swaps the new
page's components in as Material's instant navigation does. MkDocs has no
option for its script, so the server's injecting method is replaced.
"""

from __future__ import annotations

import logging
import string
import time
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from . import seam

SCRIPT = string.Template((Path(__file__).parent / "serve_assets" / "livereload.js").read_text(encoding="utf-8"))


def _inject(content: bytes, epoch: int) -> bytes:
    """The page with our script before ``</body>``, as MkDocs places its own."""
    body_end = content.rfind(b"</body>")
    if body_end < 0:
        body_end = len(content)
    # safe_substitute: the script's own "$" (document$) are not placeholders.
    script = SCRIPT.safe_substitute(epoch=epoch, request_id=round(time.monotonic() * 1000))
    return b"%b<script>%b</script>%b" % (content[:body_end], script.encode(), content[body_end:])


def _not_a_page_view(record: logging.LogRecord) -> bool:
    """MkDocs logs "Browser connected" for every page a reader opens: noise in a
    terminal that should show rebuilds and problems."""
    return not record.getMessage().startswith("Browser connected")


def swap_on_reload(server: LiveReloadServer) -> LiveReloadServer:
    seam.replace_injection(server, _inject)  # MkDocs' own, replaced
    livereload_log = logging.getLogger("mkdocs.livereload")
    if _not_a_page_view not in livereload_log.filters:  # serve reloads this module's state, not the logger's
        livereload_log.addFilter(_not_a_page_view)
    return server
