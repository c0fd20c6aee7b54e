"""Dataview's query language (DQL), the subset we evaluate at build time.

``LIST [expr]``, ``TABLE [WITHOUT ID] expr [AS "名"], …`` and ``TASK``;
``FROM`` with ``#tag``, ``"folder"``, ``[[note]]`` (notes linking to it) and
``outgoing([[note]])``, joined by ``and``, ``or``, ``-`` and parentheses;
then ``WHERE``, ``SORT expr [ASC|DESC], …``, ``LIMIT n`` and ``GROUP BY expr``
in any order, each applied in turn as Dataview does. Anything else
(``FLATTEN``, ``CALENDAR``, ``dataviewjs``) is a ``QueryError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Note
from .expr import QueryError, evaluate, parse, truthy
from .fields import Index, NoteScope, grouped, sorted_by
from .result import Result, Row

CLAUSES = ("FROM", "WHERE", "SORT", "LIMIT", "GROUP BY", "FLATTEN")
CLAUSE_RE = re.compile(r"(?<![\w.])(FROM|WHERE|SORT|LIMIT|GROUP\s+BY|FLATTEN)(?!\w)", re.I)
AS_RE = re.compile(r"\s+AS\s+(?:\"(?P<q>[^\"]*)\"|(?P<w>[^\W\d]\w*))\s*$", re.I)
DIRECTION_RE = re.compile(r"\s+(ASC|ASCENDING|DESC|DESCENDING)\s*$", re.I)


@dataclass
class Query:
    kind: str  # list | table | task
    columns: list[tuple[str, tuple]] = field(default_factory=list)  # (header, expression)
    without_id: bool = False
    source: tuple | None = None
    steps: list[tuple[str, object]] = field(default_factory=list)  # (clause, its parsed argument)


def _top_level(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` outside strings, brackets and parentheses."""
    spans, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
                start = i + 1
        elif ch in "\"'":
            if depth == 0:
                spans.append((start, i))
            quote = ch
        elif ch in "([":
            if depth == 0:
                spans.append((start, i))
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
            start = i + 1
    if depth == 0 and not quote:
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if a < b]


