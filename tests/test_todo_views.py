"""The TODO page's Tasks labels, and its views and filters in a browser.

Due dates are written relative to the day the test runs, so "overdue" is
tested as a reader sees it today. Without git, each item's opened date is
its Tasks created date, else the note's front matter date, else the file's
time.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import OFFLINE, build_project, make_project

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)
SOON = TODAY + timedelta(days=3)
LATER = TODAY + timedelta(days=10)

NOTES = {
    "index.md": "# 首页\n\n见[待办](todo.md)。\n",
    "丙.md": '---\ntitle: "丙 <b>粗</b>"\ndate: 2022-05-05\ntags: [训练]\n---\n\n丙的问题？TODO\n',
    "课程/甲.md": (
        "---\ndate: 2024-03-01\ntags: [训练]\n---\n# 甲\n\n"
        f"- [ ] 甲任务一 📅 {YESTERDAY} 🔽\n"
        f"- [ ] 甲任务二 [due:: {LATER}] [priority:: highest]\n\n"
        "为什么甲？TODO\n\n"
        "- [-] 甲取消 ❌ 2024-01-01\n"
        "- [x] 甲完成 ✅ 2024-01-02\n"
    ),
    "阅读/乙.md": (
        "---\ntags: [推理]\n---\n# 乙\n\n"
        "- [ ] 乙任务 ⏫️ ➕ 2023-01-01\n\n"
        "> [!question] 乙的问题\n> 细节。\n\n"
        f"- [ ] 乙任务二 📅 {SOON} (created:: 2023-06-01)\n"
    ),
}
BY_NOTE = ["丙的问题？", "甲任务一", "甲任务二", "为什么甲？", "乙任务", "乙的问题", "乙任务二"]
VIEWS = {
    "note": BY_NOTE,
    "due": ["甲任务一", "乙任务二", "甲任务二", "丙的问题？", "为什么甲？", "乙任务", "乙的问题"],
    "priority": ["甲任务二", "乙任务", "乙任务二", "丙的问题？", "为什么甲？", "乙的问题", "甲任务一"],
    "age": ["丙的问题？", "乙任务", "乙任务二", "甲任务一", "甲任务二", "为什么甲？", "乙的问题"],
}
FILTERS = {
    ("tag", "推理"): ["乙任务", "乙的问题", "乙任务二"],
    ("folder", "课程"): ["甲任务一", "甲任务二", "为什么甲？"],
    ("kind", "question"): ["乙的问题"],
    ("kind", "todo"): ["丙的问题？", "为什么甲？"],
    ("kind", "task"): ["甲任务一", "甲任务二", "乙任务", "乙任务二"],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("views"), NOTES), "--strict")[0]


def read(site: Path, url: str) -> str:
    return (site / unquote(url) / "index.html").read_text(encoding="utf-8")


def entry(text: str, item: str) -> str:
    found = re.search(rf'<li id="[^"]+" class="kb-todo-item"[^>]*><a href="[^"]+">{re.escape(item)}</a>.*?</li>', text)
    assert found, item
    return found[0]


def test_metadata_leaves_the_text_for_labels(site: Path) -> None:
    text = read(site, "todo")
    first = entry(text, "甲任务一")
    assert f'<span class="kb-label kb-due" data-due="{YESTERDAY}">截止 {YESTERDAY}</span>' in first
    assert '<span class="kb-label kb-priority-low">优先级 低</span>' in first
    assert '<span class="kb-label kb-priority-highest">优先级 最高</span>' in entry(text, "甲任务二")
    assert '<span class="kb-label kb-priority-high">优先级 高</span>' in entry(text, "乙任务")
    assert "📅" not in text and "::" not in re.sub(r"<script.*?</script>", "", text, flags=re.S)
    assert '<span class="kb-label">完成于 2024-01-02</span>' in entry(text, "甲完成")


def test_the_note_keeps_its_line_as_written(site: Path) -> None:
    text = read(site, "课程/甲")
    assert f"甲任务一 📅 {YESTERDAY} 🔽" in text
    assert f"[due:: {LATER}] [priority:: highest]" in text


def test_cancelled_items_are_folded_and_counted_apart(site: Path) -> None:
    text = read(site, "todo")
    assert "还有 <strong>7</strong> 个未解决的问题，已完成 1 个，已取消 1 个。" in text
    cancelled = text.split('<details class="kb-todo-cancelled"><summary>已取消 1 个</summary>', 1)[1]
    assert "甲取消" in cancelled.split("</details>", 1)[0]
    note = read(site, "课程/甲")
    assert re.search(r'class="kb-todo kb-todo-cancelled" id="todo-\d" href="[^"]+todo/#[^"]+"[^>]*>已取消</a>', note)


def test_each_item_carries_what_the_views_sort_and_filter_by(site: Path) -> None:
    text = read(site, "todo")
    assert re.search(r'<div class="kb-todo-views" hidden(="")?>', text)  # no buttons that do nothing without JavaScript
    first = entry(text, "甲任务一")
    for attribute in (
        'data-kind="task"',
        'data-folder="课程"',
        'data-tags="[&quot;训练&quot;]"',
        'data-priority="4"',
        f'data-due="{YESTERDAY}"',
        'data-opened="2024-03-01"',
    ):
        assert attribute in first
    assert 'data-opened="2022-05-05"' in entry(text, "丙的问题？")
    assert 'data-kind="question"' in entry(text, "乙的问题")
    assert "丙 &lt;b&gt;粗&lt;/b&gt;" in text and "<b>粗</b>" not in text


def test_todo_json_has_every_tasks_field_or_null(site: Path) -> None:
    items = {i["text"]: i for i in json.loads((site / "todo.json").read_text(encoding="utf-8"))["items"]}
    assert set(items) == {*BY_NOTE, "甲取消", "甲完成"}
    fields = ("created", "due", "scheduled", "start", "done", "priority", "recurrence")
    assert all(field in item for item in items.values() for field in fields)
    assert {k: items["甲任务二"][k] for k in fields} == {
        "created": "2024-03-01",
        "due": LATER.isoformat(),
        "scheduled": None,
        "start": None,
        "done": None,
        "priority": "highest",
        "recurrence": None,
    }
    assert (items["乙任务"]["created"], items["乙任务"]["priority"]) == ("2023-01-01", "high")
    assert (items["乙任务二"]["created"], items["乙任务二"]["due"]) == ("2023-06-01", SOON.isoformat())
    assert (items["甲取消"]["status"], items["甲取消"]["cancelled"]) == ("cancelled", "2024-01-01")
    assert items["甲完成"]["done"] == "2024-01-02"


# --- in a browser --------------------------------------------------------------------------------------------

# The open items the reader sees, in order; done and cancelled ones are folded away.
SHOWN = """() => [...document.querySelectorAll('.kb-todo-item')]
  .filter(e => e.offsetParent !== null && !e.closest('details')).map(e => e.querySelector('a').textContent)"""


@pytest.fixture(scope="module")
def hosted_views(tmp_path_factory: pytest.TempPathFactory, hosted) -> str:
    return hosted(make_project(tmp_path_factory.mktemp("views-hosted"), NOTES), "--strict")


def open_tracker(page, base: str) -> None:
    """Open the TODO page from the home page, by Material's instant navigation."""
    page.goto(base)
    page.locator(".md-nav--primary a[href$='todo/']").first.click()
    page.wait_for_url(lambda url: url.endswith("/todo/"))
    page.locator(".kb-todo-views:not([hidden])").wait_for()


