"""Obsidian callouts as Material admonitions.

``> [!tip] 自定义标题`` becomes ``!!! tip "自定义标题"``; ``> [!faq]-`` and
``> [!faq]+`` become pymdownx.details' ``???`` and ``???+``. The quote's body
is indented under it, so lists, code, math, tables, images, wikilinks and
nested callouts inside are parsed as usual. Types are case-insensitive and
Obsidian's aliases share one style; an unknown type gets the note style.
Runs before fenced code is stashed, so fences inside callouts still parse,
and skips fenced blocks of its own, so a ``> [!note]`` in code stays text.
A fence one to three spaces in (``>  ```md``) is first evened out
(``fences.even_fences``), in callouts, quotes and the note alike, so it is
a code block as in Obsidian.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .fences import FenceTracker, even_fences

CALLOUT_RE = re.compile(r"^(?P<indent> {0,3})> ?\[!(?P<type>[^\]\s]+)\](?P<fold>[+-]?)[ \t]*(?P<title>.*)$")
QUOTE_RE = re.compile(r"^(?P<indent> {0,3})>(?: |$)?")

# Obsidian's aliases → Material's admonition types.
ALIASES = {
    "summary": "abstract",
    "tldr": "abstract",
    "abstract": "abstract",
    "info": "info",
    "todo": "todo",
    "tip": "tip",
    "hint": "tip",
    "important": "tip",
    "success": "success",
    "check": "success",
    "done": "success",
    "question": "question",
    "help": "question",
    "faq": "question",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "failure": "failure",
    "fail": "failure",
    "missing": "failure",
    "danger": "danger",
    "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote",
    "cite": "quote",
    "note": "note",
}
# Shown when a callout has no title of its own.
TITLES = {
    "abstract": "摘要",
    "info": "信息",
    "todo": "待办",
    "tip": "提示",
    "success": "成功",
    "question": "问题",
    "warning": "注意",
    "failure": "失败",
    "danger": "危险",
    "bug": "缺陷",
    "example": "示例",
    "quote": "引用",
    "note": "笔记",
}


def admonition_type(name: str) -> str:
    return ALIASES.get(name.lower(), "note")


def convert(lines: list[str]) -> list[str]:
    """Rewrite every callout in ``lines``; nested ones through recursion."""
    out: list[str] = []
    i = 0
    fences = FenceTracker()
    while i < len(lines):
        line = lines[i]
        head = None if fences.inside(line) else CALLOUT_RE.match(line)
        if not head:
            out.append(line)
            i += 1
            continue
        body: list[str] = []
        i += 1
        while i < len(lines) and (q := QUOTE_RE.match(lines[i])):
            body.append(lines[i][q.end() :])
            i += 1
        kind = admonition_type(head.group("type"))
        title = head.group("title").strip() or TITLES[kind]
        marker = {"-": "???", "+": "???+"}.get(head.group("fold"), "!!!")
        indent = head.group("indent")
        out += ["", f'{indent}{marker} {kind} "{title}"']
        out += [f"{indent}    {b}" if b.strip() else "" for b in convert(body)]
        out.append("")
    return out


class CalloutPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return convert(even_fences(lines))


class CalloutExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After embeds (28) so embedded callouts convert too; before fenced code (25).
        md.preprocessors.register(CalloutPreprocessor(md), "kb-callouts", 27)
