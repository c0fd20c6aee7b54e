"""A visible banner on drafts, which only ``mkdocs serve`` shows."""

from __future__ import annotations

BANNER = (
    '!!! warning "草稿"\n'
    "    这篇笔记是草稿（`draft: true` 或 `publish: false`，或 front matter 无法解析），"
    "只在本地预览中可见，不会发布到网站。\n\n"
)


def with_banner(markdown: str) -> str:
    return BANNER + markdown
