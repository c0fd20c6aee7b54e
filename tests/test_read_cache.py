"""Under ``serve`` a rebuild reads again only the notes whose file changed
(``build.read_cached``): a file's stat (modification and change time, size,
inode) stands for its text, and a file saved in the last seconds is never kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from kb import build as kb_build

OLD = 1_600_000_000  # seconds: long before the race window


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(kb_build, "_read", {})
    done: list[str] = []
    real = kb_build.read_note

    def counted(file: File) -> str | None:
        done.append(file.src_uri)
        return real(file)

    monkeypatch.setattr(kb_build, "read_note", counted)
    return done


def load(docs: Path, names: list[str]) -> dict[str, str | None]:
    kept: dict = {}
    texts = {n: kb_build.read_cached(File(n, str(docs), str(docs.parent / "site"), False), kept) for n in names}
    kb_build._read.clear()
    kb_build._read.update(kept)
    return texts


def write(path: Path, text: str, old: bool = True) -> None:
    path.write_text(text, encoding="utf-8")
    if old:
        os.utime(path, (OLD, OLD))


def test_an_unchanged_file_is_not_read_again(tmp_path: Path, reads: list[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "甲.md", "甲的正文\n")
    write(docs / "乙.md", "乙的正文\n")
    assert load(docs, ["甲.md", "乙.md"]) == {"甲.md": "甲的正文\n", "乙.md": "乙的正文\n"}
    assert load(docs, ["甲.md", "乙.md"]) == {"甲.md": "甲的正文\n", "乙.md": "乙的正文\n"}
    assert reads == ["甲.md", "乙.md"]


def test_a_changed_file_is_read_again(tmp_path: Path, reads: list[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "甲.md", "甲的正文\n")
    load(docs, ["甲.md"])
    write(docs / "甲.md", "甲的新文\n")  # same size, same modification time: the change time differs
    assert load(docs, ["甲.md"]) == {"甲.md": "甲的新文\n"}
    assert reads == ["甲.md", "甲.md"]


def test_a_file_saved_just_now_is_read_every_time(tmp_path: Path, reads: list[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "甲.md", "甲的正文\n", old=False)
    load(docs, ["甲.md"])
    load(docs, ["甲.md"])
    assert reads == ["甲.md", "甲.md"]


def test_a_file_read_with_repairs_is_read_every_time(tmp_path: Path, reads: list[str]) -> None:
    """Its warnings are logged on every rebuild, as before, and MkDocs renders the repaired text."""
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "甲.md", "甲\x1b[31m的正文\n")
    assert load(docs, ["甲.md"]) == {"甲.md": "甲的正文\n"}
    load(docs, ["甲.md"])
    assert reads == ["甲.md", "甲.md"]
