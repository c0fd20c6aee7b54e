"""Shared fixtures: real builds of real notes, served to a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The environment of an offline build (README: "The offline copy").
OFFLINE = {"OFFLINE": "true"}


def mkdocs(
    *args: str,
    cwd: Path = ROOT,
    check: bool = True,
    site_url: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``mkdocs`` in a process of its own; ``env``: variables to add, such as ``OFFLINE``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if site_url:
        env["SITE_URL"] = site_url
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def make_project(where: Path, notes: dict[str, str | bytes]) -> Path:
    """A copy of this site's configuration around a docs/ made of ``notes``."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    (where / "hooks").symlink_to(ROOT / "hooks")
    for name, content in notes.items():
        path = where / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return where


def build_project(
    project: Path, *args: str, site_url: str | None = None, env: dict[str, str] | None = None
) -> tuple[Path, str]:
    """Build ``project``; returns the site folder and the build log."""
    proc = mkdocs("build", "-d", str(project / "site"), *args, cwd=project, site_url=site_url, env=env)
    return project / "site", proc.stdout + proc.stderr


def build_as_served(project: Path) -> Path:
    """Build ``project`` once as ``mkdocs serve`` would (its command flag: drafts shown),
    into ``serve-site/``, without starting a server."""
    code = (
        "import sys; sys.argv=['mkdocs'];"
        "from mkdocs.commands import build; from mkdocs.config import load_config;"
        "cfg=load_config('mkdocs.yml', site_dir='serve-site');"
        "cfg.plugins.on_startup(command='serve', dirty=False);"
        "build.build(cfg, serve_url='http://127.0.0.1:8000/')"
    )
    subprocess.run([sys.executable, "-c", code], cwd=project, check=True, capture_output=True)
    return project / "serve-site"


PREFIX = "llm-notes"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real docs/, built once with --strict."""
    site = tmp_path_factory.mktemp("real") / "site"
    mkdocs("build", "--strict", "-d", str(site))
    return site


@pytest.fixture(scope="session")
def hosted(serve):
    """``hosted(project)`` builds a project for a local address and serves it
    there under a sub-path, as GitHub Pages would; returns the site's URL."""

    def host(project: Path, *args: str) -> str:
        port = free_port()
        url = f"http://127.0.0.1:{port}/{PREFIX}/"
        site, _ = build_project(project, *args, site_url=url)
        return serve(site, PREFIX, port)

    return host


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def serve():
    """``serve(folder, prefix="")`` serves a folder on 127.0.0.1 and gives its URL."""
    servers = []

    def start(folder: Path, prefix: str = "", port: int = 0) -> str:
        root = folder
        if prefix:
            root = folder.parent / f"{folder.name}-mount"
            (root / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
            if not (root / prefix.strip("/")).exists():
                (root / prefix.strip("/")).symlink_to(folder)
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/{prefix.strip('/') + '/' if prefix else ''}"

    yield start
    for server in servers:
        server.shutdown()


def chromium_path() -> str | None:
    """The system's Chromium or Chrome; None lets Playwright use its own."""
    if path := os.environ.get("KB_CHROMIUM"):
        return path
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageLog:
    """A browser page that records every request and failed response."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context(locale="zh-CN")
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.failures.append(f"{r.status} {r.url}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def foreign(self, allowed: tuple[str, ...] = ()) -> list[str]:
        """Requests to any host but the site's own (and ``allowed`` prefixes)."""
        origin = self.base.split("/", 3)[:3]
        own = "/".join(origin)
        return [u for u in self.requests if not u.startswith((own, "data:", "blob:")) and not u.startswith(allowed)]


@pytest.fixture
def reader(browser):
    """``reader(base_url)`` opens a fresh browser tab that logs its traffic."""
    logs: list[PageLog] = []

    def open_(base: str) -> PageLog:
        log = PageLog(browser, base)
        logs.append(log)
        return log

    yield open_
    for log in logs:
        log.context.close()


def search(page, query: str, timeout: float = 45) -> int:
    """Type a query into Material's search and return the number of results.

    Material says "正在初始化搜索引擎" until its worker has built the index,
    and a query typed before then is lost; so wait for it to be ready first.
    It reads the query on keyup, which ``fill`` does not send: a key press does.
    """
    page.click(".md-search__input")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('正在初始化')",
        timeout=timeout * 1000,
    )
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")
    try:
        page.wait_for_selector(".md-search-result__item", timeout=10000)
    except Exception:  # noqa: BLE001 (Playwright's timeout): no results
        return 0
    return page.locator(".md-search-result__item").count()


# Every glyph of every formula in the article: MathJax's CHTML output draws a
# glyph as the ::before content of an empty <mjx-c>, in one of its MJXTEX
# fonts. A glyph whose style was lost has content "none" and shows as blank
# space, though the formula is laid out.
_GLYPHS_JS = """async () => {
  await document.fonts.ready;
  const glyphs = [...document.querySelectorAll('article mjx-c')].filter(c => !c.textContent);
  const blank = glyphs.filter(c => getComputedStyle(c, '::before').content === 'none').length;
  const families = new Set(glyphs.map(c => getComputedStyle(c).fontFamily.split(',')[0].trim()));
  const unloaded = [...document.fonts]
    .filter(f => f.family.startsWith('MJXTEX') && families.has(f.family) && f.status !== 'loaded')
    .map(f => f.family + ' ' + f.status);
  const loaded = [...document.fonts].filter(f => f.family.startsWith('MJXTEX') && f.status === 'loaded').length;
  return {glyphs: glyphs.length, blank, unloaded, loaded};
}"""


def assert_glyphs_drawn(page) -> None:
    """Every formula glyph in the article is drawn, in a MathJax font that loaded."""
    page.wait_for_timeout(300)  # a second typesetting pass, if any, would start now
    drawn = page.evaluate(_GLYPHS_JS)
    assert drawn["glyphs"] > 0
    assert drawn["blank"] == 0, drawn
    assert drawn["unloaded"] == [], drawn
    assert drawn["loaded"] > 0, drawn
