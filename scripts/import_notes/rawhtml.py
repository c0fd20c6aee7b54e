"""Raw HTML in imported Markdown, cleaned piece by piece with the site's sanitizer.

Only HTML is handed to the sanitizer, never Markdown text: cleaning a whole note would
escape the ``>`` of its quotes and the ``<`` of its formulas. So each tag, comment or
declaration outside code is cleaned on its own and replaced by the result, and elements
whose content the policy drops (``<script>``, ``<style>``, …) go with their content.

"Outside code" follows Python-Markdown: fenced blocks, indented code and inline code
spans stay as written (so do formulas), but inside a raw HTML block (a block-level tag
at the start of a line, up to its closing tag) nothing is code, so everything is cleaned.
"""

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown import Markdown

from hooks.kb.sanitize import clean_html, removed

from .markdown import outside_fences

BLOCK_LEVEL = frozenset(Markdown().block_level_elements)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Table parts are ignored by an HTML parser outside a table: clean them inside one.
_CONTEXT = {
    "td": ("<table><tr>", "</tr></table>"),
    "th": ("<table><tr>", "</tr></table>"),
    "tr": ("<table>", "</table>"),
    "thead": ("<table>", "</table>"),
    "tbody": ("<table>", "</table>"),
    "tfoot": ("<table>", "</table>"),
    "caption": ("<table>", "</table>"),
    "colgroup": ("<table>", "</table>"),
    "col": ("<table><colgroup>", "</colgroup></table>"),
}

CODE = "\x01"  # stands for a line of block code in the masked text; no piece crosses it
SPAN = "\x02"  # stands for inline code or a formula

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])(?:[ \t]|$)")
_BLOCK_START = re.compile(r"^ {0,3}<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)")
# Python-Markdown's own backtick pattern, so escaped backticks open no code span.
_BACKTICK = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))", re.DOTALL)
# The site's formulas (hooks/kb/markdown/math.py): pandoc's $…$, and mdx_math's $$…$$, \[…\], \(…\).
_DOLLAR = r"(?<![\\$])\$(?![\s$])(?:\\.|[^$\\])+?(?<![\s\\])\$(?!\d)"
_MATH = re.compile(r"(?<!\\)\$\$[^$]+\$\$|\\\[.+?\\\]|\\\(.+?\\\)|" + _DOLLAR, re.DOTALL)
# Everything a browser (or Python-Markdown's looser inline pattern) could take for HTML.
# Autolinks and e-mail autolinks are Markdown, not HTML. Quoted attribute values may hold
# ">"; if a quote never closes, the second, unquoted form still catches the tag. In a
# paragraph a tag holds no "<" (Python-Markdown escapes "a<b and <kbd>" up to "<kbd>");
# in a raw HTML block the browser reads "<img src=x <b onerror=…>" as one tag, so may we.
_AUTOLINK = r"(?!(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>)(?![^<> !]+@[^@<> ]+>)"


def _piece(lt: str) -> re.Pattern[str]:
    return re.compile(
        r"(?P<comment><!--.*?-->)"
        r"|(?P<other><[!?][^>\x01]*>)"
        r"|<(?P<close>/?)" + _AUTOLINK + r"(?P<name>[A-Za-z][^\s/<>\x01\x02]*)"
        r"(?:(?>\"[^\"\x01]*\"|'[^'\x01]*'|[^>\x01" + lt + r"]))*>"
        r"|<(?P<close2>/?)" + _AUTOLINK + r"(?P<name2>[A-Za-z][^\s/<>\x01\x02]*)[^<>\x01]*>",
        re.DOTALL,
    )


_PIECE_INLINE = _piece("<")
_PIECE_RAW = _piece("")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
# attr_list's "{: #id .class key=value }" sets attributes too: no handler, no script address.
_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n \x01\x02][^}\n\x01\x02]*)[ ]*\}")
_ATTR = re.compile(r"""(?P<key>[^\s=]+)\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s}]+)""")
_UNSAFE_VALUE = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


