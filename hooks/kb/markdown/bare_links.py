"""Bare addresses as links, read in Chinese text as Obsidian reads them.

``pymdownx.magiclink`` (in ``mkdocs.yml``) turns a bare ``https://…`` in
prose into a link. Its inline pattern runs after code, math, Markdown links
and autolinks have taken their text, so an address in code, in a formula or
already in a link stays as it is. It is written for English text, though:

* an address must follow a space or ``*_~^[('"``, so ``（https://…）`` and
  ``见https://…`` stay text. Here any character may come before it but an
  ASCII letter, digit or a character of an address (``ahttps://``,
  ``=https://`` are parts of something else).
* the address runs to the next space, so in ``（https://arxiv.org/abs/2112.11446）。``
  the ``）。`` would be part of it. Here it ends before the first non-ASCII
  punctuation mark, symbol or space (，。；：、）」】《 …, ideographic space,
  emoji), or a placeholder Python-Markdown has put in the text; Chinese
  letters in a path (``/wiki/大模型``) stay in it.
* only ``http://`` and ``https://`` addresses: Obsidian links neither
  ``www.`` without a scheme, ``ftp://``, nor e-mail addresses.

So this replaces magiclink's link pattern with one keeping its rules
otherwise (trailing ``.,:;`` and unbalanced ``)`` stay out), and removes its
e-mail pattern. Without magiclink in the configuration it does nothing.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from pymdownx.magiclink import RE_LINK_DOMAIN, MagiclinkPattern

# ``www`` never matches: magiclink's pattern reads the group, and no ``www.`` address is linked.
BARE_URL_RE = r"(?i)(?<![a-z\d_/@.:=&%#?+-])https?://(?P<www>(?!))?"


def _ends_address(c: str) -> bool:
    """Whether ``c`` ends an address: a space, non-ASCII punctuation or symbol, or a control character.

    Python-Markdown's placeholders (stashed code, a footnote's ``&nbsp;``) are
    wrapped in control characters, and are never part of the address.
    """
    return c.isspace() or not c.isprintable() or (not c.isascii() and unicodedata.category(c)[0] in "PSZ")


class BareLinkPattern(MagiclinkPattern):
    """magiclink's bare link, which may follow Chinese text and stops before Chinese punctuation."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:  # noqa: N802 (Markdown's API)
        domain = RE_LINK_DOMAIN.match(data, m.end(0))
        if domain is None or any("_" in part for part in domain.group(0).split(".")[-2:]):
            return None, None, None  # magiclink's own test, made before the path is read: a line stays linear
        end = m.end(0)
        while end < len(data) and not _ends_address(data[end]):
            end += 1
        return super().handleMatch(m, data[:end])  # the same offsets: only the tail is cut


class BareLinkExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        if "magic-link" not in md.inlinePatterns:
            return  # magiclink is not configured: bare addresses stay text
        magic = md.inlinePatterns["magic-link"]
        pattern = BareLinkPattern(BARE_URL_RE, md)
        pattern.config = magic.config  # type: ignore[attr-defined]
        md.inlinePatterns.register(pattern, "magic-link", 85)
        if "magic-mail" in md.inlinePatterns:
            md.inlinePatterns.deregister("magic-mail")
