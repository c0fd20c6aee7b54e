"""Every page the emit stage adds to the site, from the vault, in one list.

The hook only turns these into MkDocs files; each page's text comes from its
own emitter module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..papers import Paper
from ..vault import Vault
from . import feed, folder_pages, graph_page, missing_page, papers_data, papers_page, recent_page, tag_pages, todo_page

UrlOf = Callable[[str], str]  # a source path → its URL relative to the generated page

# The pages every build generates, in the order the navigation lists them, right
# after the home page (``nav.py``); then each big folder's index and each tag's page.
PINNED = (
    todo_page.SRC_URI,
    recent_page.SRC_URI,
    missing_page.SRC_URI,
    tag_pages.INDEX_URI,
    papers_page.SRC_URI,
    graph_page.SRC_URI,
)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    render: Callable[[UrlOf], str]  # the page's Markdown
    stands_for_folder: bool = False  # a big folder's index, which replaces its notes in the navigation


def generated_pages(
    vault: Vault, existing: set[str], counts_in_titles: bool, papers: dict[str, Paper] | None = None
) -> list[GeneratedPage]:
    """``existing``: the vault's files, so a folder's own index page is never replaced.
    ``counts_in_titles``: see ``todo_page.render``. ``papers``: the arXiv cache (``kb/papers.py``)."""
    render: dict[str, Callable[[UrlOf], str]] = {
        todo_page.SRC_URI: lambda _: todo_page.render(vault, count_in_title=counts_in_titles),
        recent_page.SRC_URI: lambda url_of: recent_page.render(vault, url_of),
        missing_page.SRC_URI: lambda url_of: missing_page.render(vault, url_of, count_in_title=counts_in_titles),
        tag_pages.INDEX_URI: lambda _: tag_pages.render_index(vault),
        papers_page.SRC_URI: lambda url_of: papers_page.render(vault, url_of, papers),
        graph_page.SRC_URI: lambda _: graph_page.render(len(vault.notes)),
    }
    pages = [GeneratedPage(uri, render[uri]) for uri in PINNED]
    for folder, uris in folder_pages.big_folders(vault, existing).items():
        pages.append(
            GeneratedPage(
                folder_pages.index_uri(folder),
                lambda url_of, folder=folder, uris=uris: folder_pages.render(vault, folder, uris, url_of),
                stands_for_folder=True,
            )
        )
    for tag, uris in tag_pages.notes_by_tag(vault).items():
        pages.append(
            GeneratedPage(tag_pages.tag_uri(tag), lambda _, tag=tag, uris=uris: tag_pages.render_tag(vault, tag, uris))
        )
    return pages


def data_files(
    vault: Vault, site_url: str, site_name: str, url_of: UrlOf, papers: dict[str, Paper] | None = None
) -> dict[str, str]:
    """Files that are not pages: their path and content. ``url_of`` gives a page's
    URL relative to the site's root, which the feed makes absolute with ``site_url``."""
    return {
        todo_page.JSON_URI: todo_page.render_json(vault),
        feed.URI: feed.render(vault, site_url, site_name, url_of),
        **papers_data.data_files(vault, papers or {}),
    }