@pytest.mark.browser
def test_views_and_filters_change_the_order(hosted_views: str, reader) -> None:
    r = reader(hosted_views)
    page = r.page
    open_tracker(page, hosted_views)
    assert page.evaluate(SHOWN) == BY_NOTE
    for view, order in VIEWS.items():
        page.click(f".kb-todo-views [data-view={view}]")
        assert page.evaluate(SHOWN) == order, view
        assert page.get_attribute(f".kb-todo-views [data-view={view}]", "aria-pressed") == "true"
    page.click(".kb-todo-views [data-view=note]")
    for (name, value), shown in FILTERS.items():
        page.select_option(f"select[data-filter={name}]", value)
        assert page.evaluate(SHOWN) == shown, (name, value)
        page.select_option(f"select[data-filter={name}]", "")
    # Filters and views together: the tag 训练, by due date.
    page.select_option("select[data-filter=tag]", "训练")
    page.click(".kb-todo-views [data-view=due]")
    assert page.evaluate(SHOWN) == ["甲任务一", "甲任务二", "丙的问题？", "为什么甲？"]
    page.select_option("select[data-filter=kind]", "question")
    assert page.evaluate(SHOWN) == [] and page.is_visible(".kb-todo-none")
    assert r.errors == []


@pytest.mark.browser
def test_overdue_and_age_are_counted_from_the_readers_today(hosted_views: str, reader) -> None:
    r = reader(hosted_views)
    page = r.page
    open_tracker(page, hosted_views)
    overdue = page.locator("li.kb-todo-item", has_text="甲任务一")
    assert "kb-todo-overdue" in overdue.get_attribute("class")
    assert overdue.locator(".kb-due").inner_text() == f"已逾期 · 截止 {YESTERDAY}"
    soon = page.locator("li.kb-todo-item", has_text="乙任务二")
    assert "kb-todo-overdue" not in soon.get_attribute("class")
    assert soon.locator(".kb-due").inner_text() == f"截止 {SOON}"
    age = page.locator("li.kb-todo-item", has_text="丙的问题").locator(".kb-age").inner_text()
    assert age == f"已开 {(date.today() - date(2022, 5, 5)).days} 天"
    # Back on the TODO page after leaving it, the script sets it up again.
    page.go_back()
    page.wait_for_url(lambda url: not url.endswith("/todo/"))
    page.go_forward()
    page.locator(".kb-todo-views:not([hidden])").wait_for()
    page.click(".kb-todo-views [data-view=priority]")
    assert page.evaluate(SHOWN) == VIEWS["priority"]
    assert r.errors == []


@pytest.mark.browser
def test_views_work_from_disk(tmp_path_factory: pytest.TempPathFactory, reader) -> None:
    site, _ = build_project(make_project(tmp_path_factory.mktemp("views-offline"), NOTES), env=OFFLINE)
    r = reader(site.as_uri() + "/")
    page = r.page
    page.goto((site / "todo.html").as_uri())
    page.locator(".kb-todo-views:not([hidden])").wait_for()
    page.click(".kb-todo-views [data-view=age]")
    assert page.evaluate(SHOWN) == VIEWS["age"]
    assert r.errors == []
