"""The expression language shared by Bases filters and formulas and Dataview's WHERE.

A small hand-written Pratt parser: no maintained Python library parses
Dataview's DQL or Obsidian Bases' expressions, and the subset we support
fits in a page. Expressions become tuples; ``evaluate`` runs them against a
``Scope`` (one note, or one task of a note).

Supported: numbers, ``"…"``/``'…'`` strings, ``true``/``false``/``null``,
``[[link]]``, ``[a, b]``; names and ``a.b`` properties; calls ``f(x)`` and
methods ``file.hasTag("x")``; ``!``/``not``, unary ``-``, ``* / %``, ``+ -``
(``+`` joins strings), ``== = != > < >= <=``, ``&&``/``and``, ``||``/``or``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cmp_to_key
from typing import Any, Protocol


class QueryError(Exception):
    """A query we cannot read or run: shown as a notice in place of its view."""


TOKEN_RE = re.compile(
    r"""\s*(?:
      (?P<num>\d+(?:\.\d+)?)
    | "(?P<dq>(?:[^"\\]|\\.)*)"
    | '(?P<sq>(?:[^'\\]|\\.)*)'
    | \[\[(?P<link>[^\[\]]*)\]\]
    | (?P<name>[^\W\d][\w]*)
    | (?P<op>==|!=|>=|<=|&&|\|\||[=<>!+\-*/%().,\[\]])
    )""",
    re.X,
)

KEYWORDS = {"and": "&&", "or": "||", "not": "!"}
BINARY = {"||": 1, "&&": 2, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5}
BINARY.update(dict.fromkeys(["==", "=", "!=", ">", "<", ">=", "<="], 3))
LITERALS = {"true": True, "false": False, "null": None}


def tokenize(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise QueryError(f"无法识别：{text[pos : pos + 12]}")
        pos = m.end()
        kind = m.lastgroup
        value = m.group(kind)  # type: ignore[arg-type]
        if kind == "num":
            tokens.append(("lit", float(value) if "." in value else int(value)))
        elif kind in ("dq", "sq"):
            tokens.append(("lit", re.sub(r"\\(.)", r"\1", value)))
        elif kind == "link":
            tokens.append(("link", value))
        elif kind == "name" and value.lower() in KEYWORDS:
            tokens.append(("op", KEYWORDS[value.lower()]))
        elif kind == "name" and value.lower() in LITERALS:
            tokens.append(("lit", LITERALS[value.lower()]))
        else:
            tokens.append((kind, value))  # type: ignore[arg-type]
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, op: str | None = None) -> tuple[str, Any]:
        token = self.peek()
        if token is None or (op is not None and token != ("op", op)):
            raise QueryError(f"缺少 {op}" if op else "表达式不完整")
        self.pos += 1
        return token

    def expression(self, power: int = 0) -> tuple:
        left = self.prefix()
        while (token := self.peek()) and token[0] == "op" and BINARY.get(token[1], 0) > power:
            self.pos += 1
            op = "==" if token[1] == "=" else token[1]
            left = ("bin", op, left, self.expression(BINARY[token[1]]))
        return left

    def prefix(self) -> tuple:
        kind, value = self.take()
        if kind == "lit":
            node: tuple = ("lit", value)
        elif kind == "link":
            node = ("link", value.split("|")[0].split("#")[0].strip())
        elif kind == "name":
            node = ("name", value)
        elif (kind, value) == ("op", "("):
            node = self.expression()
            self.take(")")
        elif (kind, value) == ("op", "["):
            node = ("list", self.arguments("]"))
        elif (kind, value) in (("op", "!"), ("op", "-")):
            return ("un", value, self.expression(6))
        else:
            raise QueryError(f"意外的 {value}")
        return self.postfix(node)

    def postfix(self, node: tuple) -> tuple:
        while token := self.peek():
            if token == ("op", "."):
                self.pos += 1
                kind, name = self.take()
                if kind != "name":
                    raise QueryError(". 后应是名字")
                node = ("get", node, name)
            elif token == ("op", "("):
                self.pos += 1
                node = ("call", node, self.arguments(")"))
            else:
                return node
        return node

    def arguments(self, close: str) -> list[tuple]:
        args: list[tuple] = []
        if self.peek() == ("op", close):
            self.pos += 1
            return args
        while True:
            args.append(self.expression())
            if self.take()[1] == close:
                return args


def parse(text: str) -> tuple:
    """An expression's tree; ``QueryError`` if it is not one whole expression."""
    if not str(text).strip():
        raise QueryError("空的表达式")
    parser = _Parser(str(text))
    node = parser.expression()
    if parser.peek() is not None:
        raise QueryError(f"多余的 {parser.peek()[1]}")  # type: ignore[index]
    return _checked(node)


FILE_METHODS = {"hastag", "infolder", "haslink", "hasproperty"}
DATE_WORDS = {"today", "now", "tomorrow", "yesterday"}


