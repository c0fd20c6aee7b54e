"""``mkdocs serve`` hears a save from the system at once, never takes a read for an edit, drops changes
that cannot change the site, and paces bursts of saves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    DirCreatedEvent,
    DirMovedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.polling import PollingObserver

from kb.serve.watch_ignore import Ignored
from kb.serve.watch_pace import Pacer
from kb.serve.watcher import ChangeObserver, Relay, Relaying, watch_changes


def server(root: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))


def site_config(root: Path) -> MkDocsConfig:
    """A configuration whose docs folder is ``root/docs``, made if missing."""
    (root / "docs").mkdir(exist_ok=True)
    config = MkDocsConfig(config_file_path=str(root / "mkdocs.yml"))
    config.load_dict({"site_name": "测试", "docs_dir": str(root / "docs")})
    errors, _ = config.validate()
    assert not errors, errors
    return config


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
    watch_changes(srv, site_config(tmp_path))
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
    watch_changes(srv, site_config(tmp_path))
    assert isinstance(srv.observer, PollingObserver)
    assert isinstance(srv.observer, Relaying)  # with the same ignore rules and pacing
    assert srv.observer.timeout == 0.5


def watching(tmp_path: Path, *paths: Path) -> LiveReloadServer:
    srv = server(tmp_path)
    for path in paths:
        srv.watch(str(path))
    watch_changes(srv, site_config(tmp_path))
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
    watch_changes(srv, site_config(tmp_path))
    assert isinstance(srv.observer, PollingObserver)


class Recorder(FileSystemEventHandler):
    """Stands in for MkDocs' handler: what reached it, and when."""

    def __init__(self) -> None:
        self.events: list[FileSystemEvent] = []
        self.times: list[float] = []

    def dispatch(self, event: FileSystemEvent) -> None:
        self.events.append(event)
        self.times.append(time.monotonic())


def relayed(tmp_path: Path, event: FileSystemEvent) -> bool:
    recorder = Recorder()
    Relay(recorder, Ignored(site_config(tmp_path)), Pacer()).dispatch(event)
    return bool(recorder.events)


@pytest.mark.parametrize(
    ("event", "wanted"),
    [
        (FileModifiedEvent("docs/笔记.md"), True),
        (FileModifiedEvent("docs/.obsidian/workspace.json"), False),
        (FileModifiedEvent("docs/.笔记.md.swp"), False),
        (FileModifiedEvent("docs/文件夹/笔记.md~"), False),
        # Saving by renaming a temporary file over the note is a save.
        (FileMovedEvent("docs/笔记.md.tmp", "docs/笔记.md"), True),
        # Obsidian's "move to .trash" deletes a note from the site.
        (FileMovedEvent("docs/笔记.md", "docs/.trash/笔记.md"), True),
        (FileMovedEvent("docs/.obsidian/workspace.json.tmp", "docs/.obsidian/workspace.json"), False),
        (DirCreatedEvent("docs/.trash"), False),
        (DirCreatedEvent("docs/新文件夹"), True),
        (DirMovedEvent("docs/templates", "docs/.trash/templates"), False),
    ],
    ids=lambda value: getattr(value, "event_type", value),
)
def test_changes_that_cannot_change_the_site_never_reach_mkdocs(
    tmp_path: Path, event: FileSystemEvent, wanted: bool
) -> None:
    docs = str(tmp_path / "docs")
    event.src_path = event.src_path.replace("docs", docs, 1)
    event.dest_path = event.dest_path.replace("docs", docs, 1)
    assert relayed(tmp_path, event) is wanted


def test_a_burst_of_changes_after_a_rebuild_starts_asks_for_one_more() -> None:
    pacer, recorder = Pacer(settle=0.3), Recorder()
    pacer.relay(recorder, FileModifiedEvent("a.md"))
    assert len(recorder.events) == 1  # a lone save goes through at once
    pacer.building()
    started = time.monotonic()
    for _ in range(5):
        time.sleep(0.1)
        last = time.monotonic()
        pacer.relay(recorder, FileModifiedEvent("a.md"))
    time.sleep(0.6)
    assert len(recorder.events) == 2
    assert recorder.times[1] >= last + 0.3 > started + 0.3  # after the burst, not during it
    time.sleep(0.3)
    pacer.relay(recorder, FileModifiedEvent("a.md"))  # long after the rebuild started: at once
    assert len(recorder.events) == 3
