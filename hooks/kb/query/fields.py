"""What a query sees of a note: its properties, inline fields and ``file.*``.

Everything comes from the one parsed model (``model.Note``) and the vault's
indexes; inline fields (``key:: value``) are read from a note's body the
first time a query asks, once per note and build.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..markdown.fences import FenceTracker
from ..model import Link, Note, Todo
from ..vault import Vault
from .expr import QueryError, compare, evaluate

# key:: value on a line (after a list marker), or [key:: value] / (key:: value) within one.
INLINE_LINE_RE = re.compile(r"^\s*(?:[-*+]\s+(?:\[.\]\s+)?|>\s*)?(?P<key>[^\W\d][\w \-]*?)::[ \t]*(?P<value>.*)$")
INLINE_BRACKET_RE = re.compile(r"[\[(](?P<key>[^\W\d][\w\-]*)::[ \t]*(?P<value>[^\]\)\n]*)[\])]")
DAY_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")
NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
WIKILINK_RE = re.compile(r"^\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]$")


def _value(text: str) -> Any:
    text = text.strip()
    if NUMBER_RE.match(text):
        return float(text) if "." in text else int(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def inline_fields(body: str) -> dict[str, Any]:
    """A note's ``key:: value`` fields, outside code; a key given twice gathers a list."""
    found: dict[str, Any] = {}
    if "::" not in body:
        return found
    fences = FenceTracker()
    for line in body.split("\n"):
        if fences.inside(line) or "::" not in line:
            continue
        pairs = [(m.group("key"), m.group("value")) for m in INLINE_BRACKET_RE.finditer(line)]
        if not pairs and (m := INLINE_LINE_RE.match(line)):
            pairs = [(m.group("key"), m.group("value"))]
        for key, value in pairs:
            key = key.strip().lower()
            if key in found:
                found[key] = [*(found[key] if isinstance(found[key], list) else [found[key]]), _value(value)]
            else:
                found[key] = _value(value)
    return found


class NoteRef:
    """A link to a published note, as a value: rendered as a link to its page."""

    def __init__(self, note: Note):
        self.note = note

    def __str__(self) -> str:
        return self.note.title

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoteRef) and other.note is self.note

    def __hash__(self) -> int:
        return hash(self.note.src_uri)

    def field(self, name: str) -> Any:
        return None


class Index:
    """One build's lookups for queries, each made at most once: tags, inline fields, links."""

    def __init__(self, vault: Vault):
        self.vault = vault
        self._inline: dict[str, dict[str, Any]] = {}
        self._targets: dict[str, set[str]] = {}
        self._by_tag: dict[str, set[str]] | None = None
        self._notes: list[Note] | None = None

    def notes(self) -> list[Note]:
        """Every published note, by path: the order of a query without SORT."""
        if self._notes is None:
            self._notes = sorted(self.vault.notes.values(), key=lambda n: n.src_uri)
        return self._notes

    def inline(self, note: Note) -> dict[str, Any]:
        found = self._inline.get(note.src_uri)
        if found is None:
            found = self._inline[note.src_uri] = inline_fields(note.body)
        return found

    def targets(self, note: Note) -> set[str]:
        """The paths of the notes and files a note links to."""
        found = self._targets.get(note.src_uri)
        if found is None:
            found = self._targets[note.src_uri] = {t for t in self.vault.link_targets.get(note.src_uri, ()) if t}
        return found

    def tagged(self, tag: str) -> set[str]:
        """The notes with a tag or one nested under it (``#论文`` finds ``#论文/已读``)."""
        if self._by_tag is None:
            self._by_tag = {}
            for note in self.vault.notes.values():
                for name in note.tags:
                    parts = name.lower().split("/")
                    for i in range(1, len(parts) + 1):
                        self._by_tag.setdefault("/".join(parts[:i]), set()).add(note.src_uri)
        return self._by_tag.get(tag.lstrip("#").lower(), set())

    def resolve(self, name: str, source: Note | None) -> Note | None:
        """The published note a ``[[name]]`` in a query means."""
        link = Link(name.strip(), "", None, False, "wiki", 0, "")
        if source is not None:
            return self.vault.resolve(link, source)
        anchor = next(iter(self.vault.notes.values()), None)
        return self.vault.resolve(link, anchor) if anchor else None


