"""Benchmark: what the graph costs a reader, on a synthetic vault of N notes.

    .venv/bin/python -m scripts.bench_graph [N] [--site DIR]

Builds the bench vault (``../shared/bench/make_vault.py``) with this site,
or reads an already built ``--site``, then prints:

- the global graph page's weight, gzip: its HTML, the CSS and JavaScript it
  loads, and the graph's data file;
- what the local graph adds to a note page, gzip;
- milliseconds from navigation start to the global graph drawn in headless
  Chromium (the drawing marks itself ``data-kb-drawn``), median of 5 loads.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.bench import MAKE_VAULT, gz, page_weight, project
from scripts.bench_search import PREFIX, serve
from scripts.bench_serve import BROWSER_ARGS


def draw_times(site: Path, loads: int = 5) -> list[float]:
    from playwright.sync_api import sync_playwright

    from tests.conftest import chromium_path, free_port

    port = free_port()
    serve(site, port)  # under the site's sub-path, as bench_search serves it
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        for _ in range(loads):
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{PREFIX}/graph/")
            page.wait_for_selector("[data-kb-drawn]", timeout=60000)
            page.evaluate("() => new Promise(requestAnimationFrame)")  # painted
            times.append(page.evaluate("performance.now()"))
            page.close()
        browser.close()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_graph", description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=2000)
    parser.add_argument("--site", type=Path, help="an already built site of the bench vault")
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        work = Path(tempfile.mkdtemp(prefix="kb-bench-graph-"))
        vault = work / "vault"
        make = [sys.executable, str(MAKE_VAULT), str(args.n), str(vault)]
        subprocess.run(make, check=True, stdout=subprocess.DEVNULL)
        proj = project(work / "ours", vault, None)
        site = proj / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=proj, check=True)
    data = (site / "graph-data.js").read_bytes()
    page = page_weight(site, site / "graph" / "index.html")
    notes = [p for p in site.glob("*/*/index.html") if b"kb-local-graph" in p.read_bytes()][:50]
    section = re.compile(rb'<section class="kb-local-graph".*?</section>', re.S)
    local = statistics.mean(gz(m.group(0)) for p in notes if (m := section.search(p.read_bytes())))
    times = draw_times(site)
    print(f"graph data file: {len(data) / 1024:.0f} KB, {gz(data) / 1024:.0f} KB gzip")
    print(f"global graph page with its CSS, JS and data: {(page + gz(data)) / 1024:.0f} KB gzip")
    print(f"local graph on a note page: {local / 1024:.1f} KB gzip (mean of {len(notes)} notes)")
    print(f"global graph drawn after: {statistics.median(times):.0f} ms (median of {len(times)}; {times})")


if __name__ == "__main__":
    main()
