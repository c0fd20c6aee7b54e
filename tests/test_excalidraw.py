"""Excalidraw drawings: links and embeds show the exported image, or a
placeholder naming the drawing; the drawing's own Markdown is never published."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import build_project, make_project

from kb.drawings import Drawings

# As the Excalidraw plugin writes a drawing: front matter, banner, text elements, compressed JSON.
DRAWING = """\
---

excalidraw-plugin: parsed
tags: [excalidraw]

---
==⚠  Switch to EXCALIDRAW VIEW in the MORE OPTIONS menu of this document. ⚠== You can decompress Drawing data \
with the command palette: 'Decompress current Excalidraw file'. For more info check in plugin settings under 'Saving'


# Excalidraw Data

## Text Elements
注意力矩阵的草图文字 TODO ^a1b2c3

[[目标笔记]]

%%
## Drawing
```compressed-json
N4KAkARALgngDgUwgLgAQQQDwMYEMA2AlgCYBOuA7hADTgQBuCpAzoQPYB2KqATLZMzYBXUtiRoIACyhQ4zZAHoFAc0JRJQgEYA6bGwC2CgF7N6hbEcK4
```
%%
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
# Banner, text elements and compressed data: none may reach a page or search.
DRAWING_TEXT = [
    "EXCALIDRAW VIEW",
    "Excalidraw Data",
    "Text Elements",
    "注意力矩阵的草图文字",
    "N4KAkARALgng",
    "compressed-json",
]

NOTES: dict[str, str | bytes] = {
    "index.md": (
        "# 首页\n\n![[流程图.excalidraw|center|600]]\n\n![[草图.excalidraw.md]]\n\n"
        "行内 [[流程图.excalidraw|看图]]，[Markdown 链接](画/流程图.excalidraw.md)，[[草图.excalidraw]]。\n\n"
        "![[老图]]\n\n![[危险<b>&图.excalidraw]]\n"
    ),
    "画/流程图.excalidraw.md": DRAWING,
    "画/流程图.excalidraw.svg": SVG,
    "草图.excalidraw.md": DRAWING,
    "老图.md": DRAWING,  # the plugin's front matter, without .excalidraw in the name
    "老图.png": b"\x89PNG\r\n\x1a\n",
    "危险<b>&图.excalidraw.md": DRAWING,
    "别处/深/笔记.md": "# 笔记\n\n![[流程图.excalidraw]]\n",
    "宿主.md": "# 宿主\n\n![[笔记]]\n",
    "目标笔记.md": "# 目标笔记\n\n正文。\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    return build_project(make_project(tmp_path_factory.mktemp("excalidraw"), NOTES), "--strict")


@pytest.fixture(scope="module")
def site(built: tuple[Path, str]) -> Path:
    return built[0]


def article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def drawing_images(site: Path, page: str) -> list[tuple[str, Path]]:
    """Each ``<img class="kb-drawing">`` of a page: its tag, and the file its src points at."""
    found = []
    for tag in re.findall(r"<img [^>]*>", article(site, page)):
        if 'class="kb-drawing"' in tag:
            src = re.search(r'src="([^"]+)"', tag).group(1)
            found.append((tag, (site / page / unquote(src)).resolve()))
    return found


def test_an_exported_drawing_embeds_as_its_image_at_its_width(site: Path) -> None:
    images = drawing_images(site, "")
    assert len(images) == 2
    tag, path = images[0]
    assert 'width="600"' in tag and 'alt="流程图"' in tag
    assert path == (site / "画" / "流程图.excalidraw.svg").resolve() and path.is_file()
    assert images[1][1] == (site / "老图.png").resolve() and images[1][1].is_file()


@pytest.mark.parametrize("page", ["别处/深/笔记", "宿主"])
def test_the_image_is_found_from_any_folder_and_through_an_embed(site: Path, page: str) -> None:
    [(tag, path)] = drawing_images(site, page)
    assert path.is_file() and path.name == "流程图.excalidraw.svg"


def test_a_drawing_without_an_export_shows_a_placeholder_naming_it(site: Path) -> None:
    html = article(site, "")
    assert html.count("Excalidraw 绘图「草图」未导出图片") == 2  # the embed and the link
    assert "Excalidraw 绘图「危险&lt;b&gt;&amp;图」未导出图片" in html
    assert "危险<b>" not in html


def test_links_to_a_drawing_lead_to_its_image(site: Path) -> None:
    html = article(site, "")
    assert '<a class="kb-wikilink" href="%E7%94%BB/%E6%B5%81%E7%A8%8B%E5%9B%BE.excalidraw.svg">看图</a>' in html
    assert (
        '<a class="kb-wikilink" href="%E7%94%BB/%E6%B5%81%E7%A8%8B%E5%9B%BE.excalidraw.svg">Markdown 链接</a>' in html
    )


def test_a_drawing_is_no_page_nor_a_missing_note(site: Path) -> None:
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert not any("excalidraw" in p.lower() or "老图" in p or "草图" in p for p in pages)
    assert not (site / "tags" / "excalidraw").exists()  # the drawing's front matter tag
    to_write = article(site, "to-write")
    assert "草图" not in to_write and "流程图" not in to_write and "老图" not in to_write


def test_nothing_of_the_drawings_text_reaches_a_page_or_search(site: Path) -> None:
    for path in [*site.rglob("*.html"), site / "search" / "search_index.json", site / "todo.json"]:
        text = path.read_text(encoding="utf-8")
        assert not [s for s in DRAWING_TEXT if s in text], path
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if "excalidraw" in d["location"].lower()]


def test_a_drawings_links_count_as_no_backlink(site: Path) -> None:
    assert "反向链接" not in article(site, "目标笔记")


def test_drawings_resolve_by_path_or_nearest_name_case_insensitively() -> None:
    drawings = Drawings(["a/图.excalidraw.md", "b/c/图.excalidraw.md", "B/x.md"], {"b/c/图.excalidraw.svg"})
    assert drawings.find("图.excalidraw", "a").src_uri == "a/图.excalidraw.md"
    assert drawings.find("图.EXCALIDRAW.md", "b/c/d").export == "b/c/图.excalidraw.svg"
    assert drawings.find("c/图.excalidraw", "a").src_uri == "b/c/图.excalidraw.md"
    assert drawings.find("../B/x", "a").name == "x"
    assert drawings.find("图", "a") is None
