"""Every private name of MkDocs, Material and jieba we reach is checked at start
(``kb/engine/seam.py``, ``kb/serve/seam.py``): a seam that moved gives MkDocs' own
path with a warning naming it and the version, or stops with that message. Never
a different site, silently."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project, mkdocs
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File
from test_linear import vault
from test_parallel import tree

from kb.engine import seam
from kb.engine.parallel import MIN_PAGES
from kb.serve import seam as serve_seam


@pytest.fixture(autouse=True)
def fresh_checks():
    seam.forget()
    serve_seam.forget()
    yield
    seam.forget()
    serve_seam.forget()


def test_every_seam_holds_with_the_tested_versions() -> None:
    assert all(seam.check(dirty=True).values())
    assert all(serve_seam.check().values())


def test_a_moved_page_loop_falls_back_with_one_warning(monkeypatch, caplog) -> None:
    def _populate_page(page, config, files, dirty=False, *, moved=None):  # a new parameter
        return None

    monkeypatch.setitem(seam._original, "_populate_page", _populate_page)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        usable = seam.check(dirty=False)
    assert usable["page loop"] is False
    assert all(ok for name, ok in usable.items() if name != "page loop")
    [line] = [r.getMessage() for r in caplog.records]
    assert "page loop" in line and "_populate_page" in line and "mkdocs 1.6" in line
    assert not seam.install_page_loop(lambda *a: None, lambda *a: None)


def test_a_seam_without_a_fallback_stops_with_its_name(monkeypatch) -> None:
    monkeypatch.setattr(File, "is_modified", lambda self, strict=True: True)  # another shape
    with pytest.raises(Abort, match="dirty marks.*mkdocs 1.6"):
        seam.check(dirty=True)
    seam.forget()
    assert seam.check(dirty=False)  # a plain build does not use it


def test_an_untested_version_is_not_trusted(monkeypatch, caplog) -> None:
    monkeypatch.setattr(seam, "_version", lambda package: "1.7.0" if package == "mkdocs" else "9.8.1")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        usable = seam.check(dirty=False)
    assert usable["page loop"] is False and usable["theme env"] is False
    assert usable["jieba cut"] is True  # jieba's seams go by jieba's own shape
    assert any("1.7.0" in r.getMessage() and "page loop" in r.getMessage() for r in caplog.records)


def test_a_moved_live_reload_seam_keeps_mkdocs_reload(monkeypatch, caplog) -> None:
    def _inject_js_into_html(self, content, epoch, nonce):  # a new parameter
        return content

    monkeypatch.setattr(LiveReloadServer, "_inject_js_into_html", _inject_js_into_html)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        usable = serve_seam.check()
    assert usable == {"live swap": False, "file events": True, "build delay": True, "search write": True}
    assert any("live swap" in r.getMessage() for r in caplog.records)

    class Server:
        pass

    server = Server()
    assert not serve_seam.replace_injection(server, lambda content, epoch: content)  # type: ignore[arg-type]
    assert not hasattr(server, "_inject_js_into_html")


def _search_index():
    from material.plugins.search.plugin import SearchIndex

    return SearchIndex(lang=["zh"], separator=r"[\s\-]+", pipeline=["stemmer"], fields={"title": {"boost": 1e3}})


def test_the_search_index_written_page_by_page_is_materials() -> None:
    import datetime

    from kb.serve.dirty import SearchEntries

    kept = SearchEntries()
    index = _search_index()
    a = [{"location": "a/", "title": '标题 "q"', "text": "x\u2028y", "tags": ["t"]}, {"location": "a/#h", "text": 1.5}]
    b = [{"location": "b/", "title": "B", "text": "</script>", "date": datetime.date(2024, 1, 1)}]
    for entries, pages, rebuilt in [(a + b, {"a/", "b/"}, {"a/", "b/"}), (b[:1], {"a/", "b/", "c/"}, {"b/"})]:
        index.entries = kept.merge(entries, pages, rebuilt)
        plain = _search_index()
        plain.entries = index.entries
        assert serve_seam.write_search_from(index, kept.docs_json)
        assert index.generate_search_index(None) == plain.generate_search_index(None)


def test_a_moved_search_write_keeps_materials(monkeypatch) -> None:
    from material.plugins.search.plugin import SearchIndex

    def generate_search_index(self, prev, extra=None):  # a new parameter
        return ""

    monkeypatch.setattr(SearchIndex, "generate_search_index", generate_search_index)
    assert serve_seam.check()["search write"] is False
    index = _search_index()
    assert not serve_seam.write_search_from(index, lambda: "[]")
    assert "generate_search_index" not in vars(index)


# A build whose MkDocs has a _populate_page of another shape: it must warn, render in
# one process, and write the site a build with the seam intact writes.
MOVED = """
import sys
import mkdocs.commands.build as b
original = b._populate_page
def _populate_page(page, config, files, dirty=False, *, moved=None):
    return original(page, config, files, dirty)
b._populate_page = _populate_page
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-d", sys.argv[1]]
cli()
"""


def test_a_build_with_a_moved_seam_writes_the_same_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, vault(2 * MIN_PAGES))
    mkdocs("build", "-d", str(project / "site-ours"), cwd=project, env={"KB_WORKERS": "2"})
    proc = subprocess.run(
        [sys.executable, "-c", MOVED, str(project / "site-moved")],
        cwd=project,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", "KB_WORKERS": "2"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "page loop" in line]
    assert len(warnings) == 1 and "mkdocs 1.6" in warnings[0], proc.stderr
    assert "Rendering" not in proc.stderr  # MkDocs' own loop, one process
    a, b = tree(project / "site-ours"), tree(project / "site-moved")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_a_plugin_whose_worker_state_would_be_lost_keeps_one_process(tmp_path: Path) -> None:
    """A hook or plugin with on_post_page (or on_page_context) that the pool does not
    know: what it keeps would stay in a worker, so the build refuses the pool, says so
    at start, and writes the site one process writes."""
    project = make_project(tmp_path, vault(2 * MIN_PAGES))
    (project / "counting.py").write_text(
        "seen = []\n\ndef on_post_page(output, page, config):\n    seen.append(page.url)\n    return output\n",
        encoding="utf-8",
    )
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - hooks/site.py\n", "  - hooks/site.py\n  - counting.py\n"))
    proc = mkdocs("build", "-d", str(project / "site"), cwd=project, env={"KB_WORKERS": "2"})
    refused = [line for line in proc.stderr.splitlines() if "counting.py" in line and "on_post_page" in line]
    assert len(refused) == 1, proc.stderr
    assert "Rendering" not in proc.stderr
