"""PDFs, audio and video in a note, as Obsidian shows them, and web videos
that ask nothing of their host until the reader clicks.

- ``![[论文.pdf]]``, ``![[论文.pdf#page=2]]``, ``![[论文.pdf#height=400]]``:
  the browser's own PDF viewer in a frame, at that page and height, and a
  link that opens the whole file. The frame is ours (``trusted.py`` says why
  it is put in after the sanitizer).
- ``![[讲解.mp3]]`` (wav, m4a, ogg, flac): ``<audio controls>``;
  ``![[演示.mp4]]`` (webm, ogv, mov, mkv): ``<video controls>``, ``|640``
  its width. Both pass the sanitizer as a note's own would.
- ``![](讲解.mp3)`` and the other Markdown forms do the same.
- ``![](https://www.youtube.com/watch?v=…)`` and Bilibili's ``/video/BV…``
  would be an ``<img>`` that asks YouTube for a page on every load. It is a
  link card instead: a plain link without JavaScript, and ``media.js`` swaps
  in the player when it is clicked; no request goes to those hosts before.

Every file is one of the vault's, copied into the site as it is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape
from urllib.parse import parse_qs, unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..model import Link
from .trusted import FillTrusted, Trusted

AUDIO_EXTS = {"mp3", "wav", "m4a", "ogg", "flac"}
VIDEO_EXTS = {"mp4", "webm", "ogv", "mov", "mkv"}
PDF_HEIGHT = 600  # px, as a frame shows a page and a half
YOUTUBE_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
BILIBILI_ID_RE = re.compile(r"BV[0-9A-Za-z]{10}|av[0-9]{1,12}", re.IGNORECASE)
TIME_RE = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")


def kind_of(path: str) -> str | None:
    """ "pdf", "audio", "video", or None for any other file."""
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return "pdf" if ext == "pdf" else "audio" if ext in AUDIO_EXTS else "video" if ext in VIDEO_EXTS else None


def _options(fragment: str) -> dict[str, str]:
    """``page=2&height=400`` as a dict."""
    out = {}
    for part in fragment.split("&"):
        key, _, value = part.partition("=")
        out[key.strip().lower()] = value.strip()
    return out


def player(kind: str, url: str, name: str, fragment: str, size: str | None, trusted: Trusted) -> etree.Element:
    """What an embedded file shows. ``url``: the file's address from the page."""
    if kind == "pdf":
        return _pdf(url, name, _options(fragment), trusted)
    element = etree.Element(kind, {"controls": "controls", "preload": "metadata", "src": url, "class": f"kb-{kind}"})
    element.set("title", name)
    if kind == "video" and size and (width := size.partition("x")[0].strip()).isdigit():
        element.set("width", width)
    element.text = AtomicString(name)  # shown only by a browser that plays neither
    return element


def _pdf(url: str, name: str, options: dict[str, str], trusted: Trusted) -> etree.Element:
    page = options.get("page", "")
    height = options.get("height", "")
    height_px = min(max(int(height), 100), 4000) if height.isdigit() else PDF_HEIGHT
    src = url + (f"#page={int(page)}" if page.isdigit() else "")
    html = (
        f'<span class="kb-pdf"><iframe class="kb-pdf-frame" src="{escape(src)}" title="PDF：{escape(name)}" '
        f'style="height:{height_px}px" loading="lazy"></iframe>'
        f'<a class="kb-pdf-open" href="{escape(url)}">打开 PDF：{escape(name)}</a></span>'
    )
    return etree.Element("span", {"data-kb-trusted": trusted.store(html)})


def web_video(url: str) -> tuple[str, str, int] | None:
    """("youtube"|"bilibili", the video's id, start second or page) for a video page's address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    query = parse_qs(parts.query)
    path = [p for p in parts.path.split("/") if p]
    if host in {"youtube.com", "youtube-nocookie.com", "music.youtube.com", "youtu.be"}:
        if host == "youtu.be":
            video = path[0] if path else ""
        elif path[:1] == ["watch"]:
            video = query.get("v", [""])[0]
        elif len(path) >= 2 and path[0] in {"shorts", "embed", "live", "v"}:
            video = path[1]
        else:
            return None
        if not YOUTUBE_ID_RE.fullmatch(video):
            return None
        time = TIME_RE.fullmatch(query.get("t", query.get("start", [""]))[0])
        start = sum(int(n or 0) * k for n, k in zip(time.groups(), (3600, 60, 1), strict=True)) if time else 0
        return "youtube", video, start
    if host == "bilibili.com" and len(path) >= 2 and path[0] == "video" and BILIBILI_ID_RE.fullmatch(path[1]):
        page = query.get("p", ["1"])[0]
        return "bilibili", path[1], int(page) if page.isdigit() else 1
    return None


PROVIDERS = {"youtube": "YouTube", "bilibili": "哔哩哔哩"}


def video_card(url: str, found: tuple[str, str, int], label: str) -> etree.Element:
    """A link to the video that ``media.js`` turns into its player on a click."""
    provider, video, number = found
    a = etree.Element(
        "a",
        {
            "href": url,
            "class": "kb-web-video",
            "data-kb-video": provider,
            "data-kb-video-id": video,
            "data-kb-video-at": str(number),
        },
    )
    play = etree.SubElement(a, "span", {"class": "kb-web-video-play", "aria-hidden": "true"})
    play.text = "▶"
    text = etree.SubElement(a, "span", {"class": "kb-web-video-text"})
    text.text = AtomicString(f"{PROVIDERS[provider]} 视频" + (f"：{label}" if label else ""))
    note = etree.SubElement(a, "span", {"class": "kb-web-video-note"})
    note.text = AtomicString(f"点击后才从 {PROVIDERS[provider]} 加载播放器")
    return a


class MediaImages(Treeprocessor):
    """``![](…)`` images that are files to play or web videos."""

    def __init__(self, md: Markdown, build):
        super().__init__(md)
        self.build = build

    def run(self, root: etree.Element) -> None:
        page, note = self.build.current()
        if note is None:
            return
        for parent in root.iter():
            for i, child in enumerate(parent):
                if child.tag != "img" or not (src := child.get("src", "")):
                    continue
                element = self._replace(src, child.get("alt", ""), page, note)
                if element is not None:
                    element.tail = child.tail
                    parent[i] = element

    def _replace(self, src: str, alt: str, page, note) -> etree.Element | None:
        if src.startswith(("http://", "https://")):
            found = web_video(src)
            return video_card(src, found, alt) if found else None
        path, _, fragment = unquote(src).partition("#")
        kind = kind_of(path)
        if kind is None or ":" in path.split("/", 1)[0]:
            return None
        file = self.build.vault.resolve_file(Link(path, fragment, None, True, "markdown", 0, ""), note)
        if file is None or file not in self.build.files:
            return None  # the missing-file placeholder is already there
        url = self.build.url_from(page.file, file)
        return player(kind, url, alt or path.rsplit("/", 1)[-1], fragment, None, self.build.trusted)


class MediaExtension(Extension):
    def __init__(self, build):
        super().__init__()
        self.build = build

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After missing files got their placeholders (4), before MkDocs rewrites addresses (0).
        md.treeprocessors.register(MediaImages(md, self.build), "kb-media", 3)
        # After the sanitizer ("kb-safe-html", 5): our own frames and drawings (trusted.py).
        md.postprocessors.register(FillTrusted(md, self.build), "kb-trusted", 4)
