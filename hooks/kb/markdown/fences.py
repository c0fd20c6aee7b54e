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
OPEN_RE = re.compile(r"(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# A quote marker and the one space it may take, as Python-Markdown reads it.
QUOTE_RE = re.compile(r" {0,3}> ?")


def closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes ``fence``: the same character, at least as many, at most three spaces in."""
    text = line.lstrip(" ")
    if len(line) - len(text) > 3:
        return False
    text = text.rstrip(" \t")
    return len(text) >= len(fence) and text == fence[0] * len(text)


def quote_markers(line: str, most: int | None = None) -> tuple[int, int]:
    """How many quote markers start ``line`` (at most ``most``), and where the text after them starts."""
    depth = pos = 0
    while (most is None or depth < most) and (q := QUOTE_RE.match(line, pos)):
        depth, pos = depth + 1, q.end()
    return depth, pos


def even_fences(lines: list[str]) -> list[str]:
    """The lines with each fence indented by one to three spaces read as CommonMark reads it.

    In Obsidian (CommonMark) a fence may stand one to three spaces in, as
    ``>  ```md`` does in a callout: up to that many spaces are taken off each
    line of its code, and its closing fence may stand anywhere in the first
    three columns. SuperFences only takes a fence whose every line is indented
    as its opening line, and otherwise leaves its first line as inline code.
    So each line of such a fence is given the opening line's indentation
    (after taking off what CommonMark takes off): a no-op for a fence that is
    already even, such as one inside a list item. In a quote the fence ends
    with the quote, and each line keeps its own ``>`` markers. An unclosed
    fence and the lines of other fences are left as they are; no line is
    added or removed, so line numbers still hold.

    One pass, without recursion, however deep the quotes: a closing fence is
    looked for once for each fence character, length and quote.
    """
    out = list(lines)
    # (quote depth, fence character) → the shortest fence found unclosed, and the
    # line where its quote ended: no longer fence opened before that line closes either.
    unclosed: dict[tuple[int, str], tuple[int, int]] = {}
    i = 0
    while i < len(lines):
        depth, at = quote_markers(lines[i])
        m = OPEN_RE.match(lines[i], at)
        if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
            i += 1
            continue
        fence, indent = m.group("fence"), m.group("indent")
        shortest, stop = unclosed.get((depth, fence[0]), (len(fence) + 1, -1))
        end = None
        if i >= stop or len(fence) < shortest:
            j = i + 1
            while j < len(lines):
                inside, text = quote_markers(lines[j], depth)
                if inside < depth:
                    break  # the quote ends, and the fence with it
                if closes(lines[j][text:], fence):
                    end = j
                    break
                j += 1
            if end is None:
                unclosed[(depth, fence[0])] = (min(len(fence), shortest) if i < stop else len(fence), j)
        if end is None:  # not closed: left as text, as SuperFences leaves it
            i += 1
            continue
        for k in range(i + 1, end + 1):
            if not indent:
                break  # already at the margin: SuperFences reads it as it is
            text = quote_markers(lines[k], depth)[1]
            code = lines[k][text:]
            head = code[: len(indent)]
            taken = len(code) - len(code.lstrip(" ")) if k == end else len(head) - len(head.lstrip(" "))
            if code.strip():  # the code loses up to the opening line's spaces; the closing fence all of them
                out[k] = lines[k][:text] + indent + code[taken:]
        i = end + 1
    return out
