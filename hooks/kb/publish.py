"""A published build must carry the site's real address.

Left at the example address, canonical links, ``feed.xml`` and the sitemap
point at example.github.io, and Material's instant navigation silently turns
off (it follows only addresses in the sitemap). The Pages workflow sets
``KB_PUBLISH``; a build it runs with the example address fails, saying how to fix it.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

EXAMPLE_HOST = "example.github.io"


def check_address(config: MkDocsConfig) -> None:
    if os.environ.get("KB_PUBLISH") and EXAMPLE_HOST in (config.site_url or ""):
        raise PluginError(
            f"site_url 仍是示例地址 {config.site_url}：发布时请设置环境变量 SITE_URL"
            "（GitHub Pages 工作流会从 actions/configure-pages 取得），或修改 mkdocs.yml 顶部的 site_url。"
        )