def _split(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Where ``pattern`` matches in ``text`` outside strings and brackets."""
    return [(m.start(), m.end()) for a, b in _top_level(text) for m in pattern.finditer(text, a, b)]


def parse_query(text: str) -> Query:
    text = "\n".join(line for line in text.split("\n") if not line.strip().startswith("//"))
    head = re.match(r"\s*(LIST|TABLE|TASK|CALENDAR)\b", text, re.I)
    if not head:
        raise QueryError("查询应以 LIST、TABLE 或 TASK 开头")
    kind = head.group(1).lower()
    if kind == "calendar":
        raise QueryError("不支持 CALENDAR 查询")
    query = Query(kind)
    marks = _split(text, CLAUSE_RE)
    marks = [m for m in marks if m[0] >= head.end()]
    header = text[head.end() : marks[0][0] if marks else len(text)].strip()
    _header(query, header)
    for n, (start, end) in enumerate(marks):
        clause = re.sub(r"\s+", " ", text[start:end].upper())
        arg = text[end : marks[n + 1][0] if n + 1 < len(marks) else len(text)].strip()
        if clause == "FROM":
            if query.source is not None or query.steps:
                raise QueryError("FROM 只能有一个，且在其他子句之前")
            query.source = _source(arg)
        elif clause == "WHERE":
            query.steps.append(("where", parse(arg)))
        elif clause == "SORT":
            query.steps.append(("sort", [_sort_key(part) for part in _commas(arg)]))
        elif clause == "LIMIT":
            if not arg.isdigit():
                raise QueryError(f"LIMIT 应是整数：{arg}")
            query.steps.append(("limit", int(arg)))
        elif clause == "GROUP BY":
            query.steps.append(("group", parse(AS_RE.sub("", arg))))
        else:
            raise QueryError(f"不支持 {clause}")
    return query


def _commas(text: str) -> list[str]:
    cuts = [a for a, _ in _split(text, re.compile(","))]
    bounds = [0, *[c + 1 for c in cuts]]
    parts = [text[a : (cuts[i] if i < len(cuts) else len(text))].strip() for i, a in enumerate(bounds)]
    if any(not p for p in parts):
        raise QueryError("多余的逗号")
    return parts


def _header(query: Query, header: str) -> None:
    if query.kind == "task":
        if header:
            raise QueryError(f"TASK 后不应有字段：{header}")
        return
    if query.kind == "table":
        m = re.match(r"WITHOUT\s+ID\b", header, re.I)
        if m:
            query.without_id = True
            header = header[m.end() :].strip()
    if not header:
        return
    parts = _commas(header)
    if query.kind == "list" and len(parts) > 1:
        raise QueryError("LIST 只能显示一个字段")
    for part in parts:
        m = AS_RE.search(part)
        name = (m.group("q") if m.group("q") is not None else m.group("w")) if m else part.strip()
        query.columns.append((name, parse(part[: m.start()] if m else part)))


def _sort_key(part: str) -> tuple[tuple, bool]:
    m = DIRECTION_RE.search(part)
    descending = bool(m) and m.group(1).upper().startswith("DESC")  # type: ignore[union-attr]
    return parse(part[: m.start()] if m else part), descending


SOURCE_RE = re.compile(
    r"""\s*(?:(?P<tag>\#[^\s()"]+)|"(?P<folder>[^"]*)"|outgoing\(\s*\[\[(?P<out>[^\[\]]*)\]\]\s*\)
    |\[\[(?P<link>[^\[\]]*)\]\]|(?P<op>and\b|or\b|-|!|\(|\)))""",
    re.I | re.X,
)


def _source(text: str) -> tuple:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = SOURCE_RE.match(text, pos)
        if not m:
            raise QueryError(f"FROM 读不懂：{text[pos:][:20]}")
        pos = m.end()
        kind = m.lastgroup
        tokens.append((kind, m.group(kind).lower() if kind == "op" else m.group(kind)))
    position = 0

    def expr(power: int = 0) -> tuple:
        nonlocal position
        node = atom()
        while position < len(tokens) and tokens[position][0] == "op" and tokens[position][1] in ("and", "or"):
            op = tokens[position][1]
            strength = 2 if op == "and" else 1
            if strength <= power:
                break
            position += 1
            node = (op, node, expr(strength))
        return node

    def atom() -> tuple:
        nonlocal position
        if position >= len(tokens):
            raise QueryError("FROM 不完整")
        kind, value = tokens[position]
        position += 1
        if kind == "op" and value in ("-", "!"):
            return ("not", atom())
        if kind == "op" and value == "(":
            node = expr()
            if position >= len(tokens) or tokens[position] != ("op", ")"):
                raise QueryError("FROM 缺少 )")
            position += 1
            return node
        if kind == "op":
            raise QueryError(f"FROM 中意外的 {value}")
        return (kind, value)

    node = expr()
    if position < len(tokens):
        raise QueryError(f"FROM 中多余的 {tokens[position][1]}")
    return node


def _sources(node: tuple, index: Index, host: Note | None) -> set[str]:
    """The paths of the notes a FROM names: read from the vault's indexes."""
    kind = node[0]
    if kind == "tag":
        return set(index.tagged(node[1]))
    if kind == "folder":
        folder = node[1].strip("/")
        if not folder:
            return set(index.vault.notes)
        single = folder if folder.endswith(".md") else folder + ".md"
        return {n.src_uri for n in index.notes() if n.src_uri.startswith(folder + "/") or n.src_uri == single}
    if kind in ("link", "out"):
        name = node[1].split("|")[0].split("#")[0].strip()
        target = host if not name else index.resolve(name, host)
        if target is None:
            return set()
        if kind == "out":
            return {t for t in index.targets(target) if t in index.vault.notes}
        return {ref.source.src_uri for ref in index.vault.backlinks.get(target.src_uri, ())}
    if kind == "not":
        return set(index.vault.notes) - _sources(node[1], index, host)
    left, right = _sources(node[1], index, host), _sources(node[2], index, host)
    return left & right if kind == "and" else left | right


def run(query: Query, index: Index, host: Note | None) -> Result:
    """The query over the published notes its FROM names (every note without one)."""
    notes = index.notes()
    if query.source is not None:
        chosen = _sources(query.source, index, host)
        notes = [n for n in notes if n.src_uri in chosen]
    scopes: list[NoteScope] = []
    for note in notes:
        if query.kind == "task":
            for todo in note.todos:
                if todo.kind == "task":
                    scope = NoteScope(note, index, dataview=True)
                    scope.task = todo
                    scopes.append(scope)
        else:
            scopes.append(NoteScope(note, index, dataview=True))
    groups: list[tuple[object, list[NoteScope]]] | None = None
    for step, arg in query.steps:
        if groups is not None:
            scopes, groups = _after_group(step, arg, groups)
            continue
        if step == "where":
            scopes = [s for s in scopes if truthy(evaluate(arg, s))]  # type: ignore[arg-type]
        elif step == "sort":
            scopes = sorted_by(scopes, [(lambda s, e=e: evaluate(e, s), d) for e, d in arg])  # type: ignore[attr-defined]
        elif step == "limit":
            scopes = scopes[:arg]  # type: ignore[misc]
        elif step == "group":
            groups = grouped(scopes, [evaluate(arg, s) for s in scopes])  # type: ignore[arg-type]
    if query.kind == "table":
        headers = ([] if query.without_id else ["文件"]) + [h for h, _ in query.columns]
    else:
        headers = [h for h, _ in query.columns]
    kind = query.kind
    result = Result(kind, headers, link_first=not query.without_id)  # type: ignore[arg-type]
    for key, members in groups if groups is not None else [(None, scopes)]:
        result.groups.append((key, [Row(s.note, [evaluate(e, s) for _, e in query.columns], s.task) for s in members]))
    result.grouped = groups is not None
    return result


def _after_group(step: str, arg: object, groups: list) -> tuple[list, list]:
    """After GROUP BY, Dataview's rows are the groups: SORT key and LIMIT apply to them."""
    if step == "sort" and all(e == ("name", "key") for e, _ in arg):  # type: ignore[attr-defined]
        descending = arg[0][1]  # type: ignore[index]
        return [], sorted_by(groups, [(lambda g: g[0], descending)])
    if step == "limit":
        return [], groups[:arg]  # type: ignore[misc]
    raise QueryError("GROUP BY 之后只支持 SORT key 和 LIMIT")
