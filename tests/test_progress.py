"""A long build counts its pages on a terminal, and prints nothing extra elsewhere."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from kb.progress import Progress


@pytest.fixture(autouse=True)
def _restore_level():
    logger = logging.getLogger("mkdocs")
    level = logger.level
    yield
    logger.setLevel(level)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_count_and_a_cleared_line(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    progress = Progress("渲染页面", 3)
    for _ in range(3):
        progress.advance()
    progress.close()
    assert "\r渲染页面 1/3" in terminal.getvalue() and "\r渲染页面 3/3" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")


@pytest.mark.parametrize("quiet, tty", [(True, True), (False, False)])
def test_quiet_builds_and_logs_see_nothing(monkeypatch: pytest.MonkeyPatch, quiet: bool, tty: bool) -> None:
    stream = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    logging.getLogger("mkdocs").setLevel(logging.WARNING if quiet else logging.INFO)
    progress = Progress("写入页面", 2)
    progress.advance()
    progress.advance()
    progress.close()
    assert stream.getvalue() == ""
