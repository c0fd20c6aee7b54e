"""Benchmark: what search costs a reader, at N notes.

    .venv/bin/python -m scripts.bench_search [N] [--site DIR] [--keep DIR]

It makes a vault of N notes (default 2000) with ``../shared/bench/make_vault.py``,
builds it as the published site, serves it under ``/llm-notes/`` and opens a
note page (one with formulas) in a fresh headless Chromium. As soon as the page
has loaded it clicks the search box and types three Chinese queries, each as an
input method hands a word over: the whole word at once, then one key. It prints

- the first visit's bytes, each response gzipped (as GitHub Pages serves them),
  and the bytes search loaded once opened;
- milliseconds from that key to the first result, for the first query (which
  waits for search data) and for the later ones.

``--site DIR`` measures an existing build of the bench vault (built with
``SITE_URL=http://127.0.0.1:PORT/llm-notes/``, PORT given by ``--port``) instead.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import chromium_path  # noqa: E402 (after tests/ is on the path)

MAKE_VAULT = ROOT.parent / "shared" / "bench" / "make_vault.py"
QUERIES = ("去重", "指令微调", "注意力")
PREFIX = "llm-notes"
NOT_CODE = (".woff", ".woff2", ".png", ".svg", ".jpg")  # fonts and images: not HTML, CSS, JS or data

# Times the first result after the key: the list is emptied for each new answer,
# so the first item added after the key belongs to this query.
_ARM_JS = """() => {
  const list = document.querySelector('.md-search-result__list');
  window.__kbFirst = null;
  window.__kbKey = performance.now();
  const seen = new MutationObserver(() => {
    if (window.__kbFirst === null && list.querySelector('.md-search-result__item')) {
      window.__kbFirst = performance.now();
      seen.disconnect();
    }
  });
  seen.observe(list, {childList: true});
}"""


def build(n: int, work: Path, port: int) -> Path:
    vault, project = work / "vault", work / "project"
    if not vault.exists():
        subprocess.run([sys.executable, str(MAKE_VAULT), str(n), str(vault)], check=True, capture_output=True)
    project.mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for name, target in (("hooks", ROOT / "hooks"), ("docs", vault)):
        if not (project / name).exists():
            (project / name).symlink_to(target)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/{PREFIX}/"}
    site = work / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    subprocess.run(cmd, cwd=project, env=env, check=True, capture_output=True)
    return site


def note_url(site: Path) -> str:
    """The site path of the first note page (in file order) with a display formula."""
    for page in sorted(site.glob("*/*/index.html")):
        if "arithmatex" in page.read_text(encoding="utf-8"):
            return quote(page.parent.relative_to(site).as_posix()) + "/"
    raise SystemExit("no note page with a formula")


def serve(site: Path, port: int) -> None:
    mount = site.parent / f"{site.name}-mount"
    mount.mkdir(exist_ok=True)
    if not (mount / PREFIX).is_symlink():
        (mount / PREFIX).symlink_to(site.resolve())
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    handler = functools.partial(Quiet, directory=str(mount))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def measure(base: str, path: str, queries: tuple[str, ...]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        sizes: list[tuple[str, int]] = []

        def record(response) -> None:
            try:
                sizes.append((response.url, len(gzip.compress(response.body()))))
            except Exception:  # noqa: BLE001 (redirects and aborted requests have no body)
                pass

        page.on("response", record)
        page.goto(base + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        visit = sum(size for _, size in sizes)
        fonts = sum(size for url, size in sizes if url.endswith(NOT_CODE))
        loaded = len(sizes)
        times = []
        page.click(".md-search__input")
        for query in queries:
            page.fill("input.md-search__input", query)
            page.evaluate(_ARM_JS)
            page.keyboard.press("End")  # Material reads the query on keyup
            page.wait_for_function("window.__kbFirst !== null", timeout=60000)
            times.append(page.evaluate("window.__kbFirst - window.__kbKey"))
            page.wait_for_timeout(300)
        page.wait_for_load_state("networkidle")
        searched = sum(size for _, size in sizes[loaded:])
        browser.close()
    return {"visit": visit, "fonts": fonts, "searched": searched, "first": times[0], "later": max(times[1:])}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=2000)
    parser.add_argument("--site", type=Path, help="an existing build to measure")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--queries", default=",".join(QUERIES), help="three or more, comma-separated")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(args.n, args.keep or Path(tmp), args.port)
        serve(site, args.port)
        queries = tuple(args.queries.split(","))
        got = measure(f"http://127.0.0.1:{args.port}/{PREFIX}/", note_url(site), queries)
        index = sum(f.stat().st_size for f in site.glob("search/**/*") if f.is_file())
    print(f"notes: {args.n}")
    print(f"first visit, gzip: {got['visit'] / 1000:.0f} KB", end=" ")
    print(f"({(got['visit'] - got['fonts']) / 1000:.0f} KB of HTML, CSS, JavaScript and data; the rest fonts, images)")
    print(f"search data loaded by three queries, gzip: {got['searched'] / 1000:.0f} KB")
    print(f"search/ folder, all files: {index / 1e6:.1f} MB")
    print(f"first query ({queries[0]}) → first result: {got['first']:.0f} ms")
    print(f"later queries ({', '.join(queries[1:])}) → first result, slowest: {got['later']:.0f} ms")


if __name__ == "__main__":
    main()
