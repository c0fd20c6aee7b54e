"""MkDocs hook: wires MkDocs' events to the knowledge base in ``kb``.

Nothing here decides anything; each event hands over to one module.
"""

from __future__ import annotations

import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb import papers as paper_cache
from kb import vault_walk
from kb.build import Build
from kb.emit import preamble, todo_page
from kb.emit.assets import asset_files
from kb.emit.generated import PINNED as GENERATED_PAGES
from kb.emit.generated import data_files, generated_pages
from kb.emit.previews import PreviewFiles
from kb.engine import parallel, seam
from kb.engine.theme_env import MemoryBytecodeCache, use_fast_env
from kb.graph.data import DATA_URI as GRAPH_DATA_URI
from kb.graph.data import render_data as graph_data
from kb.markdown.bare_links import BareLinkExtension
from kb.markdown.block_ids import BlockIdExtension
from kb.markdown.callouts import CalloutExtension
from kb.markdown.comments import strip_comments
from kb.markdown.embeds import EmbedExtension
from kb.markdown.guard import RenderGuardExtension
from kb.markdown.images import LazyImageExtension
from kb.markdown.inline_footnotes import InlineFootnoteExtension
from kb.markdown.lists import ObsidianListsExtension
from kb.markdown.math import KbMathExtension
from kb.markdown.media import MediaExtension
from kb.markdown.obsidian_blocks import ObsidianBlocksExtension
from kb.markdown.queries import add_query_fences
from kb.markdown.quotes import QuoteDepthExtension
from kb.markdown.safe_html import SafeHtmlExtension
from kb.markdown.task_labels import TaskLabelExtension
from kb.markdown.wikilinks import WikilinkExtension
from kb.nav import arrange
from kb.nav_window import show_window
from kb.offline import use_local_shim
from kb.page import backlinks, banner, front_matter, mentions, note_dates, safe_meta, todo_marks
from kb.page.compact import compact
from kb.publish import check_address
from kb.query.pages import base_pages
from kb.search_index import Streamed, label_entries, name_our_worker, takes_over, write_for
from kb.search_terms import teach_jieba
from kb.serve import seam as serve_seam
from kb.serve.dirty import DirtyServe, describe_unbuilt, page_urls
from kb.serve.live_swap import swap_on_reload
from kb.serve.watcher import watch_changes

_serving = False
_dirty = False
_build = Build(serving=False)
_serve = DirtyServe()  # kept across `mkdocs serve --dirty` rebuilds (see kb/serve/dirty.py)
_templates = MemoryBytecodeCache()
_previews = PreviewFiles()
_own_search = False  # the published build's search answers from kb/search_index.py's shards
_search_data: Streamed | None = None  # written as the worker pool's pages come


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    seam.check(dirty=_serving and dirty)  # every private name we reach, or a fallback (kb/engine/seam.py)
    if _serving:
        serve_seam.check()
    if dirty:
        seam.quiet_dirty_warning()
    parallel.install(lambda page: setattr(_build, "page", page))  # the page a worker renders
    vault_walk.install()  # MkDocs lists docs/ without links that loop or leave it


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    return swap_on_reload(watch_changes(server, config))


@event_priority(100)  # before Material's search plugin makes its first environment
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    check_address(config)
    _build = Build(serving=_serving)  # fresh state for every (re)build
    parallel.start(config, _serving)
    use_fast_env(config.theme, _templates)
    config.markdown_extensions.extend(
        [
            KbMathExtension(),
            EmbedExtension(_build),
            CalloutExtension(),
            InlineFootnoteExtension(),
            WikilinkExtension(_build),
            BlockIdExtension(),
            LazyImageExtension(),
            BareLinkExtension(),
            ObsidianBlocksExtension(),
            ObsidianListsExtension(lambda: _build.current()[1]),
            QuoteDepthExtension(lambda: _build.current()[1]),
            TaskLabelExtension(),
            MediaExtension(_build),
            SafeHtmlExtension(_build),
            RenderGuardExtension(lambda: _build.page.file.src_uri if _build.page else None),
        ]
    )
    add_query_fences(config, lambda: _build)  # ```base, ```dataview (kb/query)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    global _own_search, _search_data
    _own_search = takes_over(config, _serving)
    _search_data = None
    _build.extra_files = use_local_shim(config)  # after Material's offline plugin set its polyfills