@dataclass
class Cleaned:
    """A body with its HTML cleaned, and what the cleaning took out (``<script>``, ``onerror=``…)."""

    body: str
    removed: list[str] = field(default_factory=list)


def sanitize(body: str) -> Cleaned:
    """Replace every raw-HTML piece of ``body`` outside code with its cleaned form."""
    if "<" not in body and "{" not in body:
        return Cleaned(body)
    masked, raw = mask_code(body)
    line_starts = [0] + [found.end() for found in re.finditer("\n", masked)]
    out: list[str] = []
    gone: dict[str, None] = {}
    position = 0
    candidate = masked.find("<")
    while candidate >= 0:
        pattern = _PIECE_RAW if raw[bisect.bisect_right(line_starts, candidate) - 1] else _PIECE_INLINE
        match = pattern.match(masked, candidate)
        if not match:
            candidate = masked.find("<", candidate + 1)
            continue
        start, end = match.span()
        piece = body[start:end]
        replacement, end = _replace(match, body, end)
        out += [body[position:start], replacement]
        if replacement != piece:
            gone.update(dict.fromkeys(_removed(match, body[start:end])))
        position = end
        candidate = masked.find("<", position)
    out.append(body[position:])
    body = "".join(out)
    if "{" in body:
        body = _clean_attr_lists(body, gone)
    return Cleaned(body, list(gone))


def _clean_attr_lists(body: str, gone: dict[str, None]) -> str:
    """Drop event handlers and script addresses from attribute lists outside code."""
    masked, _ = mask_code(body)
    edits = []
    for found in _ATTR_LIST.finditer(masked):
        for attr in _ATTR.finditer(body, found.start(1), found.end(1)):
            key, value = attr.group("key"), attr.group("value").strip("\"'")
            if key.lower().startswith("on"):
                gone[f"{key.lower()}="] = None
            elif _UNSAFE_VALUE.match(value):
                gone[f"{key.lower()}={value.split(':', 1)[0].strip().lower()}:"] = None
            else:
                continue
            edits.append(attr.span())
    for start, end in reversed(edits):
        body = body[:start] + body[end:]
    return body


def _replace(match: re.Match[str], body: str, end: int) -> tuple[str, int]:
    """The cleaned form of one piece, and where the text after it starts."""
    piece = body[match.start() : end]
    if match.group("comment") or match.group("other"):
        return clean_html(piece), end
    name = (match.group("name") or match.group("name2") or "").lower()
    closing = bool(match.group("close") or match.group("close2"))
    if not _TAG_NAME.fullmatch(name):
        return "", end  # no element of any policy, e.g. <a:b onclick=…>
    if closing:
        return (f"</{name}>" if _allowed(name) else ""), end
    if _drops_content(name):
        # The element goes with its content; a browser ends it at the first closing tag.
        close = re.compile(rf"</{name}(?=[\s/>])[^>]*>", re.IGNORECASE).search(body, end)
        return "", close.end() if close else end
    return _clean_tag(piece, name), end


def _removed(match: re.Match[str], piece: str) -> list[str]:
    """What cleaning took out of one piece; a closing tag only repeats its opening tag's loss."""
    if match.group("comment") or match.group("other"):
        return removed(piece)
    name = (match.group("name") or match.group("name2") or "").lower()
    if match.group("close") or match.group("close2"):
        return []
    if not _TAG_NAME.fullmatch(name) or _drops_content(name):
        return [f"<{name}>"]
    prefix, suffix = _CONTEXT.get(name, ("", ""))
    return removed(prefix + piece + suffix)


def _clean_tag(tag: str, name: str) -> str:
    """One opening tag as the sanitizer leaves it: "" if the element is not allowed."""
    prefix, suffix = _CONTEXT.get(name, ("", ""))
    cleaned = clean_html(prefix + tag + suffix)
    found = re.search(rf"<{name}(?=[\s/>])(?:[^>\"]|\"[^\"]*\")*>", cleaned)
    return found.group(0) if found else ""