def _checked(node: tuple) -> tuple:
    """The tree with every function and method known (so an unused formula is checked
    too), and Dataview's ``date(today)`` read as the word it is."""
    kind = node[0]
    if kind == "call":
        callee, args = node[1], node[2]
        if callee[0] == "name":
            if callee[1] != "if" and callee[1].lower() not in FUNCTIONS:
                raise QueryError(f"不支持的函数 {callee[1]}()")
            if callee[1].lower() == "date" and len(args) == 1 and args[0][0] == "name":
                if args[0][1].lower() in DATE_WORDS:
                    args = [("lit", args[0][1].lower())]
        elif callee[0] == "get":
            if callee[2].lower() not in METHODS and callee[2].lower() not in FILE_METHODS:
                raise QueryError(f"不支持的方法 .{callee[2]}()")
            callee = ("get", _checked(callee[1]), callee[2])
        return ("call", callee, [_checked(a) for a in args])
    if kind == "bin":
        return ("bin", node[1], _checked(node[2]), _checked(node[3]))
    if kind == "un":
        return ("un", node[1], _checked(node[2]))
    if kind == "get":
        return ("get", _checked(node[1]), node[2])
    if kind == "list":
        return ("list", [_checked(item) for item in node[1]])
    return node


class Scope(Protocol):
    def name(self, name: str) -> Any: ...
    def link(self, target: str) -> Any: ...


@dataclass(frozen=True)
class Duration:
    delta: timedelta

    def __str__(self) -> str:
        return f"{self.delta.days} 天"


DUR_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]+|天|周|小时|分钟)\s*$", re.I)
DUR_UNITS = {
    "d": 1,
    "day": 1,
    "days": 1,
    "天": 1,
    "w": 7,
    "week": 7,
    "weeks": 7,
    "周": 7,
    "h": 1 / 24,
    "hr": 1 / 24,
    "hour": 1 / 24,
    "hours": 1 / 24,
    "小时": 1 / 24,
    "m": 1 / 1440,
    "min": 1 / 1440,
    "minute": 1 / 1440,
    "minutes": 1 / 1440,
    "分钟": 1 / 1440,
    "month": 30,
    "months": 30,
    "year": 365,
    "years": 365,
    "y": 365,
}


def to_date(value: Any) -> date | datetime | None:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lower() == "today":
            return date.today()
        if text.lower() == "now":
            return datetime.now()
        if text.lower() in ("tomorrow", "yesterday"):
            return date.today() + timedelta(days=1 if text.lower() == "tomorrow" else -1)
        try:
            return datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        except ValueError:
            return None
    return None


def _dur(value: Any) -> Duration:
    m = DUR_RE.match(str(value))
    if not m or m.group(2).lower() not in DUR_UNITS:
        raise QueryError(f"dur() 读不懂：{value}")
    return Duration(timedelta(days=float(m.group(1)) * DUR_UNITS[m.group(2).lower()]))


