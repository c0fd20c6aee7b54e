"""Which lines are inside a fenced code block, for preprocessors that run
before Python-Markdown stashes fenced code (embeds, callouts)."""

from __future__ import annotations

import re

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


class FenceTracker:
    """Fed the lines in order, says whether each is part of a fenced block."""

    def __init__(self) -> None:
        self.fence: str | None = None

    def inside(self, line: str) -> bool:
        if m := FENCE_RE.match(line):
            marker = m.group(1)
            self.fence = None if self.fence and marker.startswith(self.fence) else (self.fence or marker)
        return self.fence is not None


# A fence that CommonMark opens: at most three spaces in; a backtick fence's info has no backtick.
OPEN_RE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# A quote marker and the one space it may take, as Python-Markdown reads it.
QUOTE_RE = re.compile(r"^ {0,3}>(?: |$)?")


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes ``fence``: the same character, at least as many, at most three spaces in."""
    text = line.lstrip(" ")
    if len(line) - len(text) > 3:
        return False
    text = text.rstrip(" \t")
    return len(text) >= len(fence) and text == fence[0] * len(text)


def even_fences(lines: list[str]) -> list[str]:
    """The lines with each fence indented by one to three spaces read as CommonMark reads it.

    In Obsidian (CommonMark) a fence may stand one to three spaces in, as
    ``>  ```md`` does in a callout: up to that many spaces are taken off each
    line of its code, and its closing fence may stand anywhere in the first
    three columns. SuperFences only takes a fence whose every line is indented
    as its opening line, and otherwise leaves its first line as inline code.
    So each line of such a fence is given the opening line's indentation
    (after taking off what CommonMark takes off): a no-op for a fence that is
    already even, such as one inside a list item. Quotes are read the same way,
    level by level, each line keeping its own ``>`` markers. An unclosed fence
    and the lines of other fences are left as they are; no line is added or
    removed, so line numbers still hold.
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = OPEN_RE.match(line)
        if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
            fence, indent = m.group("fence"), m.group("indent")
            end = next((j for j in range(i + 1, len(lines)) if _closes(lines[j], fence)), None)
            if end is None:  # not closed: left as text, as SuperFences leaves it
                out.append(line)
                i += 1
                continue
            out.append(line)
            if not indent:  # already at the margin: SuperFences reads it as it is
                out += lines[i + 1 : end + 1]
                i = end + 1
                continue
            for code in lines[i + 1 : end]:
                head = code[: len(indent)]
                taken = len(head) - len(head.lstrip(" "))  # up to the opening line's spaces
                out.append(indent + code[taken:] if code.strip() else code)
            out.append(indent + lines[end].lstrip(" "))
            i = end + 1
            continue
        if QUOTE_RE.match(line):
            end = i
            while end < len(lines) and QUOTE_RE.match(lines[end]):
                end += 1
            marks = [QUOTE_RE.match(quoted).group(0) for quoted in lines[i:end]]  # type: ignore[union-attr]
            inside = even_fences([quoted[len(mark) :] for quoted, mark in zip(lines[i:end], marks, strict=True)])
            out += [mark + text for mark, text in zip(marks, inside, strict=True)]
            i = end
            continue
        out.append(line)
        i += 1
    return out