@lru_cache(maxsize=256)
def _allowed(name: str) -> bool:
    return bool(_clean_tag(f"<{name}>", name))


@lru_cache(maxsize=256)
def _drops_content(name: str) -> bool:
    if name in VOID:
        return False
    return "x" not in clean_html(f"<{name}>x</{name}>")


def mask_code(body: str) -> tuple[str, list[bool]]:
    """``body`` with its code (and formulas) blanked out, every offset unchanged; and for
    each line, whether it belongs to a raw HTML block.

    Lines of block code become ``\\x01`` characters, inline code spans and formulas
    ``\\x02`` ones; newlines stay, so line and character positions match ``body``.
    """
    lines = body.split("\n")
    fenced = [not plain for plain in outside_fences(lines, _FENCE)]  # at any indentation
    raw = _raw_block_lines(lines, fenced)
    code = _indented_code_lines(lines, fenced, raw)
    masked = [CODE * len(line) if is_code else line for line, is_code in zip(lines, code, strict=True)]
    # Inline code and formulas live in paragraphs of ordinary text: runs of non-blank lines.
    paragraph: list[int] = []
    for index, line in enumerate([*lines, ""]):
        if index < len(lines) and line.strip() and not code[index] and not raw[index]:
            paragraph.append(index)
            continue
        if paragraph:
            first, last = paragraph[0], paragraph[-1]
            text = _mask_spans("\n".join(masked[first : last + 1]))
            masked[first : last + 1] = text.split("\n")
            paragraph = []
    return "\n".join(masked), raw


def _mask_spans(text: str) -> str:
    def blank(match: re.Match[str]) -> str:
        if match.re is _BACKTICK and not match.group(2):
            return match.group(0)  # an escaped backslash run, not code
        return re.sub(r"[^\n]", SPAN, match.group(0))

    return _MATH.sub(blank, _BACKTICK.sub(blank, text))


def _raw_block_lines(lines: list[str], fenced: list[bool]) -> list[bool]:
    """Lines of raw HTML blocks: from a block-level tag at a line's start to its closing tag.

    An unclosed block runs to the end of the note, as in Python-Markdown.
    """
    flags = [False] * len(lines)
    index = 0
    while index < len(lines):
        start = _BLOCK_START.match(lines[index]) if not fenced[index] else None
        name = start.group(1).lower() if start else ""
        if name not in BLOCK_LEVEL:
            index += 1
            continue
        end = index
        if name not in VOID:
            depth = 0
            tag = re.compile(rf"<(/?){name}(?=[\s/>]|$)", re.IGNORECASE)
            end = len(lines) - 1
            for number in range(index, len(lines)):
                if fenced[number]:
                    continue
                for found in tag.finditer(lines[number]):
                    depth += -1 if found.group(1) else 1
                if depth <= 0:
                    end = number
                    break
        for number in range(index, end + 1):
            flags[number] = not fenced[number]
        index = end + 1
    return flags


def _indented_code_lines(lines: list[str], fenced: list[bool], raw: list[bool]) -> list[bool]:
    """Fenced lines, and indented code: four spaces after a blank line, outside lists."""
    flags = []
    previous_blank, in_code, in_list = True, False, False
    for line, fence, in_raw in zip(lines, fenced, raw, strict=True):
        if fence or in_raw:
            flags.append(fence)
            previous_blank, in_code = False, False
            continue
        if not line.strip():
            flags.append(in_code)
            previous_blank = True
            continue
        indented = bool(_INDENTED.match(line))
        if indented and not in_list and (previous_blank or in_code):
            in_code = True
        else:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif not indented and previous_blank:
                in_list = False
        flags.append(in_code)
        previous_blank = False
    return flags
