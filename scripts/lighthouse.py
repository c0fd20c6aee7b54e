"""Lighthouse's accessibility score for the site's main kinds of page.

Builds the site for a local address, serves it under /llm-notes/ as GitHub
Pages would, installs Lighthouse from npm into .venv/share/lighthouse if it
is not there yet, runs it with the system's Chromium on each page and prints
each page's accessibility score and the audits that fail. Lighthouse tests
the light scheme only, so the dark one's colour contrast is then checked with
axe-core (Lighthouse's own engine) in Playwright. Slow (about 10 s a page),
so it is not part of the test suite:

    .venv/bin/python -m scripts.lighthouse            # every page
    .venv/bin/python -m scripts.lighthouse todo/ tags/  # some pages

Exits 1 when a page scores under ``--min`` (95 by default) or fails contrast in dark mode.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "llm-notes"
LIGHTHOUSE_DIR = ROOT / ".venv" / "share" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
VERSION = "12"

# The home page, a note with tasks, a note with formulas, the TODO page,
# the graph and the tag index.
PAGES = [
    "",
    "阅读笔记/大模型/",
    "博客/2024-04-05-大型语言模型修炼史（第一、二阶段）/",
    "todo/",
    "graph/",
    "tags/",
]


def chromium() -> str:
    for candidate in (os.environ.get("CHROME_PATH"), os.environ.get("KB_CHROMIUM")):
        if candidate:
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    sys.exit("error: no Chromium found; set CHROME_PATH=/path/to/chromium")


def install() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("error: Lighthouse needs Node.js and npm")
    print(f"installing Lighthouse {VERSION} into {LIGHTHOUSE_DIR.relative_to(ROOT)} …", flush=True)
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), f"lighthouse@{VERSION}", "--no-audit", "--no-fund"],
        check=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def build_and_serve(where: Path) -> str:
    """Builds the site into ``where`` for its own address and serves it there."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PREFIX}/"
    site = where / "mount" / PREFIX
    site.parent.mkdir(parents=True)
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    print("building the site …", flush=True)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    handler = functools.partial(_Quiet, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return url


def audit(url: str, out: Path) -> dict:
    """Lighthouse's report (accessibility only) of one page."""
    env = {**os.environ, "CHROME_PATH": chromium()}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=accessibility",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env=env,
        check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def failing(report: dict) -> list[str]:
    """The accessibility audits that fail, with the first few elements each names."""
    lines = []
    for ref in report["categories"]["accessibility"]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if result.get("score") is None or result["score"] >= 1 or ref.get("weight", 0) == 0:
            continue
        items = (result.get("details") or {}).get("items") or []
        where = [((i.get("node") or {}).get("snippet") or "")[:90] for i in items[:3]]
        lines.append(f"    {ref['id']}: {len(items)} × " + " | ".join(where))
    return lines


def dark_contrast(base: str, pages: list[str]) -> dict[str, list[str]]:
    """Contrast failures in dark mode, which Lighthouse does not test: axe-core
    (the engine of Lighthouse's audits, installed with it) in Playwright's
    Chromium with the reader's scheme set to dark. Page → failing elements."""
    from playwright.sync_api import sync_playwright

    axe = (LIGHTHOUSE_DIR / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for name in pages:
            page.goto(base + quote(name))
            page.wait_for_timeout(500)  # graph.js, math.js, todo_views.js
            page.add_script_tag(content=axe)
            result = page.evaluate(
                "async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations"
                ".flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + (n.any[0] || {}).message))"
            )
            found[name] = result
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", default=PAGES, help="pages under the site's address")
    parser.add_argument("--min", type=int, default=95, help="the lowest acceptable score")
    parser.add_argument("--no-dark", action="store_true", help="skip the dark mode contrast check")
    parser.add_argument("--no-lighthouse", action="store_true", help="only the dark mode contrast check")
    args = parser.parse_args(argv)
    install()
    low = False
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as tmp:
        base = build_and_serve(Path(tmp))
        for page in [] if args.no_lighthouse else args.pages:
            report = audit(base + quote(page), Path(tmp) / "report.json")
            score = round(100 * (report["categories"]["accessibility"]["score"] or 0))
            low |= score < args.min
            print(f"{score:4d}  /{PREFIX}/{page}", flush=True)
            for line in failing(report):
                print(line, flush=True)
        if not args.no_dark:
            print("dark mode, colour contrast (axe-core):", flush=True)
            for page, problems in dark_contrast(base, args.pages).items():
                low |= bool(problems)
                print(f"{len(problems):4d}  /{PREFIX}/{page}", flush=True)
                for line in problems[:8]:
                    print(f"    {line[:160]}", flush=True)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
