"""Front matter: split it off as MkDocs does, but say where YAML is broken.

MkDocs silently drops a front matter block it cannot parse; the user then
wonders where their title went. We parse it ourselves with the same split,
so a broken block gets a message with its file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model import FALSE_WORDS, TRUE_WORDS, withholding_keys
from . import yaml_safe

# libyaml's loader, where PyYAML was built with it: a tenth of the pure-Python
# loader's time, which was two fifths of parsing a vault. Same data and marks.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The same block MkDocs' own ``get_data`` recognises.
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


@dataclass
class FrontMatter:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    problems: list[str] = field(default_factory=list)
    broken: bool = False  # a block there but unreadable: the note is withheld (fail closed)


NOT_PUBLISHED = "，这篇笔记不发布"
BOOLEAN_WORDS = TRUE_WORDS | FALSE_WORDS


def split(text: str) -> FrontMatter:
    m = YAML_RE.match(text)
    if not m:
        return FrontMatter({}, text, 1)
    rest = text[m.end() :]
    body = rest.lstrip("\n")
    body_line = text[: m.end()].count("\n") + (len(rest) - len(body)) + 1
    try:
        meta, problems = yaml_safe.load(m.group(1))  # aliases bounded, impossible dates kept as text
    except yaml.YAMLError as err:
        # Line numbers of the file: the YAML block starts on its second line.
        mark = getattr(err, "problem_mark", None)
        where = f"第 {mark.line + 2} 行" if mark else "front matter"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        start = getattr(err, "context_mark", None)
        if start and (not mark or start.line != mark.line):
            problem += f"，第 {start.line + 2} 行开始的部分没有结束"
        problem = f"{where}: front matter 不是合法的 YAML（{problem}）{NOT_PUBLISHED}"
        return FrontMatter({}, body, body_line, [problem], broken=True)
    if meta is None:  # only blank lines or comments: nothing to lose
        meta = {}
    if not isinstance(meta, dict):
        return FrontMatter({}, body, body_line, [f"第 2 行: front matter 应是键值对{NOT_PUBLISHED}"], broken=True)
    return FrontMatter(meta, body, body_line, problems + flag_problems(meta, m.group(1)))


def flag_problems(meta: dict[str, Any], block: str) -> list[str]:
    """A ``draft`` or ``publish`` value that withholds the note without being a boolean word."""
    problems = []
    for key, value in withholding_keys(meta):
        if isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in BOOLEAN_WORDS):
            continue
        found = re.search(rf"^[ \t]*['\"]?{re.escape(str(key))}['\"]?[ \t]*:", block, re.M)
        line = block.count("\n", 0, found.start()) + 2 if found else None
        where = f"第 {line} 行" if line else "front matter"
        problems.append(f"{where}: {key} 的值 {value!r} 不是 true/false{NOT_PUBLISHED}")
    return problems


def string_list(value: Any) -> list[str]:
    """A list of strings from a YAML list or a comma-separated string."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if item is not None and str(item).strip()]