def has_tag(note: Note, tags: list[Any]) -> bool:
    mine = [t.lower() for t in note.tags]
    for tag in tags:
        wanted = str(tag).lstrip("#").lower()
        if any(t == wanted or t.startswith(wanted + "/") for t in mine):
            return True
    return False


def in_folder(note: Note, folder: Any) -> bool:
    wanted = str(folder).strip("/")
    return not wanted or note.src_uri.startswith(wanted + "/")


class FileView:
    """``file.*`` of a note: Dataview's and Bases' names for the same things."""

    def __init__(self, note: Note, index: Index, dataview: bool):
        self.note = note
        self.index = index
        self.dataview = dataview

    def field(self, name: str) -> Any:
        note, dates = self.note, self.note.dates
        name = name.lower()
        if name in ("name", "basename"):
            return note.stem
        if name == "title":
            return note.title
        if name == "path":
            return note.src_uri
        if name == "folder":
            return note.folder
        if name in ("ext", "extension"):
            return "md"
        if name in ("link", "file"):
            return NoteRef(note)
        if name in ("tags", "etags"):
            return [("#" + t) if self.dataview else t for t in note.tags]
        if name == "aliases":
            return list(note.aliases)
        if name in ("ctime", "cday"):
            return None if dates is None else dates.created if name == "ctime" else dates.created.date()
        if name in ("mtime", "mday"):
            return None if dates is None else dates.updated if name == "mtime" else dates.updated.date()
        if name == "day":
            m = DAY_RE.search(note.stem)
            return date.fromisoformat(m.group(1)) if m else _meta_date(note)
        if name == "outlinks" or name == "links":
            return [NoteRef(self.index.vault.notes[t]) for t in self.index.targets(note) if t in self.index.vault.notes]
        if name == "inlinks" or name == "backlinks":
            return [NoteRef(r.source) for r in self.index.vault.backlinks.get(note.src_uri, ())]
        if name == "tasks":
            return [t.text for t in note.todos if t.kind == "task"]
        raise QueryError(f"不支持的字段 file.{name}")

    def method(self, name: str, args: list[Any]) -> Any:
        name = name.lower()
        if name == "hastag":
            return has_tag(self.note, args)
        if name == "infolder":
            return bool(args) and in_folder(self.note, args[0])
        if name == "haslink":
            return any(self._links_to(arg) for arg in args)
        if name == "hasproperty":
            return bool(args) and _lookup(self.note.meta, str(args[0])) is not None
        raise QueryError(f"不支持的方法 file.{name}()")

    def _links_to(self, target: Any) -> bool:
        if isinstance(target, NoteRef):
            return target.note.src_uri in self.index.targets(self.note)
        found = self.index.resolve(str(target), self.note)
        return found is not None and found.src_uri in self.index.targets(self.note)


def _meta_date(note: Note) -> date | None:
    value = _lookup(note.meta, "date")
    if isinstance(value, date):
        return value
    m = DAY_RE.match(str(value)) if value else None
    return date.fromisoformat(m.group(1)) if m else None


def _lookup(mapping: dict[str, Any], name: str) -> Any:
    if name in mapping:
        return mapping[name]
    lowered = name.lower()
    return next((v for k, v in mapping.items() if str(k).lower() == lowered), None)


def _link_value(value: Any, index: Index, note: Note) -> Any:
    """A property written as ``"[[笔记]]"`` is a link to that note, when it is published."""
    if isinstance(value, list):
        return [_link_value(v, index, note) for v in value]
    if isinstance(value, str) and (m := WIKILINK_RE.match(value.strip())):
        found = index.resolve(m.group(1), note)
        return NoteRef(found) if found else m.group(1)
    return value


