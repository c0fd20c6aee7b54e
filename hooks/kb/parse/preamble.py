"""The vault's ``preamble.sty``: its macro definitions, as MathJax's ``tex.macros`` takes them.

Obsidian's Extended MathJax plugin loads ``preamble.sty`` from the vault's root
into every note; so do we, as MathJax configuration (``emit/preamble.py``).
Read here: ``\\newcommand``, ``\\renewcommand``, ``\\providecommand`` (starred too,
with an argument count and an optional first argument's default), ``\\def`` with
plain ``#1#2…`` parameters, and ``\\DeclareMathOperator`` (``*`` puts limits
under it, as ``\\argmax``). A package's boilerplate (``\\usepackage``,
``\\ProvidesPackage``, ``\\makeatletter``…) is skipped. Anything else, a
definition MathJax cannot take (delimited ``\\def`` parameters, ``#3`` of a
two-argument macro, a macro that calls itself, unbalanced braces, an
environment), is a problem naming its line; the other definitions still apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Macro = str | list[object]  # MathJax's form: the body, or [body, n] or [body, n, default]

DEFINERS = {"newcommand", "renewcommand", "providecommand"}
# A .sty's package lines: meaningless to MathJax, harmless to skip.
BOILERPLATE = {
    "usepackage": 2,  # [options]{names}: optional, then one group
    "RequirePackage": 2,
    "ProvidesPackage": 2,
    "NeedsTeXFormat": 2,
    "makeatletter": 0,
    "makeatother": 0,
    "endinput": 0,
    "relax": 0,
}
NAME_RE = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])")
PARAM_RE = re.compile(r"(?<!#)#([1-9])")


@dataclass
class Preamble:
    macros: dict[str, Macro] = field(default_factory=dict)  # name without its backslash
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, what)


class _Bad(Exception):
    pass


def _blank_comments(text: str) -> str:
    """``%`` to the end of its line becomes spaces (``\\%`` is a percent sign); offsets are kept."""
    return re.sub(r"(?<!\\)((?:\\\\)*)%[^\n]*", lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def line(self, at: int | None = None) -> int:
        return self.text.count("\n", 0, self.i if at is None else at) + 1

    def skip_space(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def name(self) -> str:
        """``\\R`` or ``{\\R}``."""
        self.skip_space()
        if self.peek() == "{":
            inner = self.group().strip()
            if not NAME_RE.fullmatch(inner):
                raise _Bad(f"宏名应是 \\名字，而不是 {{{inner}}}")
            return inner[1:]
        m = NAME_RE.match(self.text, self.i)
        if not m:
            raise _Bad("缺少宏名")
        self.i = m.end()
        return m.group(0)[1:]

    def group(self) -> str:
        """A ``{…}`` group's text; braces escaped as ``\\{`` do not count."""
        self.skip_space()
        if self.peek() != "{":
            raise _Bad("缺少 {…}")
        start, depth, i = self.i, 0, self.i
        while i < len(self.text):
            c = self.text[i]
            if c == "\\":
                i += 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    self.i = i + 1
                    return self.text[start + 1 : i]
            i += 1
        raise _Bad("花括号没有闭合")

    def optional(self) -> str | None:
        """A ``[…]`` argument, or None."""
        save = self.i
        self.skip_space()
        if self.peek() != "[":
            self.i = save
            return None
        end = self.text.find("]", self.i)
        if end < 0:
            raise _Bad("方括号没有闭合")
        value = self.text[self.i + 1 : end]
        self.i = end + 1
        return value

    def star(self) -> bool:
        if self.peek() == "*":
            self.i += 1
            return True
        return False


def _check(name: str, body: str, count: int) -> None:
    used = [int(n) for n in PARAM_RE.findall(body)]
    if used and max(used) > count:
        raise _Bad(f"\\{name} 用了 #{max(used)}，但只有 {count} 个参数")
    if re.search(rf"\\{re.escape(name)}(?![A-Za-z])", body):
        raise _Bad(f"\\{name} 调用了它自己，MathJax 会无限展开")


def _definition(reader: _Reader, command: str) -> tuple[str, Macro]:
    if command in DEFINERS:
        reader.star()
        name = reader.name()
        count_text = reader.optional()
        default = reader.optional() if count_text is not None else None
        body = reader.group()
        if count_text is not None and not count_text.strip().isdigit():
            raise _Bad(f"\\{name} 的参数个数应是 0 到 9，而不是 [{count_text}]")
        count = int(count_text) if count_text is not None else 0
        if count > 9:
            raise _Bad(f"\\{name} 的参数个数应是 0 到 9，而不是 {count}")
        _check(name, body, count)
        if default is not None:
            return name, [body, count, default]
        return name, [body, count] if count else body
    if command == "def":
        m = NAME_RE.match(reader.text, reader.i)
        if not m:
            raise _Bad("\\def 后缺少宏名")
        name = m.group(0)[1:]
        brace = reader.text.find("{", m.end())
        params = reader.text[m.end() : brace] if brace >= 0 else ""
        if brace < 0 or re.sub(r"\s", "", params) not in {"".join(f"#{k}" for k in range(1, n + 1)) for n in range(10)}:
            raise _Bad(f"\\{name} 的参数带分隔符（{params.strip()}），MathJax 的宏配置不支持")
        reader.i = brace
        count = params.count("#")
        body = reader.group()
        _check(name, body, count)
        return name, [body, count] if count else body
    # DeclareMathOperator
    starred = reader.star()
    name = reader.name()
    text = reader.group()
    return name, f"\\operatorname{'*' if starred else ''}{{{text}}}"


def parse_preamble(text: str) -> Preamble:
    """Every definition MathJax can take, and a problem for each line it cannot."""
    preamble = Preamble()
    reader = _Reader(_blank_comments(text.replace("\r\n", "\n")))
    while True:
        reader.skip_space()
        if reader.i >= len(reader.text):
            return preamble
        start = reader.i
        line = reader.line()
        m = NAME_RE.match(reader.text, start)
        command = m.group(0)[1:] if m else ""
        try:
            if command in DEFINERS or command in ("def", "DeclareMathOperator"):
                reader.i = m.end()
                name, macro = _definition(reader, command)
                preamble.macros[name] = macro
            elif command in BOILERPLATE:
                reader.i = m.end()
                if BOILERPLATE[command]:
                    reader.optional()
                    reader.group()
                    reader.optional()  # \ProvidesPackage{x}[date]
            elif command in ("newenvironment", "renewenvironment"):
                raise _Bad(f"\\{command} 定义的环境不受支持")
            else:
                shown = reader.text[start:].split("\n", 1)[0].strip()
                raise _Bad(f"不是宏定义: {shown[:40]}")
        except _Bad as problem:
            preamble.problems.append((line, f"{problem}，已跳过"))
            end = reader.text.find("\n", max(reader.i, start + 1))
            reader.i = len(reader.text) if end < 0 else end + 1
