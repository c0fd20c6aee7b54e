"""``docs/preamble.sty`` as a script MathJax is configured from, on every page.

The macros travel as ``assets/javascripts/preamble.js`` (``window.kbPreamble``),
which ``math.js`` loads with a ``<script>`` tag before MathJax: a script loads
from ``file://`` too, where the offline copy cannot fetch JSON. Hover previews
and pages reached by instant navigation use the same MathJax, so the same
macros. The ``.sty`` itself is taken out of the site: it is never a page or a
download. Without one the script carries no macros.
"""

from __future__ import annotations

import hashlib
import json
import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..parse.preamble import Preamble, parse_preamble

SRC_URI = "preamble.sty"
URI = "assets/javascripts/preamble.js"
log = logging.getLogger("mkdocs.plugins.kb")


def render(preamble: Preamble) -> str:
    macros = json.dumps(preamble.macros, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    version = hashlib.blake2b(macros.encode("utf-8"), digest_size=6).hexdigest()
    return f'window.kbPreamble={{"version":"{version}","macros":{macros}}};\n'


def script_file(config: MkDocsConfig, files: Files) -> File:
    """Take ``preamble.sty`` out of ``files``, warn about what MathJax cannot take, give the script."""
    preamble = Preamble()
    source = files.get_file_from_path(SRC_URI)
    if source is not None:
        files.remove(source)
        preamble = parse_preamble(source.content_bytes.decode("utf-8-sig", errors="replace"))
        for line, problem in preamble.problems:
            log.warning("%s 第 %d 行: %s", SRC_URI, line, problem)
    return File.generated(config, URI, content=render(preamble))