class NoteScope:
    """The names an expression can use about one note (and one of its tasks)."""

    def __init__(self, note: Note, index: Index, dataview: bool, formulas: dict[str, tuple] | None = None):
        self.note = note
        self.index = index
        self.file = FileView(note, index, dataview)
        self.formulas = formulas or {}
        self.task: Todo | None = None
        self._formula_values: dict[str, Any] = {}
        self._busy: set[str] = set()

    def name(self, name: str) -> Any:
        lowered = name.lower()
        if lowered == "file":
            return self.file
        if lowered == "note":
            return _Properties(self)
        if lowered == "formula":
            return _Formulas(self)
        if lowered == "this":
            raise QueryError("不支持 this")
        if self.task is not None and (found := task_field(self.task, lowered)) is not _MISSING:
            return found
        return self.prop(name)

    def prop(self, name: str) -> Any:
        value = _lookup(self.note.meta, name)
        if value is None:
            value = self.index.inline(self.note).get(name.lower())
        return _link_value(value, self.index, self.note)

    def link(self, target: str) -> Any:
        found = self.index.resolve(target, self.note)
        return NoteRef(found) if found else None

    def formula(self, name: str) -> Any:
        if name not in self.formulas:
            raise QueryError(f"没有名为 {name} 的公式")
        if name not in self._formula_values:
            if name in self._busy:
                raise QueryError(f"公式 {name} 引用了自己")
            self._busy.add(name)
            self._formula_values[name] = evaluate(self.formulas[name], self)
            self._busy.discard(name)
        return self._formula_values[name]


class _Properties:
    def __init__(self, scope: NoteScope):
        self.scope = scope

    def field(self, name: str) -> Any:
        return self.scope.prop(name)


class _Formulas:
    def __init__(self, scope: NoteScope):
        self.scope = scope

    def field(self, name: str) -> Any:
        return self.scope.formula(name)


_MISSING = object()
PRIORITY_ORDER = {"highest": 1, "high": 2, "medium": 3, "low": 4, "lowest": 5}


def task_field(task: Todo, name: str) -> Any:
    """A TASK query's fields of a task item: Dataview's names and the Tasks plugin's."""
    meta = task.task
    fields = {
        "text": task.text,
        "completed": task.status == "done",
        "checked": task.status != "open",
        "fullycompleted": task.status == "done",
        "status": {"open": " ", "done": "x", "cancelled": "-"}[task.status],
        "line": task.line,
        "section": task.section,
        "due": meta.due,
        "scheduled": meta.scheduled,
        "start": meta.start,
        "created": meta.created,
        "completion": meta.done,
        "done": meta.done,
        "cancelled": meta.cancelled,
        "priority": meta.priority,
        "recurrence": meta.recurrence,
    }
    return fields.get(name, _MISSING)


def sorted_by(rows: list, keys: list[tuple[Any, bool]]) -> list:
    """``rows`` sorted by several ``(key function, descending)`` pairs, empty values last.
    Each key is computed once per row."""
    values = [[key(row) for key, _ in keys] for row in rows]
    order = list(range(len(rows)))
    for k in reversed(range(len(keys))):
        present = [i for i in order if values[i][k] is not None]
        missing = [i for i in order if values[i][k] is None]
        present.sort(key=lambda i, k=k: _Cmp(values[i][k]), reverse=keys[k][1])
        order = present + missing
    return [rows[i] for i in order]


def grouped(items: list, keys: list[Any], descending: bool = False) -> list[tuple[Any, list]]:
    """Items under each distinct key, keys in order (empty last), items in the order they came."""
    found: dict[Any, list] = {}
    values: dict[Any, Any] = {}
    for item, key in zip(items, keys, strict=True):
        hashable = repr(key) if isinstance(key, (list, dict)) else key
        found.setdefault(hashable, []).append(item)
        values[hashable] = key
    order = sorted_by(list(found), [(lambda k: values[k], descending)])
    return [(values[k], found[k]) for k in order]


class _Cmp:
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __lt__(self, other: _Cmp) -> bool:
        return compare(self.value, other.value) < 0