def on_files(files: Files, config: MkDocsConfig) -> Files:
    preamble_js = preamble.script_file(config, files)  # docs/preamble.sty: never a page
    _build.load(files, set(GENERATED_PAGES), config.docs_dir)
    for file in _build.canvas_pages(config):  # a page for each .canvas (kb/canvas)
        files.append(file)
    vault = _build.vault
    teach_jieba(vault.notes.values())
    papers = paper_cache.load(config.docs_dir)  # docs/.papers.json; the build never asks arXiv
    pages = generated_pages(vault, set(_build.files), counts_in_titles=not (_serving and _dirty), papers=papers)
    for page in [*pages, *base_pages(_build.queries)]:  # a page for each .base file (kb/query)
        file = File.generated(config, page.src_uri, content="")
        files.append(file)
        _build.files[page.src_uri] = file
        file.content_string = page.render(lambda src, file=file: _build.url_from(file, src))
        _build.generated.append(file)
        if page.stands_for_folder:
            _build.collapsed.add(page.src_uri)
    for uri, content in data_files(vault, config.site_url or "", config.site_name, _build.root_url, papers).items():
        files.append(File.generated(config, uri, content=content))
    for file in _previews.listed(config, vault, _build.files):
        files.append(file)
    for file in [*asset_files(config), preamble_js, *_build.extra_files]:
        files.append(file)
    _build.link_graph()
    files.append(File.generated(config, GRAPH_DATA_URI, content=graph_data(_build.graph, vault, _build.root_url)))
    _build.doc_files = files
    return files


def on_build_error(error: Exception) -> None:
    _serve.forget()


@event_priority(100)  # before plugins change the HTML: previews slice what a worker slices (kb/engine/parallel.py)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == todo_page.SRC_URI:
        return todo_page.fill(html, _build.vault, lambda src: _build.url_from(page.file, src))
    if note := _build.note_for(page):
        _previews.fill(note, html)
    return html


@event_priority(50)  # before Material's search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    files = _build.doc_files
    if files is not None:
        label_entries(config, files, _build.vault)  # before the dirty merge: kept entries have theirs
    if _own_search and files is not None:
        write_for(config, _search_data)
    if not _dirty or files is None:
        return
    _serve.outputs.remove_gone(files, config.site_dir)
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled:
        return
    index = search.search_index
    index.entries = _serve.search.merge(index.entries, *page_urls(files))
    seam.forget_search_merge(search)  # its own dirty merge assumes one rebuilt page
    serve_seam.write_search_from(index, _serve.search.docs_json)  # only rebuilt pages serialized again


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    page.kb_graph = None  # written: not kept for every page to the end of the build
    output = compact(output)  # the templates' indentation: a fifth of the site's HTML
    return name_our_worker(output) if _own_search else output


def _preview_of(page: Page) -> str | None:
    note = _build.note_for(page)
    return _previews.script(note, page.content) if note else None


def _keep_preview(page: Page, script: str | None) -> None:
    if script is not None:
        _previews.store(_build.note_for(page), script)


@event_priority(-100)  # last: the pages are read right after it, in worker processes (kb/engine/parallel.py)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    global _search_data
    if _dirty:  # pages are marked before MkDocs reads them, with the footer's neighbours known
        folded = {uri.rsplit("/", 1)[0] for uri in _build.collapsed}
        _serve.plan(_build.vault, files, _build.generated, folded, nav.pages)
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        describe_unbuilt(pages, _build.vault, config.plugins.get("material/tags"))
    nav = arrange(nav, _build.collapsed)
    parallel.after_render(_preview_of, _keep_preview)
    if _own_search:
        _search_data = Streamed(config, files, _build.vault)
        parallel.stream_search(_search_data.add)
    parallel.read_pages(files, _dirty)
    return nav


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    show_window(nav, page)  # a note of a folded folder shows its neighbours in the sidebar
    if note := _build.note_for(page):  # drawn after the article by theme/main.html, where the page is written
        page.kb_graph = _build.local_graph(page.file, note)
    return context


@event_priority(100)  # before the tags plugin reads page.meta["tags"]
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _build.page = page
    page.edit_url = safe_meta.safe_url(page.edit_url)  # a file name may hold a quote
    note = _build.note_for(page)
    if note is None:
        return markdown
    markdown = front_matter.as_read(page, note, markdown)  # where MkDocs' reading of it failed
    safe_meta.make_safe(note.src_uri, page.meta, config.theme.dirs)
    page.meta["tags"] = note.tags  # front matter's, in list form, and inline #tags
    # Material prints page titles as markup (nav, header, <title>, listings).
    page.meta["title"] = html.escape(note.title, quote=False)
    page.meta.update(note_dates.meta(note))
    todo_url = _build.url_from(page.file, todo_page.SRC_URI)
    markdown = strip_comments(todo_marks.apply(note, markdown, todo_url))
    if note.draft:
        markdown = banner.with_banner(markdown)
    refs = _build.vault.backlinks.get(note.src_uri, [])
    markdown += backlinks.section(refs, lambda src: _build.url_from(page.file, src))
    named = _build.vault.mentions.get(note.src_uri, [])
    return markdown + mentions.section(named, lambda src: _build.url_from(page.file, src))
