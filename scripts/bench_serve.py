"""Edit to screen: how long a saved note takes to show in the browser under serve.

    .venv/bin/python -m scripts.bench_serve [N] [--edits 3] [--full] [--todo | --new]

It makes an N-note vault (default 1000) with ``../shared/bench/make_vault.py``,
starts ``mkdocs serve --dirty`` on it as ``scripts/serve.sh`` does (``--full``:
without ``--dirty``), opens one note in Chromium, appends a sentence to the
note (``--todo``: an open question, which also changes the TODO page and the
tag pages; ``--new``: a new note beside it that links to it, shown in its
backlinks), and times until the browser shows it after its live reload.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from scripts.bench import MAKE_VAULT, project

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return  # it answers; the vault just has no home page
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"mkdocs serve did not answer at {url}")


class ServerLog:
    """Reads the server's log as it comes, with the time each line arrived."""

    def __init__(self, server: subprocess.Popen[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, args=(server,), daemon=True).start()

    def _read(self, server: subprocess.Popen[str]) -> None:
        for line in server.stderr or ():
            self.lines.append((time.perf_counter(), line))

    def first(self, text: str, after: float) -> float:
        return next((t for t, line in self.lines if t >= after and text in line), after)


class Timing:
    """One edit's time to screen, split at the server's "Detected file changes" and "Reloading browsers"."""

    def __init__(self, saved: float, shown: float, log: ServerLog) -> None:
        detected = log.first("Detected file changes", saved)
        reloaded = log.first("Reloading browsers", detected)
        self.total = shown - saved
        self.detect, self.build, self.show = detected - saved, reloaded - detected, shown - reloaded


def save(note: Path, i: int, todo: bool, new: bool) -> str:
    """Make the ``i``-th edit; return the text that shows it on the open note's page."""
    if new:
        marker = f"计时用的新笔记{i}"
        note.with_name(f"{marker}.md").write_text(f"# {marker}\n\n参见 [[{note.stem}]]。\n", encoding="utf-8")
        return marker
    marker = f"计时用的新问题{i}" if todo else f"计时用的新句子{i}"
    text = note.read_text(encoding="utf-8")
    note.write_text(f"{text}\n{marker}{'？TODO' if todo else '。'}\n", encoding="utf-8")
    return marker


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_serve", description=__doc__.splitlines()[0])
    parser.add_argument("notes", nargs="?", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="serve without --dirty")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--todo", action="store_true", help="append an open question (TODO), not a plain sentence")
    kind.add_argument("--new", action="store_true", help="add a note linking to the open one; wait for its backlink")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kb-bench-serve-"))
    try:
        vault = work / "vault"
        subprocess.run(
            [sys.executable, str(MAKE_VAULT), str(args.notes), str(vault)], check=True, stdout=subprocess.DEVNULL
        )
        proj = project(work / "site-project", vault, None)
        port = free_port()
        base = f"http://127.0.0.1:{port}/llm-notes/"
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
        if not args.full:
            cmd.append("--dirty")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(cmd, cwd=proj, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        log = ServerLog(server)
        try:
            wait_until_up(base, timeout=600)
            note = sorted(vault.rglob("*.md"))[10]
            url = base + quote(note.relative_to(vault).with_suffix("").as_posix()) + "/"
            chromium = os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or shutil.which("google-chrome")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
                page = browser.new_page()
                page.goto(url)
                page.wait_for_timeout(2000)
                times = []
                for i in range(args.edits):
                    start = time.perf_counter()
                    marker = save(note, i, args.todo, args.new)
                    page.wait_for_function(f"document.body.innerText.includes('{marker}')", timeout=600_000)
                    times.append(Timing(start, time.perf_counter(), log))
                    page.wait_for_timeout(1500)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
        mode = "full rebuild" if args.full else "--dirty"
        shown = ", ".join(f"{t.total:.2f}" for t in times)
        print(f"{args.notes} notes, serve {mode}: edit visible in the browser after {shown} s")
        for t in times:
            print(f"  {t.total:.2f} s = {t.detect:.2f} noticing + {t.build:.2f} rebuilding + {t.show:.2f} reloading")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