def _as_datetime(value: date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _rank(value: Any) -> tuple[int, Any]:
    """A sort key for any value: nothing first, then booleans, numbers, dates, text, lists."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, (int, float)):
        return (2, value)
    if isinstance(value, date):
        return (3, _as_datetime(value))
    if isinstance(value, Duration):
        return (4, value.delta)
    if isinstance(value, (list, tuple)):
        return (6, tuple(_rank(v) for v in value))
    return (5, str(value).lower())


def compare(a: Any, b: Any) -> int:
    ka, kb = _rank(a), _rank(b)
    if ka[0] != kb[0] and isinstance(a, str) != isinstance(b, str):
        da, db = to_date(a), to_date(b)  # "2024-01-02" against a date
        if da is not None and db is not None:
            ka, kb = _rank(da), _rank(db)
    return (ka > kb) - (ka < kb)


sort_key = cmp_to_key(compare)


def truthy(value: Any) -> bool:
    return bool(value) and value != "false"


def _contains(haystack: Any, needle: Any) -> bool:
    if haystack is None:
        return False
    if isinstance(haystack, (list, tuple, set)):
        return any(compare(item, needle) == 0 for item in haystack)
    if isinstance(haystack, dict):
        return needle in haystack
    return str(needle).lower() in str(haystack).lower()


def _length(value: Any) -> int:
    return 0 if value is None else len(value) if isinstance(value, (list, tuple, str, dict)) else 1


FUNCTIONS = {
    "contains": lambda a, b: _contains(a, b),
    "icontains": lambda a, b: _contains(a, b),
    "length": _length,
    "lower": lambda s: None if s is None else str(s).lower(),
    "upper": lambda s: None if s is None else str(s).upper(),
    "number": lambda v: _number(v),
    "string": lambda v: "" if v is None else str(v),
    "round": lambda v, n=0: round(_number(v) or 0, int(n)),
    "default": lambda v, d: d if v is None else v,
    "choice": lambda c, a, b: a if truthy(c) else b,
    "date": lambda v: to_date(v),
    "dur": _dur,
    "today": lambda: date.today(),
    "now": lambda: datetime.now(),
    "startswith": lambda s, p: str(s or "").startswith(str(p)),
    "endswith": lambda s, p: str(s or "").endswith(str(p)),
}


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(value) if "." in str(value) else int(value)
    except ValueError:
        return None


METHODS = {  # on text and lists: value.contains("x"), value.length
    "contains": lambda v, x: _contains(v, x),
    "containsany": lambda v, *xs: any(_contains(v, x) for x in xs),
    "containsall": lambda v, *xs: all(_contains(v, x) for x in xs),
    "startswith": lambda v, p: str(v or "").startswith(str(p)),
    "endswith": lambda v, p: str(v or "").endswith(str(p)),
    "lower": lambda v: str(v or "").lower(),
    "upper": lambda v: str(v or "").upper(),
    "isempty": lambda v: _length(v) == 0,
    "tostring": lambda v: "" if v is None else str(v),
}


def _arith(op: str, a: Any, b: Any) -> Any:
    if op == "+" and (isinstance(a, str) or isinstance(b, str)):
        return ("" if a is None else str(a)) + ("" if b is None else str(b))
    if a is None or b is None:
        return None
    if isinstance(a, date) and isinstance(b, Duration):
        return a + b.delta if op == "+" else a - b.delta if op == "-" else None
    if isinstance(a, date) and isinstance(b, date) and op == "-":
        return Duration(_as_datetime(a) - _as_datetime(b))
    x, y = _number(a), _number(b)
    if x is None or y is None:
        raise QueryError(f"不能计算 {a!r} {op} {b!r}")
    if op in "/%" and y == 0:
        return None
    result = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if op == "/" else 0, "%": x % y if op == "%" else 0}[op]
    return int(result) if isinstance(result, float) and result.is_integer() and op != "/" else result


def evaluate(node: tuple, scope: Scope) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "name":
        return scope.name(node[1])
    if kind == "link":
        return scope.link(node[1])
    if kind == "list":
        return [evaluate(item, scope) for item in node[1]]
    if kind == "get":
        return get(evaluate(node[1], scope), node[2])
    if kind == "un":
        value = evaluate(node[2], scope)
        if node[1] == "!":
            return not truthy(value)
        number = _number(value)
        return None if number is None else -number
    if kind == "bin":
        op, left = node[1], node[2]
        if op == "&&":
            return truthy(evaluate(left, scope)) and truthy(evaluate(node[3], scope))
        if op == "||":
            return truthy(evaluate(left, scope)) or truthy(evaluate(node[3], scope))
        a, b = evaluate(left, scope), evaluate(node[3], scope)
        if op in ("==", "!="):
            return (compare(a, b) == 0) == (op == "==")
        if op in ("<", ">", "<=", ">="):
            if a is None or b is None:
                return False
            c = compare(a, b)
            return {"<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0}[op]
        return _arith(op, a, b)
    if kind == "call":
        lazy = node[1] == ("name", "if")
        return _call(node[1], node[2] if lazy else [evaluate(arg, scope) for arg in node[2]], scope)
    raise QueryError(f"不支持的表达式 {kind}")


def _call(callee: tuple, args: list, scope: Scope) -> Any:
    if callee == ("name", "if"):  # lazy: only the branch taken is evaluated
        if len(args) not in (2, 3):
            raise QueryError("if() 需要两到三个参数")
        if truthy(evaluate(args[0], scope)):
            return evaluate(args[1], scope)
        return evaluate(args[2], scope) if len(args) == 3 else None
    if callee[0] == "name":
        fn = FUNCTIONS.get(callee[1].lower())
        if fn is None:
            raise QueryError(f"不支持的函数 {callee[1]}()")
        return _apply(fn, args, callee[1])
    if callee[0] == "get":
        target = evaluate(callee[1], scope)
        method = getattr(target, "method", None)
        if method is not None:
            return method(callee[2], args)
        fn = METHODS.get(callee[2].lower())
        if fn is None:
            raise QueryError(f"不支持的方法 .{callee[2]}()")
        return _apply(fn, [target, *args], callee[2])
    raise QueryError("只能调用函数或方法")


def _apply(fn: Any, args: list, name: str) -> Any:
    try:
        return fn(*args)
    except TypeError as e:
        raise QueryError(f"{name}() 的参数不对") from e


def get(value: Any, attr: str) -> Any:
    """``value.attr``: a property of a note, a field of a dict, a part of a date."""
    if value is None:
        return None
    getter = getattr(value, "field", None)
    if getter is not None:
        return getter(attr)
    if isinstance(value, dict):
        if attr in value:
            return value[attr]
        lowered = attr.lower()
        return next((v for k, v in value.items() if str(k).lower() == lowered), None)
    if isinstance(value, date) and attr in ("year", "month", "day"):
        return getattr(value, attr)
    if isinstance(value, (str, list, tuple)) and attr == "length":
        return len(value)
    if isinstance(value, Duration) and attr == "days":
        return value.delta.days
    return None
