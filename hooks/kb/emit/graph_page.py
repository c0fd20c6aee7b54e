"""The global graph page (图谱): every published note, drawn by graph.js.

The page holds only the frame; the notes and their positions come from
``graph/data.py``'s file, so the page is the same size at any vault size and
stays out of search.
"""

from __future__ import annotations

SRC_URI = "graph.md"


def render(count: int) -> str:
    return (
        "---\ntitle: 图谱\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n# 图谱\n\n"
        f"全部 **{count}** 篇已发布笔记和它们之间的链接。同一文件夹的笔记聚在一起，"
        "被链接最多的在中间。拖动平移，滚轮缩放，悬停查看相连的笔记，点击打开笔记。\n\n"
        '<div class="kb-graph-page">\n'
        '<input type="search" class="kb-graph-find" placeholder="按标题或标签查找笔记" aria-label="查找笔记">\n'
        '<div class="kb-graph-canvas" data-kb-graph></div>\n'
        "<noscript>图谱需要 JavaScript。</noscript>\n"
        "</div>\n"
    )
