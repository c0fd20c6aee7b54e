"""What a link to an Excalidraw drawing shows: the image the plugin exported,
or, when there is none, a placeholder that names the drawing.

The drawing's own Markdown (banner, text elements, compressed JSON) is never
shown: only the plugin can draw it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown.util import AtomicString

from ..drawings import Drawing

NOT_EXPORTED = "Excalidraw 绘图「{name}」未导出图片"
HOW_TO_EXPORT = "在 Obsidian 的 Excalidraw 插件设置里打开自动导出 SVG 或 PNG，导出的图片放在绘图旁边即可显示"
SIZE_RE = re.compile(r"(?P<width>\d+)(?:x(?P<height>\d+))?")


def drawing_element(
    drawing: Drawing, *, embed: bool, url_of: Callable[[str], str], label: str | None = None, options: str = ""
) -> etree.Element:
    """An ``<img>`` for an embed, a link to the image for a link, else the placeholder.

    ``url_of`` turns a vault path into a link from the page; ``label`` is a
    link's text; ``options`` an embed's ``center|600``, whose number is its width.
    """
    if drawing.export is None:
        span = etree.Element("span", {"class": "kb-missing-file kb-drawing", "title": HOW_TO_EXPORT})
        span.text = AtomicString(NOT_EXPORTED.format(name=drawing.name))
        return span
    if not embed:
        a = etree.Element("a", {"href": url_of(drawing.export), "class": "kb-wikilink"})
        a.text = AtomicString(label or drawing.name)
        return a
    img = etree.Element("img", {"src": url_of(drawing.export), "alt": label or drawing.name, "class": "kb-drawing"})
    for option in options.split("|"):
        if size := SIZE_RE.fullmatch(option.strip()):
            img.set("width", size.group("width"))
            if size.group("height"):
                img.set("height", size.group("height"))
    return img
