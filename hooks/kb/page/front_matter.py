"""A page's front matter as our reader read it, where MkDocs' differs.

MkDocs reads front matter again for each page (``mkdocs.utils.meta.get_data``).
On an impossible date (``date: 2024-02-30``) PyYAML raises ValueError, and
MkDocs then keeps the whole block as the page's text, shown as a rule and a
paragraph, with no meta at all. A key our reader dropped (an alias bomb,
``kb/parse/yaml_safe.py``) MkDocs keeps, unexpanded, for any plugin to walk.
The page gets the note's body and meta instead; the problems were reported
when the note was parsed.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..model import Note


def as_read(page: Page, note: Note, markdown: str) -> str:
    """The page's Markdown, with ``page.meta`` made to agree with ``note.meta``."""
    if markdown != note.body and not page.meta and note.meta and markdown.endswith(note.body):
        page.meta.update(note.meta)  # MkDocs could not read the block: its split, with our data
        return note.body
    for key in [k for k in page.meta if k not in note.meta]:
        del page.meta[key]
    return markdown
