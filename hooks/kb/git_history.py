"""When each note and each of its lines was first written, from git.

One ``git log -p`` over the whole history of the vault's Markdown files, read
once: a call per note or per TODO would cost a process each, thousands on a
big vault. Each line is tracked by its text, not its position, so a TODO
keeps its date when lines above it change, when it moves within a commit
(to another section, another note, a renamed note), or when a Tasks due
date or priority is added to it. Under ``mkdocs serve`` the history is kept
until HEAD moves. Without git, outside a repository or before the first
commit there is no history, and the callers fall back to other dates.
Inside a repository with a commit (``in_repository``), a line that is in no
commit was written since the last one: the callers date it today.

A shallow clone (CI's default) has only its last commit, so every date
would be the deploy date; the publishing workflow fetches the full history.
"""

from __future__ import annotations

import codecs
import logging
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime

from .parse.tasks_meta import split

log = logging.getLogger("mkdocs.plugins.kb")

TASK_LINE_RE = re.compile(r"[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)])[ \t]+\[[ xX-]\]")
HUNK_RE = re.compile(r"^@@ -\d+(?:,(?P<old>\d+))? \+\d+(?:,(?P<new>\d+))? @@")
# Settings of the user's that would change what the log prints.
GIT = ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "diff.noprefix=false"]


def line_key(line: str) -> str:
    """What identifies a line over its history: its text, and a task's without its Tasks
    metadata, so that adding a due date keeps the date the task was written."""
    return split(line)[0] if TASK_LINE_RE.match(line) else line.strip()


@dataclass
class FileHistory:
    created: datetime
    updated: datetime
    lines: dict[str, list[datetime]] = field(default_factory=dict)  # key → when each copy was added

    def written(self, line: str) -> datetime | None:
        """When a line with this text was first added, if it is in the last commit."""
        dates = self.lines.get(line_key(line))
        return min(dates) if dates else None


@dataclass
class _Change:
    """One file's lines removed and added by one commit."""

    path: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    deleted: bool = False


def _unquote(path: str) -> str:
    """A path as git prints it: C-quoted when it holds a quote, backslash or control character."""
    path = path.rstrip("\t")  # after a name with a space
    if path.startswith('"') and path.endswith('"'):
        return codecs.escape_decode(path[1:-1].encode("utf-8"))[0].decode("utf-8", "replace")
    return path


def _apply(files: dict[str, FileHistory], when: datetime, changes: list[_Change]) -> None:
    """One commit: removals first, so a line added elsewhere in the same commit keeps its date."""
    moved: dict[str, datetime] = {}
    for change in changes:
        state = files.setdefault(change.path, FileHistory(when, when))
        state.updated = when
        for line in change.removed:
            key = line_key(line)
            if dates := state.lines.get(key):
                removed = max(dates)
                dates.remove(removed)
                moved[key] = min(moved.get(key, removed), removed)
    for change in changes:
        state = files[change.path]
        for line in change.added:
            key = line_key(line)
            state.lines.setdefault(key, []).append(moved.get(key, when))
        if change.deleted:
            del files[change.path]


def _path(raw: str, side: str, prefix: str) -> str:
    """A path of the diff's header, relative to the vault."""
    return _unquote(raw).removeprefix(side)[len(prefix) :]


def parse_log(text: str, prefix: str) -> dict[str, FileHistory]:
    """``git log -p -M -U0 --reverse --format=%x00%aI`` output → each file's history,
    by its path under ``prefix`` (the vault's folder in the repository)."""
    files: dict[str, FileHistory] = {}
    when: datetime | None = None
    changes: list[_Change] = []
    change: _Change | None = None
    source = ""
    removing = adding = 0
    for line in text.split("\n"):
        if removing or adding:  # a hunk's lines; -U0 prints no context
            if line.startswith("-") and removing and change:
                removing -= 1
                change.removed.append(line[1:])
            elif line.startswith("+") and adding and change:
                adding -= 1
                change.added.append(line[1:])
            continue
        if line.startswith("\0"):
            if when is not None:
                _apply(files, when, changes)
            when, changes, change = datetime.fromisoformat(line[1:].strip()), [], None
        elif line.startswith("diff --git "):
            change = None
        elif line.startswith("rename from "):
            source = _path(line[12:], "", prefix)
        elif line.startswith("rename to "):
            change = _Change(_path(line[10:], "", prefix))
            changes.append(change)
            if source in files:
                files[change.path] = files.pop(source)
        elif line.startswith("--- "):
            source = "" if line == "--- /dev/null" else _path(line[4:], "a/", prefix)
        elif line.startswith("+++ "):
            deleted = line == "+++ /dev/null"
            target = source if deleted else _path(line[4:], "b/", prefix)
            if change is None or change.path != target:
                change = _Change(target, deleted=deleted)
                changes.append(change)
        elif m := HUNK_RE.match(line):
            removing, adding = int(m["old"] or 1), int(m["new"] or 1)
    if when is not None:
        _apply(files, when, changes)
    return files


def _git(cwd: str, *args: str) -> str | None:
    try:
        proc = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


_cache: dict[str, tuple[str, dict[str, FileHistory]]] = {}  # docs dir → HEAD and its history


def history(docs_dir: str) -> dict[str, FileHistory]:
    """Each Markdown file's history, by its path in ``docs_dir``; empty without git history."""
    where = _git(docs_dir, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "HEAD")
    if where is None:
        _cache.pop(docs_dir, None)
        return {}
    top, prefix, shallow, head = where.split("\n")[:4]
    cached = _cache.get(docs_dir)
    if cached and cached[0] == head:
        return cached[1]
    if shallow == "true":
        log.info("git 仓库是浅克隆：笔记和待办的日期只能追溯到最早取回的提交（CI 中请设置 fetch-depth: 0）")
    args = ["log", "-p", "-M", "-U0", "--reverse", "--no-color", "--no-ext-diff", "--no-textconv"]
    out = _git(top, *args, "--src-prefix=a/", "--dst-prefix=b/", "--format=%x00%aI", "--", f"{prefix}*.md")
    files = parse_log(out, prefix) if out else {}
    _cache[docs_dir] = (head, files)
    return files


def in_repository(docs_dir: str) -> bool:
    """Whether the last ``history(docs_dir)`` read a repository with a commit."""
    return docs_dir in _cache
