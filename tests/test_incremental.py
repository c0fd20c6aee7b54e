"""Which pages a ``serve --dirty`` rebuild must redo after an edit, from two snapshots of the vault."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import Files

from kb.emit.folder_pages import NAV_LIMIT, big_folders
from kb.parse.note import parse_note
from kb.serve.dirty import Outputs, SearchEntries
from kb.serve.plan import Snapshot, relisted, snapshot, stale_pages
from kb.vault import Vault

# A folder too big for the navigation, which lists its index page instead.
BIG = {f"大/笔记{i:02d}.md": f"# 笔记{i:02d}\n" for i in range(NAV_LIMIT + 5)}
NOTES = BIG | {
    "戊.md": "# 戊\n\n![[丙]]\n",  # embeds 丙, which embeds 甲
    "甲.md": "---\ntitle: 甲\ntags: [训练]\n---\n\n# 甲\n\n## 方法\n\n正文。\n",
    "乙.md": "# 乙\n\n见 [[甲#方法]]。\n",
    "丙.md": "# 丙\n\n![[甲]]\n",
    "丁.md": "# 丁\n\n无关。\n",
    "庚.md": "# 庚\n\n还没写的 [[新笔记]]，和 [[笔记07]]。\n",
}


def vault(notes: dict[str, str]) -> Vault:
    return Vault([parse_note(uri, text) for uri, text in notes.items()], set())


def snap(notes: dict[str, str]) -> tuple[Snapshot, Vault]:
    """The snapshot a build of ``notes`` takes; the footer's neighbours are left out here."""
    v = vault(notes)
    return snapshot(v, set(big_folders(v, set(notes))), []), v


def stale_after(edits: dict[str, str], removed: tuple[str, ...] = ()) -> set[str] | None:
    after = {uri: text for uri, text in (NOTES | edits).items() if uri not in removed}
    current, after_vault = snap(after)
    return stale_pages(snap(NOTES)[0], current, after_vault)


def test_a_new_todo_rebuilds_the_note_and_its_embedders_only() -> None:
    assert stale_after({"甲.md": NOTES["甲.md"] + "\n还有问题吗？TODO\n"}) == {"甲.md", "丙.md", "戊.md"}


def test_a_changed_heading_rebuilds_the_notes_that_link_to_it() -> None:
    edited = NOTES["甲.md"].replace("## 方法", "## 新方法")
    assert stale_after({"甲.md": edited}) == {"甲.md", "乙.md", "丙.md", "戊.md"}


def test_what_every_navigation_shows_rebuilds_everything() -> None:
    assert stale_after({"甲.md": NOTES["甲.md"].replace("title: 甲", "title: 甲二")}) is None
    assert stale_after({"己.md": "# 己\n"}) is None
    assert stale_after({}, removed=("丁.md",)) is None


def test_a_new_note_in_a_folded_folder_rebuilds_the_notes_it_links_and_that_now_reach_it() -> None:
    new = {"大/新笔记.md": "# 新笔记\n\n见 [[甲]]。\n"}
    assert stale_after(new) == {"大/新笔记.md", "甲.md", "庚.md"}


def test_a_deleted_or_retitled_note_in_a_folded_folder_rebuilds_the_notes_that_link_to_it() -> None:
    assert stale_after({}, removed=("大/笔记07.md",)) == {"庚.md"}
    retitled = {"大/笔记07.md": "---\ntitle: 第七篇\n---\n\n# 笔记07\n"}
    assert stale_after(retitled) == {"大/笔记07.md", "庚.md"}
    assert stale_after({"大/笔记08.md": "---\naliases: [新笔记]\n---\n# 笔记08\n"}) == {"大/笔记08.md", "庚.md"}


def test_a_changed_tag_rebuilds_the_note_and_the_pages_of_its_old_and_new_tags() -> None:
    edited = {"甲.md": NOTES["甲.md"].replace("[训练]", "[推理]")}
    before, after = snap(NOTES)[0], snap(NOTES | edited)[0]
    assert stale_after(edited) == {"甲.md"}  # embeds show the body, not the tags
    # 甲 has no TODO, so the TODO page's list is the same.
    assert relisted(before, after, {"甲.md"}) == {"tags/训练.md", "tags/推理.md", "tags/index.md"}
    assert relisted(before, before, {"甲.md"}) == {"tags/训练.md"}  # tags unchanged: no index


def test_the_todo_page_is_rebuilt_only_when_what_it_lists_changed() -> None:
    asked = NOTES["甲.md"] + "\n还有问题吗？TODO\n"
    before, asking = snap(NOTES)[0], snap(NOTES | {"甲.md": asked})[0]
    assert "todo.md" in relisted(before, asking, {"甲.md"})
    reworded = snap(NOTES | {"甲.md": asked.replace("正文。", "改过的正文。")})[0]
    assert "todo.md" not in relisted(asking, reworded, {"甲.md"})


def test_an_edit_elsewhere_rebuilds_the_linked_notes_whose_backlinks_change() -> None:
    assert stale_after({"丁.md": "# 丁\n\n现在提到 [[甲]]。\n"}) == {"丁.md", "甲.md"}


def test_search_keeps_entries_of_pages_not_rebuilt_and_drops_those_of_gone_or_emptied_pages() -> None:
    entries = SearchEntries()
    entry = {"location": "甲/", "title": "甲", "text": ""}
    first = [entry, {**entry, "location": "乙/#一节"}, {**entry, "location": "丙/"}]
    entries.merge(first, {"甲/", "乙/", "丙/"}, set())
    # 甲 rebuilt with new text; 乙 rebuilt with search: exclude; 丙 deleted; 丁 new.
    pages = {"甲/", "乙/", "丁/"}
    merged = entries.merge([{**entry, "text": "新"}, {**entry, "location": "丁/"}], pages, pages)
    assert [(e["location"], e["text"]) for e in merged] == [("丁/", ""), ("甲/", "新")]


def test_outputs_of_gone_files_are_deleted_and_never_written_ones_ignored(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "甲").mkdir(parents=True)
    (site / "甲" / "index.html").write_text("旧", encoding="utf-8")
    outputs = Outputs({str(site / "甲" / "index.html"), str(site / ".obsidian" / "app.json")})
    outputs.remove_gone(Files([]), str(site))
    assert not (site / "甲").exists() and site.is_dir()


def test_a_deleted_note_relists_its_tags() -> None:
    before, after = snap(NOTES)[0], snap({k: v for k, v in NOTES.items() if k != "甲.md"})[0]
    assert relisted(before, after, set()) == {"tags/训练.md", "tags/index.md"}
