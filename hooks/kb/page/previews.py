"""A note's hover preview, sliced from its own rendered page.

The page's HTML (``on_page_content``) is read once by ``html.parser``, in time
linear in its size, and every part is collected in that one pass: the
opening, the part under each top-level heading, and each block with an
Obsidian block id. The HTML is the site's own, already escaped; it is
written back escaped. Each part keeps at most ``BUDGET`` characters of text,
cut inside text but never inside a formula or a diagram, which would not
render half written. Ids are dropped (they belong to the note's page, not to
the page showing the preview), and so are heading permalinks and scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

BUDGET = 600  # characters of text per part
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DROPPED = {"script", "style", "template"}
# Read through: a plugin that re-serializes the page (BeautifulSoup) may wrap it in these.
TRANSPARENT = {"html", "head", "body"}
ATOMIC = {"arithmatex", "kb-mermaid"}  # a formula or diagram is kept whole
HEADING_RE = re.compile(r"h[1-6]")
# The sections a note's page gains after its text (page/backlinks.py, page/mentions.py).
APPENDED_IDS = {"backlinks", "unlinked-mentions"}


@dataclass
class Preview:
    opening: str = ""
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)  # heading id → (its text, the part)
    blocks: dict[str, str] = field(default_factory=dict)


class _Part:
    """One part being collected: its markup so far and the tags it has open."""

    def __init__(self, wrap: str = "") -> None:
        self.html: list[str] = [f"<{wrap}>"] if wrap else []
        self.wrap = wrap
        self.open: list[str] = []
        self.left = BUDGET
        self.atomic_at = 0  # depth in ``open`` of the formula or diagram being copied, 0 when none
        self.full = False

    def start(self, tag: str, markup: str, atomic: bool) -> None:
        if self.left <= 0 and not self.atomic_at:
            self.close()
        if self.full:
            return
        self.html.append(markup)
        if tag not in VOID:
            self.open.append(tag)
            if atomic and not self.atomic_at:
                self.atomic_at = len(self.open)

    def end(self, tag: str) -> None:
        if self.full or tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            self.html.append(f"</{closed}>")
            if closed == tag:
                break
        if len(self.open) < self.atomic_at:
            self.atomic_at = 0
        if self.left <= 0 and not self.atomic_at:
            self.close()

    def text(self, data: str) -> None:
        if self.full:
            return
        if self.atomic_at or len(data.strip()) <= self.left:
            self.html.append(escape(data, quote=False))
            self.left -= len(data.strip())
            return
        self.html.append(escape(data[: self.left].rstrip(), quote=False) + "…")
        self.close()

    def close(self) -> None:
        self.html.extend(f"</{tag}>" for tag in reversed(self.open))
        self.open = []
        self.full = True

    def result(self) -> str:
        self.close()
        return ("".join(self.html) + (f"</{self.wrap}>" if self.wrap else "")).strip()


class _Slicer(HTMLParser):
    def __init__(self, block_ids: set[str], sections: set[str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.block_ids = block_ids
        self.wanted = sections  # heading ids to keep; None keeps every section
        self.stack: list[str] = []  # open elements of the page
        self.dropping = 0  # depth inside a dropped element
        self.opening: _Part | None = _Part()
        self.first = True  # the page's first element: a leading h1 (the title) is not its opening
        self.in_title = False
        self.sections: list[tuple[int, str, str, _Part]] = []  # level, id, heading text, part
        self.heading: tuple[int, str, list[str]] | None = None  # a top-level heading being read
        self.blocks: list[tuple[int, str, _Part]] = []  # depth, id, part
        self.result = Preview()
        self.done = False  # past the note's own text

    def parts(self) -> list[_Part]:
        found = [part for *_, part in self.sections] + [part for *_, part in self.blocks]
        return found + [self.opening] if self.opening else found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done or tag in TRANSPARENT:
            return
        void = tag in VOID
        if self.dropping or tag in DROPPED or (tag == "a" and "headerlink" in (dict(attrs).get("class") or "")):
            self.dropping += 0 if void else 1
            return
        values = dict(attrs)
        element_id = values.get("id") or ""
        top = not self.stack
        if top and HEADING_RE.fullmatch(tag):
            if element_id in APPENDED_IDS:
                self.finish()
                return
            self.start_heading(int(tag[1]), element_id)
        if top and self.first and tag == "h1":
            self.opening, self.in_title = None, True
        self.first = False
        classes = set((values.get("class") or "").split())
        markup = "<" + tag + "".join(_attr(k, v) for k, v in attrs if k != "id") + ">"
        if element_id in self.block_ids:
            self.block_ids.discard(element_id)  # the first element with the id
            self.blocks.append((len(self.stack), element_id, _Part("ul" if tag == "li" else "")))
        for part in self.parts():
            part.start(tag, markup, bool(classes & ATOMIC))
        if not void:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in VOID or tag in TRANSPARENT:
            return
        if self.dropping:
            self.dropping -= 1
            return
        if tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        for part in self.parts():
            part.end(tag)
        depth = len(self.stack)
        for block in [b for b in self.blocks if b[0] >= depth]:
            self.blocks.remove(block)
            self.result.blocks[block[1]] = block[2].result()
        if not self.stack and self.heading and HEADING_RE.fullmatch(tag):
            level, element_id, text = self.heading
            self.heading = None
            if element_id and (self.wanted is None or element_id in self.wanted):
                self.sections.append((level, element_id, "".join(text).strip(), _Part()))
        if self.in_title and not self.stack:
            self.opening, self.in_title = _Part(), False  # it starts after the title

    def handle_data(self, data: str) -> None:
        if self.done or self.dropping:
            return
        if self.heading is not None:
            self.heading[2].append(data)
        for part in self.parts():
            part.text(data)

    def start_heading(self, level: int, element_id: str) -> None:
        """A top-level heading ends the parts under headings of its level or deeper."""
        for section in [s for s in self.sections if s[0] >= level]:
            self.sections.remove(section)
            self.keep(section)
        self.heading = (level, element_id, [])

    def keep(self, section: tuple[int, str, str, _Part]) -> None:
        _, element_id, text, part = section
        self.result.sections.setdefault(element_id, (text, part.result()))
        if self.wanted is not None:
            self.wanted.discard(element_id)

    def collected(self) -> bool:
        """Every wanted part is complete: the rest of the page cannot change them."""
        return (
            self.wanted is not None
            and not self.wanted
            and not self.block_ids
            and not self.blocks
            and not self.sections
            and self.opening is not None
            and self.opening.full
        )

    def finish(self) -> None:
        if self.done:
            return
        for section in self.sections:
            self.keep(section)
        for _, element_id, part in self.blocks:
            self.result.blocks[element_id] = part.result()
        if self.opening is not None:
            self.result.opening = self.opening.result()
        self.sections, self.blocks, self.opening, self.done = [], [], None, True


def _attr(name: str, value: str | None) -> str:
    return f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'


CHUNK = 4096  # characters read between checks for an early end


def slice_page(html: str, block_ids: set[str], sections: set[str] | None = None) -> Preview:
    """The preview parts of a note's page: its opening, the blocks ``block_ids``
    names, and the sections under the headings ``sections`` names (None: all).

    Only the parts some link leads to are worth their bytes, and once they are
    complete the page is read no further: for most notes, only their opening.
    """
    slicer = _Slicer(set(block_ids), None if sections is None else set(sections))
    for start in range(0, len(html), CHUNK):
        slicer.feed(html[start : start + CHUNK])
        if slicer.collected():
            break
    else:
        slicer.close()
    slicer.finish()
    return slicer.result
