"""The offline copy: Material's offline plugin, minus its one CDN request.

For search from ``file://``, the plugin adds iframe-worker's shim from unpkg.
We serve the copy that ``scripts/setup.sh`` installed from the npm registry
instead, or, without one, drop it and say that search needs it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.kb")

SHIM = Path(sys.prefix) / "share" / "iframe-worker" / "shim.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"


def use_local_shim(config: MkDocsConfig) -> list[File]:
    """Replace the CDN shim in ``extra.polyfills``; the files to add to the site."""
    polyfills = config.extra.get("polyfills", [])
    if not any("iframe-worker" in url for url in polyfills):
        return []
    has_shim = SHIM.is_file()
    config.extra["polyfills"] = [
        (SHIM_URI if has_shim else None) if "iframe-worker" in url else url for url in polyfills
    ]
    config.extra["polyfills"] = [url for url in config.extra["polyfills"] if url]
    if not has_shim:
        log.warning("离线版：未安装 iframe-worker（运行 scripts/setup.sh），从磁盘打开时搜索不可用")
        return []
    return [File.generated(config, SHIM_URI, abs_src_path=str(SHIM))]
