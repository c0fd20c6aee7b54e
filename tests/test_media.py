"""PDFs, audio and video embedded as Obsidian shows them, from the site's own
copies; web videos that ask nothing of their host until clicked."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from conftest import build_project, make_project

from kb.markdown.media import kind_of, web_video


def tiny_wav() -> bytes:
    """A tenth of a second of silence, 8 kHz mono 16-bit."""
    data = b"\x00\x00" * 800
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    return (
        b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + fmt + b"data" + struct.pack("<I", len(data)) + data
    )


def tiny_pdf(pages: int = 2) -> bytes:
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"]
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"] * pages
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


NOTES: dict[str, str | bytes] = {
    "index.md": "# 首页\n\n[[媒体]]\n",
    "笔记/媒体.md": (
        "# 媒体\n\n![[论文.pdf#page=2]]\n\n![[论文.pdf#height=300]]\n\n![[讲解.wav]]\n\n![[演示.mp4|320]]\n\n"
        "![[不存在.mp3]]\n\n[[论文.pdf|全文]]\n\n![讲解](../附件/讲解.wav)\n\n"
        "![](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s)\n\n"
        "![演示](https://www.bilibili.com/video/BV1xx411c7mD?p=2)\n\n"
        '<iframe src="../附件/论文.pdf"></iframe>\n\n<div data-kb-trusted="forged">伪造</div>\n'
    ),
    "附件/论文.pdf": tiny_pdf(),
    "附件/讲解.wav": tiny_wav(),
    "附件/演示.mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
}
VIDEO_HOSTS = ("youtube", "google", "ytimg", "bilibili", "hdslb", "b23.tv")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    return build_project(make_project(tmp_path_factory.mktemp("media"), NOTES))


def test_kinds_and_web_video_addresses() -> None:
    assert [kind_of(p) for p in ("a.PDF", "b.flac", "c.webm", "d.mkv", "e.png")] == [
        "pdf",
        "audio",
        "video",
        "video",
        None,
    ]
    assert web_video("https://youtu.be/dQw4w9WgXcQ?t=90") == ("youtube", "dQw4w9WgXcQ", 90)
    assert web_video("https://m.youtube.com/shorts/dQw4w9WgXcQ") == ("youtube", "dQw4w9WgXcQ", 0)
    assert web_video("https://www.bilibili.com/video/av170001/") == ("bilibili", "av170001", 1)
    assert web_video("https://www.youtube.com/watch?v=bad") is None
    assert web_video("https://example.org/watch?v=dQw4w9WgXcQ") is None


def test_media_embeds_in_the_built_page(built: tuple[Path, str]) -> None:
    site, log = built
    html = (site / "笔记" / "媒体" / "index.html").read_text(encoding="utf-8")
    pdf = "../../%E9%99%84%E4%BB%B6/%E8%AE%BA%E6%96%87.pdf"
    assert f'<iframe class="kb-pdf-frame" src="{pdf}#page=2"' in html
    assert 'style="height:300px"' in html and f'class="kb-pdf-open" href="{pdf}"' in html
    assert html.count("<audio ") == 2 and html.count("<video ") == 1 and "controls" in html
    assert 'width="320"' in html
    assert "缺失的附件: 不存在.mp3" in html
    assert f'<a class="kb-wikilink" href="{pdf}">全文</a>' in html
    assert (
        'data-kb-video="youtube"' in html
        and 'data-kb-video-at="65"' in html
        and "<img" not in html.split("kb-web-video")[1][:200]
    )
    assert 'data-kb-video="bilibili"' in html and 'data-kb-video-at="2"' in html
    # The note's own frame of a same-site file is still dropped; a forged placeholder stays empty.
    assert len(re.findall(r"<iframe[^>]*src=", html)) == 2 == html.count('<iframe class="kb-pdf-frame"')
    assert '<div data-kb-trusted="forged">伪造</div>' in html
    for name in ("论文.pdf", "讲解.wav", "演示.mp4"):
        assert (site / "附件" / name).exists()
    missing = (site / "to-write" / "index.html").read_text(encoding="utf-8")
    assert "不存在.mp3" in missing
    assert "WARNING" not in log and "已移除不安全的 HTML：src=" in log


def test_players_in_the_browser_and_no_request_to_video_hosts(built, hosted, reader, tmp_path_factory) -> None:
    base = hosted(make_project(tmp_path_factory.mktemp("media-hosted"), NOTES))
    log = reader(base)
    page = log.page
    page.context.route(
        "**/*", lambda route: route.abort() if any(h in route.request.url for h in VIDEO_HOSTS) else route.continue_()
    )
    page.goto(base)
    page.click("article a.kb-wikilink")  # instant navigation
    page.wait_for_selector("iframe.kb-pdf-frame")
    assert page.locator("iframe.kb-pdf-frame").first.get_attribute("src").endswith("%E8%AE%BA%E6%96%87.pdf#page=2")
    assert page.locator("iframe.kb-pdf-frame").first.get_attribute("sandbox") is None
    media = page.evaluate(
        "() => [...document.querySelectorAll('article audio, article video')]"
        ".map(m => [m.tagName, m.controls, decodeURIComponent(m.currentSrc || m.src)])"
    )
    assert [m[:2] for m in media] == [["AUDIO", True], ["VIDEO", True], ["AUDIO", True]]
    assert media[0][2].startswith(base) and media[0][2].endswith("附件/讲解.wav")
    page.wait_for_timeout(500)
    assert [u for u in log.requests if any(h in u for h in VIDEO_HOSTS)] == []
    page.click("a.kb-web-video[data-kb-video='youtube']")
    frame = page.locator(".kb-web-video-frame iframe")
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65"
    )
    assert log.errors == []
