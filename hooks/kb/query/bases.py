"""Obsidian Bases: a ``.base`` file's (or a ```` ```base ```` block's) YAML, evaluated.

Supported: ``filters`` (a statement string, or ``and``/``or``/``not`` of them,
nested), ``formulas`` (expressions of ``expr.py``: arithmetic, ``if()``,
strings joined with ``+``, comparisons, a few functions), ``properties`` with
``displayName``, and ``views`` of type ``table``, ``list`` and ``cards`` with
their own ``filters``, ``order``, ``sort``, ``limit`` and ``groupBy``. Keys
that only change how Obsidian draws a view (column widths, card size) are
ignored; any other key, view type or function is a ``QueryError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..parse import yaml_safe
from .expr import QueryError, evaluate, parse, truthy
from .fields import Index, NoteRef, NoteScope, grouped, sorted_by
from .result import Result, Row

VIEW_TYPES = ("table", "list", "cards")
TOP_KEYS = {"filters", "formulas", "properties", "views", "summaries", "display"}
VIEW_KEYS = {"type", "name", "filters", "order", "sort", "limit", "groupBy", "group_by"}
DISPLAY_ONLY = {"columnSize", "image", "imageFit", "imageAspectRatio", "cardSize", "rowHeight", "summaries"}
LINK_COLUMNS = {"file.name", "file.link", "file.basename", "file.file"}


@dataclass
class View:
    name: str
    type: str
    filters: tuple | None
    order: list[tuple[str, tuple]]  # (property id, expression)
    sort: list[tuple[tuple, bool]]  # (expression, descending)
    limit: int | None
    group_by: tuple[tuple, bool] | None


@dataclass
class Base:
    filters: tuple | None
    formulas: dict[str, tuple]
    names: dict[str, str]  # property id → display name
    views: list[View] = field(default_factory=list)

    def view(self, name: str) -> View:
        """The view called ``name`` (the first one when no name is given)."""
        if not name:
            return self.views[0]
        found = next((v for v in self.views if v.name == name), None)
        if found is None:
            raise QueryError(f"没有名为「{name}」的视图")
        return found


def load(text: str) -> Base:
    try:
        data, problems = yaml_safe.load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise QueryError(f"YAML 无法读取（第 {mark.line + 1} 行）" if mark else "YAML 无法读取") from e
    if problems:
        raise QueryError(problems[0])
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise QueryError("Bases 的内容应是 YAML 映射")
    unknown = set(map(str, data)) - TOP_KEYS
    if unknown:
        raise QueryError(f"不支持的键 {', '.join(sorted(unknown))}")
    formulas = {str(k): parse(str(v)) for k, v in (_mapping(data.get("formulas"), "formulas")).items()}
    names = {}
    for key, value in _mapping(data.get("properties"), "properties").items():
        if isinstance(value, dict) and value.get("displayName") is not None:
            names[_normal(str(key))] = str(value["displayName"])
    base = Base(_filter(data.get("filters")), formulas, names)
    views = data.get("views") or [{"type": "table", "name": "表格"}]
    if not isinstance(views, list):
        raise QueryError("views 应是列表")
    for i, raw in enumerate(views, 1):
        base.views.append(_view(_mapping(raw, "views"), i))
    for view in base.views:  # a formula named in a view must exist
        for prop, _ in view.order:
            if prop.startswith("formula.") and prop[8:] not in formulas:
                raise QueryError(f"没有名为 {prop[8:]} 的公式")
    return base


def _mapping(value: Any, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise QueryError(f"{what} 应是映射")
    return value


def _normal(prop: str) -> str:
    """``note.year`` and ``year`` are the same property."""
    prop = prop.strip()
    return prop[5:] if prop.startswith("note.") else prop


def _filter(value: Any) -> tuple | None:
    """A filter as one expression: ``and``/``or``/``not`` lists folded into ``&&``, ``||``, ``!``."""
    if value is None:
        return None
    if isinstance(value, (str, int, float, bool)):
        return parse(str(value).lower() if isinstance(value, bool) else str(value))
    if isinstance(value, dict) and len(value) == 1:
        key, items = next(iter(value.items()))
        if not isinstance(items, list):
            items = [items]
        parts = [p for p in (_filter(item) for item in items) if p is not None]
        if key == "and":
            return _fold("&&", parts, ("lit", True))
        if key == "or":
            return _fold("||", parts, ("lit", False))
        if key == "not":  # none of them
            return ("un", "!", _fold("||", parts, ("lit", False)))
    raise QueryError(f"无法读取的筛选条件：{value!r}"[:120])


def _fold(op: str, parts: list[tuple], empty: tuple) -> tuple:
    if not parts:
        return empty
    node = parts[0]
    for part in parts[1:]:
        node = ("bin", op, node, part)
    return node


def _view(raw: dict, number: int) -> View:
    kind = str(raw.get("type", "table"))
    if kind not in VIEW_TYPES:
        raise QueryError(f"不支持的视图类型 {kind}（只支持 table、list、cards）")
    unknown = set(map(str, raw)) - VIEW_KEYS - DISPLAY_ONLY
    if unknown:
        raise QueryError(f"视图不支持的键 {', '.join(sorted(unknown))}")
    order = [str(p) for p in (raw.get("order") or ["file.name"])]
    sort = []
    for item in raw.get("sort") or []:
        if not isinstance(item, dict) or "property" not in item:
            raise QueryError("sort 的每一项应有 property")
        sort.append((_property(str(item["property"])), str(item.get("direction", "ASC")).upper() == "DESC"))
    limit = raw.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise QueryError(f"limit 应是整数：{limit!r}")
    group = raw.get("groupBy", raw.get("group_by"))
    group_by = None
    if group is not None:
        prop = group.get("property") if isinstance(group, dict) else group
        if not prop:
            raise QueryError("groupBy 应有 property")
        desc = isinstance(group, dict) and str(group.get("direction", "ASC")).upper() == "DESC"
        group_by = (_property(str(prop)), desc)
    return View(
        name=str(raw.get("name") or f"视图 {number}"),
        type=kind,
        filters=_filter(raw.get("filters")),
        order=[(p, _property(p)) for p in order],
        sort=sort,
        limit=limit,
        group_by=group_by,
    )


def _property(prop: str) -> tuple:
    """A property id (``file.name``, ``note.year``, ``formula.x``, ``year``) as an expression."""
    prop = prop.strip()
    if prop.startswith(("file.", "formula.", "note.")) or prop.isidentifier():
        return parse(prop)
    return ("get", ("name", "note"), prop)  # a property whose name is not a plain word


def run(base: Base, view: View, index: Index) -> Result:
    """One view over every published note: each note read once."""
    rows: list[NoteScope] = []
    for note in index.notes():
        scope = NoteScope(note, index, dataview=False, formulas=base.formulas)
        if base.filters is not None and not truthy(evaluate(base.filters, scope)):
            continue
        if view.filters is not None and not truthy(evaluate(view.filters, scope)):
            continue
        rows.append(scope)
    if view.sort:
        rows = sorted_by(rows, [(lambda s, e=expr: evaluate(e, s), desc) for expr, desc in view.sort])
    if view.limit is not None:
        rows = rows[: view.limit]
    columns = list(view.order)
    if view.type == "table":  # a leading file.name column is the note's link
        link_first = bool(columns) and columns[0][0] in LINK_COLUMNS
        lead = [base.names.get(columns.pop(0)[0], "文件名")] if link_first else []
    else:  # lists and cards lead with the note's link anyway
        link_first, lead = True, []
        columns = [c for c in columns if c[0] not in LINK_COLUMNS]
    headers = lead + [base.names.get(_normal(p), _label(p)) for p, _ in columns]
    table = [Row(s.note, [_cell(p, evaluate(e, s), s) for p, e in columns]) for s in rows]
    result = Result(view.type, headers, [(None, table)], name=view.name, link_first=link_first)
    if view.group_by is not None:
        expr, desc = view.group_by
        result.groups = grouped(table, [evaluate(expr, s) for s in rows], desc)
        result.grouped = True
    return result


def _label(prop: str) -> str:
    if prop in ("file.name", "file.basename", "file.link"):
        return "文件名"
    return prop.split(".", 1)[1] if prop.startswith(("note.", "file.", "formula.")) else prop


def _cell(prop: str, value: Any, scope: NoteScope) -> Any:
    return NoteRef(scope.note) if prop in LINK_COLUMNS else value
