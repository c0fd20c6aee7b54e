"""Obsidian notes: already the target format, so the body is kept exactly as written."""

from .. import frontmatter
from ..markdown import first_heading, trim_blank_lines
from ..names import page_name
from ..page import Page


def convert(text: str, stem: str) -> list[Page]:
    """One page; the title comes from front matter, else the first heading, else the file name.

    Wikilinks, embeds and links are left untouched: rewriting them would break the vault.
    """
    meta, body = frontmatter.split(text)
    meta = meta or {}
    title = str(meta.pop("title", None) or "").strip() or first_heading(body) or stem
    return [single_page(title, stem, body, meta, frontmatter.as_list(meta.pop("aliases", None)))]


def single_page(title: str, stem: str, body: str, meta: dict, aliases: list[str]) -> Page:
    """A page holding a whole source file whose front matter is ``meta``; its date and
    tags are taken from it, and the keys left over are kept."""
    return Page(
        name=page_name(title, stem),
        title=title,
        body=trim_blank_lines(body),
        date=frontmatter.as_date(meta.pop("date", None)),
        tags=frontmatter.as_list(meta.pop("tags", None)),
        aliases=aliases,
        extra=meta,
    )
