"""Web pages clipped as plain text: strip the site's chrome, restore lists and links."""

import re

from ..frontmatter import as_date
from ..markdown import trim_blank_lines
from ..names import page_name
from ..page import Page

_NAVIGATION = {"首页", "CtrlK"}
_FOOTER = {"随记", "讨论", "媒体"}
_CREATED = re.compile(r"^创建于\s*[:：]\s*(\d{4}-\d{2}-\d{2})$")
_AVATAR = re.compile(r"^(.+)的头像$")
_BULLET = re.compile(r"^[•●▪◦]\s*")
# Existing Markdown links/images and autolinks are kept; bare URLs become autolinks.
_LINK_OR_URL = re.compile(r"(?P<kept>!?\[[^\]]*\]\([^)]*\)|<https?://[^>\s]*>)|(?P<url>https?://[^\s<>()（）\[\]]+)")
_URL_TRAILING_PUNCTUATION = ".,;:!?'\"，。；：！？、"


def looks_like(text: str) -> bool:
    """Starts with the site's navigation, or carries its ``创建于:`` line."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return bool(lines) and (lines[0] in _NAVIGATION or any(_CREATED.match(line) for line in lines))


def convert(text: str, stem: str) -> list[Page]:
    """One page; title, date and author come out of the chrome, which is then dropped.

    Chrome is only peeled off the two ends of the clip, so article text that happens to
    repeat the title or say 讨论 is never lost.
    """
    lines = [line.strip() for line in text.split("\n")]
    while lines and (not lines[0] or lines[0] in _NAVIGATION):
        lines.pop(0)
    title = lines[0] if lines else stem
    chrome: list[str] = []
    while lines and _is_chrome(lines[0], title):
        chrome.append(lines.pop(0))
    while lines and _is_chrome(lines[-1], title):
        chrome.append(lines.pop())
    created = next((m.group(1) for line in chrome if (m := _CREATED.match(line))), None)
    author = next((m.group(1) for line in chrome if (m := _AVATAR.match(line))), None)
    return [
        Page(
            name=page_name(title, stem),
            title=title,
            body=trim_blank_lines("\n".join(_as_markdown(lines))),
            date=as_date(created),
            extra={"author": author} if author else {},
        )
    ]


def _is_chrome(line: str, title: str) -> bool:
    return line in {"", title} | _NAVIGATION | _FOOTER or bool(_CREATED.match(line)) or bool(_AVATAR.match(line))


def _as_markdown(lines: list[str]) -> list[str]:
    """``•`` bullets become list items (after a blank line, or Markdown would not see a list)."""
    out: list[str] = []
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            line = "- " + line[bullet.end() :]
            if out and out[-1] and not out[-1].startswith("- "):
                out.append("")
        out.append(_LINK_OR_URL.sub(_autolink, line))
    return out


def _autolink(match: re.Match[str]) -> str:
    if match.group("kept"):
        return match.group("kept")
    url = match.group("url").rstrip(_URL_TRAILING_PUNCTUATION)
    return f"<{url}>{match.group('url')[len(url) :]}"
