"""The published site's search data: shards a reader loads only for the words typed.

Material's worker downloads the whole index on every first visit (23.6 MB at
2,000 notes) and builds a lunr index from it before the first answer (about
4 s). The published site instead keeps Material's search UI and answers its
worker messages from ``assets/javascripts/search_worker.js``, which fetches:

- ``search/kb/pages.json``: every page's URL, title and tags, and each of
  its sections' anchor and heading, to list results (no text);
- ``search/kb/terms/<n>.json``: the postings of the words whose first
  character falls in bucket ``n`` (code point modulo the bucket count), so a
  query loads the buckets of its own characters, and no other;
- ``search/kb/text/<page>.json``: one page's section texts, for the teasers
  of the first results only.

Not Pagefind (measured in hooks/DEVELOPING.md): its Chinese words are its own
segmenter's, which cuts 去重 into 去 and 重 and finds them apart, and it ranks
neither aliases nor tags. The words here are the ones Material's search
already cut with jieba and the vault's vocabulary (``search_terms.py``), so
the index has the same words as lunr has under ``serve`` and offline.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jieba
import material
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .engine import seam
from .vault import Vault

DATA_DIR = "search/kb"
OUR_WORKER = "javascripts/search_worker.js"  # copied with our assets (emit/assets.py)
_WORKERS = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
MATERIAL_WORKER = next(_WORKERS.glob("search.*.js")).name
TAG_RE = re.compile(r"<[^>]+>")
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits: what the worker's \p{L}\p{N} matches
HAN_RE = re.compile(r"[\u4e00-\u9fff]")
TARGET_SHARD_BYTES = 40_000  # one bucket's postings, before gzip
TITLE, ALIAS, TAG = 3, 3, 2  # field codes the worker weighs (kb search_worker.js: FIELD_WEIGHT)


def plain(markup: str) -> str:
    """Material's entry text or title without tags, entities or jieba's U+200B marks."""
    return html.unescape(TAG_RE.sub(" ", markup)).replace("\u200b", "")


def words(markup: str) -> list[str]:
    """The words of Material's segmented text, lowercased. A long Chinese word also
    counts as the dictionary words inside it (指令微调: 指令, 微调), as jieba's
    search mode cuts, so a query for a part finds the whole."""
    out: list[str] = []
    for chunk in html.unescape(TAG_RE.sub(" ", markup)).split("\u200b"):
        for word in WORD_RE.findall(chunk.lower()):
            out.append(word)
            if len(word) > 2 and HAN_RE.match(word):
                out.extend(_parts(word))
    return out


def _parts(word: str) -> list[str]:
    found = (word[i : i + n] for n in (2, 3) if len(word) > n for i in range(len(word) - n + 1))
    return [part for part in found if seam.known_word(part)]


def _ints() -> array:
    return array("i")  # 4 bytes: entry and page numbers, counts and codes stay far below 2**31


@dataclass
class SearchData:
    """Pages and postings, from Material's entries and the notes' aliases. Postings
    are arrays of machine integers: a list would hold an object per number."""

    pages: list[list[Any]] = field(default_factory=list)  # [url, title, tags, [[anchor, heading], ...]]
    postings: dict[str, array] = field(default_factory=lambda: defaultdict(_ints))  # word → [entry, count, ...]
    fields: dict[str, array] = field(default_factory=lambda: defaultdict(_ints))  # word → [page, code, ...]
    entries: int = 0

    def add_page(self, entries: list[dict[str, Any]]) -> list[str]:
        """Add one page's entries; returns its section texts, which are not kept."""
        page = len(self.pages)
        head = entries[0]
        tags, aliases = [plain(t) for t in head.get("tags") or []], head.get("aliases") or []
        url = unquote(head["location"])
        sections = [[e["location"].partition("#")[2], plain(e["title"]).strip()] for e in entries]
        self.pages.append([url, plain(head["title"]).strip(), tags, sections])
        for code, names in ((TITLE, [head["title"]]), (ALIAS, aliases), (TAG, tags)):
            # sorted: a set's order changes from process to process, and the output must not
            for word in sorted({w for name in names for w in (*words(name), *words(" ".join(jieba.cut(name))))}):
                self.fields[word].extend((page, code))
        for entry in entries:
            counts = Counter(words(entry["text"]))
            counts.update({w: 3 for w in words(entry["title"])})  # a heading weighs as three mentions
            for word, count in counts.items():
                self.postings[word].extend((self.entries, count))
            self.entries += 1
        return [plain(e["text"]).strip() for e in entries]

    def shards(self) -> tuple[int, Iterator[dict[str, Any]]]:
        """The bucket count, a power of two giving shards of about TARGET_SHARD_BYTES,
        and each bucket's postings (entry numbers as gaps) and field hits, one bucket
        at a time."""
        size = sum(len(p) * 4 + len(w) * 3 for w, p in self.postings.items())
        buckets = 1 << max(0, math.ceil(math.log2(max(1, size / TARGET_SHARD_BYTES))))
        postings: list[list[str]] = [[] for _ in range(buckets)]
        fields: list[list[str]] = [[] for _ in range(buckets)]
        for word in self.postings:
            postings[ord(word[0]) % buckets].append(word)
        for word in self.fields:
            fields[ord(word[0]) % buckets].append(word)
        return buckets, (self._shard(postings[n], fields[n]) for n in range(buckets))

    def _shard(self, posted: list[str], fielded: list[str]) -> dict[str, Any]:
        shard: dict[str, Any] = {"w": {}, "f": {}}
        for word in posted:
            flat, gaps, last = self.postings[word], [], 0
            for i in range(0, len(flat), 2):
                gaps += [flat[i] - last, flat[i + 1]]
                last = flat[i]
            shard["w"][word] = gaps
        for word in fielded:
            shard["f"][word] = self.fields[word].tolist()
        return shard


