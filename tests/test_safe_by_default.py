"""A note pasted from the web runs nothing: not on its page, in a preview, the
TODO page, 最近更新, 图谱 or search, on the published site or the offline copy.

Every payload calls ``alert``; a browser with a dialog handler visits every
place the note reaches and fails if any dialog opens. The note's safe HTML
(``details``, ``kbd``, a red ``span``, ``sub``) must still show.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import OFFLINE, build_project, make_project, search
from test_previews import preview_of

from kb.offline import SHIM

PAYLOAD_NOTE = """---
title: "危险<img src=x onerror=alert('kbxss-title')>笔记"
description: "\\"><img src=x onerror=alert('kbxss-desc')>"
author: "<script>alert('kbxss-author')</script>"
tags: ["<img src=x onerror=alert('kbxss-tag')>", 网页剪藏]
---

开头一段，来自网页剪藏 kbsafe。<b onmouseover="alert('kbxss-b')">悬停这里</b>

<script>alert('kbxss-script')</script>

<img src="missing.png" onerror="alert('kbxss-img')">

<svg onload="alert('kbxss-svg')"><circle r="5"/></svg>

[坏链接](javascript:alert(1)) 和 <a href="javascript:alert('kbxss-a')">另一个</a>

<iframe src="javascript:alert('kbxss-iframe')"></iframe>

点这一段
{: onclick="alert('kbxss-attr')" }

<details><summary>展开看</summary>折叠的内容</details>

按 <kbd>Ctrl</kbd>，<span style="color: red">红色的字</span>，H<sub>2</sub>O。

- [ ] 问题 <img src=x onerror=alert('kbxss-todo')> 要回答

![远程图](https://img.example.invalid/a.png)
"""

NOTES = {
    "index.md": "# 首页\n\n看看 [[危险]] 这篇。\n",
    "危险.md": PAYLOAD_NOTE,
    "引号\" onmouseover=\"alert('kbxss-file').md": "# 引号\n\n文件名里有引号。\n",
}


class _Scripts(HTMLParser):
    """Every way an element of a page could run a payload."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") and "kbxss" in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value!r}>")
            if "kbxss" in name:  # an attribute made of a broken-out value
                self.found.append(f"<{tag} {name}>")
        if any(name.startswith("on") for name, _ in attrs) and tag in {"img", "svg", "b", "p", "iframe"}:
            self.found.append(f"<{tag} {attrs}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "kbxss" in data:
            self.found.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("xss"), NOTES)


def test_no_page_of_the_site_holds_a_payload_that_runs(project: Path) -> None:
    site, log = build_project(project)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    found = []
    for page in pages:
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {f}" for f in parser.found]
    assert found == []
    # What was removed is named once, as information: --strict does not fail on it.
    assert log.count("危险.md: 已移除不安全的 HTML") == 1
    assert "<script>" in log and "onerror=" in log and "href=javascript:" in log
    build_project(project, "--strict")


def test_generated_data_hold_no_markup_that_runs(project: Path) -> None:
    site, _ = build_project(project)
    for data in [*site.glob("previews/*.js"), site / "graph-data.js", *site.glob("search/**/*.json")]:
        text = data.read_text(encoding="utf-8")
        for name in ("img", "script", "svg", "a", "iframe", "b", "attr"):
            trace = f"kbxss-{name}'"
            assert trace not in text, f"{data.relative_to(site)} holds {trace}"


def test_every_remote_image_is_asked_for_without_a_referrer(project: Path) -> None:
    site, _ = build_project(project)
    html = next(site.glob("危险/index.html")).read_text(encoding="utf-8")
    remote = '<img alt="远程图" loading="lazy" src="https://img.example.invalid/a.png" referrerpolicy="no-referrer">'
    assert remote in html


def test_a_file_name_with_a_quote_stays_inside_its_addresses(project: Path) -> None:
    site, _ = build_project(project)
    page = next(p for p in site.rglob("index.html") if "引号" in str(p))
    html = page.read_text(encoding="utf-8")
    edit = html.split('rel="edit"')[0].rsplit("<a ", 1)[1]
    assert '%22%20onmouseover=%22' in edit and "onmouseover=\"alert" not in edit


def _no_dialog(page) -> list[str]:
    dialogs: list[str] = []

    def record(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return dialogs


@pytest.fixture(scope="module")
def site(project, hosted) -> str:
    return hosted(project)


@pytest.mark.browser
def test_no_dialog_anywhere_the_note_reaches(site: str, reader) -> None:
    page = reader(site).page
    dialogs = _no_dialog(page)
    page.goto(site + "危险/")
    page.wait_for_load_state("load")
    article = page.locator("article")
    # The safe HTML is still there, and shown.
    assert page.locator("article details summary").inner_text() == "展开看"
    assert page.locator("article kbd").inner_text() == "Ctrl"
    red = page.locator("article span", has_text="红色的字")
    assert red.is_visible() and red.evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"
    assert page.locator("article sub").inner_text() == "2"
    article.locator("b", has_text="悬停这里").hover()
    article.get_by_text("点这一段").click()
    article.get_by_text("另一个").click()
    page.wait_for_timeout(300)
    # A page that only links the note: its hover preview carries the note's opening.
    page.goto(site)
    box = preview_of(page, "危险")
    assert "kbsafe" in box.inner_text()
    box.locator("b", has_text="悬停这里").hover()
    for where in ("todo/", "recent/", "graph/", "tags/"):
        page.goto(site + where)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
    assert page.locator("article").get_by_text("<img src=x onerror=alert('kbxss-tag')>").count() >= 1
    page.goto(site + "todo/")
    assert page.get_by_text("问题 <img src=x onerror=alert('kbxss-todo')> 要回答").first.is_visible()
    page.goto(site + "危险/")
    assert search(page, "kbsafe") >= 1
    assert search(page, "kbxss-tag") >= 0  # a tag's own text, typed into search
    page.wait_for_timeout(300)
    assert dialogs == []


@pytest.fixture(scope="module")
def offline_site(project) -> Path:
    site, _ = build_project(project, env=OFFLINE)
    return site


@pytest.mark.browser
@pytest.mark.skipif(not SHIM.is_file(), reason="iframe-worker is installed by scripts/setup.sh (needs npm)")
def test_no_dialog_from_a_tag_in_the_offline_copys_search(offline_site: Path, reader) -> None:
    page = reader(offline_site.as_uri() + "/").page
    dialogs = _no_dialog(page)
    page.goto((offline_site / "index.html").as_uri())
    assert search(page, "网页剪藏") >= 1
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert page.locator(".md-search-result .md-tag", has_text="onerror").count() >= 1  # shown as text
    page.wait_for_timeout(500)
    assert dialogs == []


def test_every_remote_image_of_the_seed_site_sends_no_referrer(built_site: Path) -> None:
    """Yuque's and other Chinese image hosts refuse a request that names another site."""
    remote = []
    for page in built_site.rglob("*.html"):
        parser = _Images()
        parser.feed(page.read_text(encoding="utf-8"))
        remote += parser.remote
    assert len(remote) >= 9
    assert [attrs for attrs in remote if attrs.get("referrerpolicy") != "no-referrer"] == []


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "img" and (found.get("src") or "").startswith(("http://", "https://")):
            self.remote.append(found)
