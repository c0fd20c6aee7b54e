"""Just enough Markdown structure to find headings without being fooled by code fences."""

import re

HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def outside_fences(lines: list[str], fence_re: re.Pattern[str] = _FENCE) -> list[bool]:
    """For each line, whether it is ordinary text rather than part of a fenced code block.

    A fence closes on a line of at least as many of its characters and nothing else
    (CommonMark). ``fence_re`` says where a fence may start: by default at most three
    spaces in; the raw-HTML cleaner passes one for any indentation, as SuperFences
    finds fences inside list items.
    """
    flags = []
    fence = ""
    for line in lines:
        match = fence_re.match(line)
        if fence:
            flags.append(False)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                if not line[match.end() :].strip():
                    fence = ""
        else:
            flags.append(not match)
            if match:
                fence = match.group(1)
    return flags


def first_heading(text: str) -> str | None:
    """Text of the first ATX heading of any level, whitespace collapsed; None if there is none."""
    lines = text.split("\n")
    for line, plain in zip(lines, outside_fences(lines), strict=True):
        match = HEADING.match(line) if plain else None
        if match and match.group(2).strip():
            return " ".join(match.group(2).split())
    return None


def trim_blank_lines(text: str) -> str:
    """Drop blank lines at both ends and end with exactly one newline; inner text untouched."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"
