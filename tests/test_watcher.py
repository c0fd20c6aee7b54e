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


def watching(tmp_path: Path, *paths: Path) -> LiveReloadServer:
    srv = server(tmp_path)
    for path in paths:
        srv.watch(str(path))
    watch_natively(srv)
    srv.observer.start()
    time.sleep(0.2)
    return srv


def stop(srv: LiveReloadServer) -> None:
    srv.observer.stop()
    srv.observer.join()


def rebuilt_after(srv: LiveReloadServer, change, timeout: float = 5) -> bool:
    with srv._rebuild_cond:
        srv._want_rebuild = False
    change()
    return rebuild_requested(srv, timeout)


def test_a_folder_moved_out_of_the_vault_requests_a_rebuild(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "旧文件夹").mkdir(parents=True)
    (docs / "旧文件夹" / "笔记.md").write_text("# 笔记\n", encoding="utf-8")
    srv = watching(tmp_path, docs)
    try:  # Obsidian's "move to system trash" sends one event, for the folder
        assert rebuilt_after(srv, lambda: (docs / "旧文件夹").rename(tmp_path / "回收站"))
    finally:
        stop(srv)


def test_a_config_file_saved_by_replacing_it_stays_watched(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 一\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("", encoding="utf-8")
    srv = watching(tmp_path, config)

    def replace(text: str) -> None:  # as vim, sed -i and git checkout save
        (tmp_path / "mkdocs.yml.tmp").write_text(text, encoding="utf-8")
        (tmp_path / "mkdocs.yml.tmp").replace(config)

    try:
        assert rebuilt_after(srv, lambda: replace("site_name: 二\n"))
        assert rebuilt_after(srv, lambda: replace("site_name: 三\n"))
        assert not rebuilt_after(srv, lambda: (tmp_path / "other.txt").write_text("x", encoding="utf-8"), timeout=1)
    finally:
        stop(srv)


def test_no_system_events_falls_back_to_polling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self) -> None:
        raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(ChangeObserver, "start", refuse)
    srv = server(tmp_path)
    srv.watch(str(tmp_path))
    watch_natively(srv)
    assert isinstance(srv.observer, PollingObserver)