def by_page(entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Material's entries, one list per page: each page's sections follow it."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].partition("#")[0], []).append(entry)
    return list(pages.values())


class Writer:
    """The search data written as pages' entries come: each page's texts at once,
    the listing and the postings at the end (``finish``). The parallel build hands
    over each page's entries as its worker writes the page (``kb/engine/parallel.py``),
    so the build never holds every page's text."""

    def __init__(self, site_dir: str) -> None:
        seam.load_dictionary()  # its dictionary, which pages rendered in worker processes loaded there
        self.root = os.path.join(site_dir, *DATA_DIR.split("/"))
        self.data = SearchData()
        self.seen: set[str] = set()  # pages' locations: one page's entries come together

    def add(self, entries: list[dict[str, Any]]) -> None:
        for page in by_page(entries):
            location = page[0]["location"].partition("#")[0]
            assert location not in self.seen, f"search entries of {location} came apart"
            self.seen.add(location)
            n = len(self.data.pages)
            _dump(self.data.add_page(page), os.path.join(self.root, "text", f"{n}.json"))

    def finish(self) -> None:
        buckets, shards = self.data.shards()
        _dump({"buckets": buckets, "pages": self.data.pages}, os.path.join(self.root, "pages.json"))
        for n, shard in enumerate(shards):
            _dump(shard, os.path.join(self.root, "terms", f"{n}.json"))


def write(entries: list[dict[str, Any]], site_dir: str) -> None:
    """Write the search data for Material's ``entries``."""
    writer = Writer(site_dir)
    writer.add(entries)
    writer.finish()


def _dump(value: object, path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, separators=(",", ":"))


def takes_over(config: MkDocsConfig, serving: bool) -> bool:
    """Whether this build's search is ours: a published build. Under ``serve`` the
    lunr index is merged page by page (``kb/serve/dirty.py``), and the offline copy
    inlines it, since a page opened from disk cannot fetch files."""
    search = config.plugins.get("material/search")
    offline = config.plugins.get("material/offline")
    return not serving and search is not None and search.config.enabled and not (offline and offline.config.enabled)


def notes_by_url(files: Files, vault: Vault) -> dict[str, Any]:
    """Each note's page URL and the note."""
    notes = {}
    for file in files.documentation_pages():
        note = vault.notes.get(file.src_uri)
        if note is not None and file.page is not None:
            notes[file.page.url] = note
    return notes


def _label(entries: list[dict[str, Any]], notes: dict[str, Any]) -> None:
    for entry in entries:
        page, _, section = entry["location"].partition("#")
        if (note := notes.get(page)) is not None:
            if note.aliases and not section:
                entry["aliases"] = note.aliases
            if "tags" in entry:  # a section's entry has its page's tags
                entry["tags"] = [html.escape(tag) for tag in note.tags]


def label_entries(config: MkDocsConfig, files: Files, vault: Vault) -> None:
    """Give the entry of each page its note's aliases, a search field
    (``mkdocs.yml``) that lunr weighs as a title, and so do we; and its tags as
    HTML, which Material's results insert as they are (titles already are).
    Set from the model, not from the entry, so a kept entry is never escaped twice."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled:
        return
    _label(search.search_index.entries, notes_by_url(files, vault))


class Streamed(Writer):
    """Our search data for a published build, written as the parallel build's workers
    hand over each page's entries (``parallel.stream_search``), labelled as
    ``label_entries`` labels them."""

    def __init__(self, config: MkDocsConfig, files: Files, vault: Vault) -> None:
        super().__init__(config.site_dir)
        self.notes = notes_by_url(files, vault)

    def add(self, entries: list[dict[str, Any]]) -> None:
        _label(entries, self.notes)
        super().add(entries)


def write_for(config: MkDocsConfig, writer: Writer | None = None) -> None:
    """Write our data from Material's entries (after those ``writer`` took as they
    came), and leave Material's index without entries: its file is still fetched by
    every page, so it stays a few bytes."""
    index = config.plugins["material/search"].search_index
    writer = writer or Writer(config.site_dir)
    writer.add(index.entries)
    writer.finish()
    index.entries = []


def name_our_worker(output: str) -> str:
    """A page's HTML, naming our worker where Material's config names its own."""
    return output.replace(f"javascripts/workers/{MATERIAL_WORKER}", OUR_WORKER, 1)
