"""``mkdocs serve`` hears a save from the system at once, and never takes a read for an edit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from kb.watcher import ChangeObserver, watch_natively


def server(root: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))


def rebuild_requested(srv: LiveReloadServer, timeout: float) -> bool:
    with srv._rebuild_cond:
        return srv._rebuild_cond.wait_for(lambda: srv._want_rebuild, timeout=timeout)


def test_saves_request_a_rebuild_and_reads_do_not(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "文件夹").mkdir(parents=True)
    note = docs / "文件夹" / "笔记.md"
    note.write_text("# 笔记\n", encoding="utf-8")
    link = tmp_path / "linked-docs"
    link.symlink_to(docs)  # a vault reached through a symlink is watched too
    srv = server(tmp_path)
    srv.watch(str(link))
    watch_natively(srv)
    assert isinstance(srv.observer, ChangeObserver)
    srv.observer.start()
    try:
        time.sleep(0.2)
        note.read_text(encoding="utf-8")  # every build reads every note
        assert not rebuild_requested(srv, timeout=1)
        note.write_text("# 笔记\n\n新的一句。\n", encoding="utf-8")
        assert rebuild_requested(srv, timeout=5)
    finally:
        srv.observer.stop()
        srv.observer.join()


def test_kb_watch_poll_keeps_mkdocs_polling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_WATCH", "poll")
    srv = server(tmp_path)
    srv.watch(str(tmp_path))
    watch_natively(srv)
    assert isinstance(srv.observer, PollingObserver)
