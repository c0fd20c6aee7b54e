"""Queries: Obsidian Bases and Dataview, evaluated at build time over published notes only."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from conftest import build_project, make_project

from kb.model import Note, Todo
from kb.query import bases, dataview
from kb.query.expr import QueryError, evaluate, parse
from kb.query.fields import Index, NoteScope, inline_fields
from kb.query.render import render
from kb.vault import Vault

CANARY = "KANARIE-draft-7Q"


def _note(path: str, title: str | None = None, body: str = "", tags=(), links=(), todos=(), **meta) -> Note:
    from kb.model import Link

    stem = path.rsplit("/", 1)[-1][:-3]
    return Note(
        path,
        title or stem,
        dict(meta),
        body,
        1,
        tags=list(tags),
        links=[Link(t, "", None, False, "wiki", 1, "") for t in links],
        todos=list(todos),
    )


def _todo(text: str, status: str = "open", due: date | None = None, n: int = 1) -> Todo:
    from kb.model import TaskMeta

    return Todo(text, status, "task", 3, "", "", f"todo-{n}", 0, 0, TaskMeta(due=due))  # type: ignore[arg-type]


@pytest.fixture
def index() -> Index:
    notes = [
        _note("papers/attention.md", "Attention", tags=["paper"], year=2017, status="已读", venue="NeurIPS"),
        _note(
            "papers/bert.md",
            "BERT",
            tags=["paper", "nlp"],
            year=2019,
            status="在读",
            venue="NAACL",
            links=["attention"],
        ),
        _note("papers/gpt3.md", "GPT-3", tags=["paper/llm"], year=2020, status="已读", venue="NeurIPS", links=["bert"]),
        _note("papers/lora.md", "LoRA", body="rating:: 5\n- [ ] reproduce", tags=["paper"], year=2021, status="想读"),
        _note(
            "notes/reading.md",
            "Reading",
            links=["attention", "lora"],
            todos=[_todo("读 BERT", due=date(2024, 1, 2)), _todo("读完", "done", n=2)],
        ),
    ]
    return Index(Vault(notes, set()))


def _names(result) -> list[str]:
    return [row.note.stem for _, rows in result.groups for row in rows]


def _eval(text: str, index: Index, path: str = "papers/bert.md"):
    return evaluate(parse(text), NoteScope(index.vault.notes[path], index, dataview=False))


# The expression language


def test_literals_and_arithmetic(index):
    assert _eval("1 + 2 * 3", index) == 7
    assert _eval("(1 + 2) * 3", index) == 9
    assert _eval("'a' + 1", index) == "a1"
    assert _eval("year - 2000", index) == 19
    assert _eval('if(year > 2018, "新", "旧")', index) == "新"
    assert _eval("!(year == 2019) || false", index) is False
    assert _eval("year >= 2019 && year <= 2019 and status == '在读'", index) is True


def test_file_functions(index):
    assert _eval('file.hasTag("paper")', index) is True
    assert _eval('file.hasTag("llm")', index) is False
    assert _eval('file.hasTag("paper")', index, "papers/gpt3.md") is True  # nested tags count
    assert _eval('file.inFolder("papers")', index) is True
    assert _eval('file.hasLink("attention")', index) is True
    assert _eval('file.name + "/" + file.folder', index) == "bert/papers"
    assert _eval("file.tags", index) == ["paper", "nlp"]
    assert _eval("file.mtime", index) is None  # no dates set in this unit vault


def test_dates_and_durations(index):
    assert _eval('date("2024-01-02") + dur("3 days")', index) == date(2024, 1, 5)
    assert _eval('date("2024-01-02") < date("2024-02-01")', index) is True
    assert _eval('contains(file.tags, "nlp")', index) is True


@pytest.mark.parametrize("bad", ["1 +", "year ==", "foo(1)", "(1", "a b", "file.nope"])
def test_bad_expressions(index, bad):
    with pytest.raises(QueryError):
        _eval(bad, index)


def test_inline_fields_outside_code():
    body = "rating:: 5\n- status:: 读完\n[venue:: ICML] and (pages:: 12)\n```\nhidden:: yes\n```"
    assert inline_fields(body) == {"rating": 5, "status": "读完", "venue": "ICML", "pages": 12}


# Bases

BASE = """
filters:
  and:
    - file.hasTag("paper")
    - or:
        - 'year >= 2019'
        - status == "已读"
formulas:
  age: '2025 - year'
  label: 'if(formula.age > 5, "经典", "新作") + "·" + venue'
properties:
  note.year:
    displayName: 年份
  formula.age:
    displayName: 年龄
views:
  - type: table
    name: 按年份
    order: [file.name, year, formula.age, formula.label]
    sort:
      - property: year
        direction: DESC
  - type: list
    name: 已读
    filters: status == "已读"
    order: [file.name, venue]
  - type: cards
    name: 分组
    groupBy:
      property: status
      direction: ASC
    sort:
      - property: venue
        direction: ASC
      - property: file.name
        direction: DESC
    limit: 3
    order: [file.name, year]
"""


def test_base_table_filters_formulas_sort(index):
    base = bases.load(BASE)
    result = bases.run(base, base.view("按年份"), index)
    assert _names(result) == ["lora", "gpt3", "bert", "attention"]
    assert result.headers == ["文件名", "年份", "年龄", "label"]
    rows = result.groups[0][1]
    assert rows[0].cells == [2021, 4, "新作·"]  # LoRA has no venue: nothing is added
    assert rows[3].cells == [2017, 8, "经典·NeurIPS"]


def test_base_list_view_filter(index):
    base = bases.load(BASE)
    assert _names(bases.run(base, base.view("已读"), index)) == ["attention", "gpt3"]


def test_base_group_limit_and_several_sort_keys(index):
    base = bases.load(BASE)
    result = bases.run(base, base.view("分组"), index)
    # sorted by venue (empty last), then name descending; limit 3; grouped by status
    assert [(k, [r.note.stem for r in rows]) for k, rows in result.groups] == [
        ("在读", ["bert"]),
        ("已读", ["gpt3", "attention"]),
    ]
    html = render(result, lambda src: src)
    assert 'class="kb-query-card"' in html and "已读" in html


def test_base_first_view_by_default_and_not_filter(index):
    base = bases.load('filters:\n  not:\n    - file.inFolder("papers")\nviews:\n  - type: list\n')
    assert _names(bases.run(base, base.view(""), index)) == ["reading"]


@pytest.mark.parametrize(
    "bad",
    [
        "views:\n  - type: map\n",
        "formulas:\n  x: 'sqrt(2)'\n",
        "filters: 'year >'\n",
        "views: [1, 2",
        "views:\n  - type: table\n    order: [formula.missing]\n",
        "nonsense: 1\n",
    ],
)
def test_base_outside_the_subset(bad):
    with pytest.raises(QueryError):
        bases.load(bad)


# Dataview


def _dql(text: str, index: Index, host: str = "notes/reading.md"):
    return dataview.run(dataview.parse_query(text), index, index.vault.notes[host])


def test_dql_list_from_tag_where_sort(index):
    result = _dql("LIST FROM #paper WHERE year > 2017 SORT year DESC", index)
    assert _names(result) == ["lora", "gpt3", "bert"]


def test_dql_table_columns_without_id_limit(index):
    result = _dql(
        'TABLE WITHOUT ID file.link AS "论文", year AS 年份, venue\nFROM "papers"\nSORT year ASC\nLIMIT 2', index
    )
    assert result.headers == ["论文", "年份", "venue"]
    assert not result.link_first
    assert [row.cells[1:] for _, rows in result.groups for row in rows] == [[2017, "NeurIPS"], [2019, "NAACL"]]


def test_dql_from_links_outgoing_and_negation(index):
    assert sorted(_names(_dql("LIST FROM [[attention]]", index))) == ["bert", "reading"]
    assert _names(_dql("LIST FROM outgoing([[reading]])", index)) == ["attention", "lora"]
    assert _names(_dql('LIST FROM #paper and -"papers/lora"', index)) == ["attention", "bert", "gpt3"]
    assert _names(_dql('LIST FROM (#nlp or #paper/llm) and "papers"', index)) == ["bert", "gpt3"]


def test_dql_group_by_and_inline_fields(index):
    result = _dql("LIST rating FROM #paper WHERE rating >= 5", index)
    assert _names(result) == ["lora"] and result.groups[0][1][0].cells == [5]
    grouped = _dql("TABLE year FROM #paper GROUP BY status SORT key DESC", index)
    assert [k for k, _ in grouped.groups] == ["想读", "已读", "在读"]  # by code point, descending


def test_dql_task(index):
    result = _dql("TASK WHERE !completed", index)
    assert [row.task.text for _, rows in result.groups for row in rows] == ["读 BERT"]
    result = _dql('TASK FROM "notes" WHERE due < date("2024-06-01") SORT text', index)
    assert len(result.groups[0][1]) == 1


@pytest.mark.parametrize(
    "bad", ["CALENDAR file.day", "LIST FROM #a FLATTEN x", "LIST WHERE", "TABLE a,, b", "LIST LIMIT x", "FOO"]
)
def test_dql_outside_the_subset(index, bad):
    with pytest.raises(QueryError):
        _dql(bad, index)


def test_rendering_escapes_everything(index):
    note = index.vault.notes["papers/bert.md"]
    note.meta["venue"] = '<img src=x onerror="alert(1)">'
    note.title = "<b>BERT</b>"
    html = render(_dql('TABLE venue FROM "papers/bert"', index), lambda src: src)
    assert "<img" not in html and "<b>" not in html and "&lt;img" in html


def test_empty_result_says_so(index):
    assert "没有符合条件的笔记" in render(_dql("LIST FROM #nothing", index), lambda s: s)


# A real build

VAULT = {
    "index.md": "# 首页\n\n全部论文见 [[论文.base]]。\n",
    "papers/attention.md": "---\ntags: [paper]\nyear: 2017\nstatus: 已读\nvenue: NeurIPS\n---\n# Attention\n\n正文。\n",
    "papers/bert.md": "---\ntags: [paper]\nyear: 2019\nstatus: 在读\nvenue: NAACL\n---\n# BERT\n\n"
    "- [ ] 复现 BERT 📅 2024-03-01\n",
    "papers/gpt3.md": "---\ntags: [paper]\nyear: 2020\nstatus: 已读\nvenue: NeurIPS\n---\n# GPT-3\n\n"
    "- [x] 读完 GPT-3\n",
    "papers/secret.md": f"---\ntags: [paper]\ndraft: true\nyear: 2030\nstatus: 已读\nvenue: NeurIPS\n---\n"
    f"# {CANARY}\n\n- [ ] {CANARY} task\n",
    "论文.base": 'filters:\n  and:\n    - file.hasTag("paper")\nproperties:\n  note.year:\n    displayName: 年份\n'
    "views:\n  - type: table\n    name: 全部\n    order: [file.name, year, status, venue]\n"
    "    sort:\n      - property: year\n        direction: DESC\n"
    "  - type: cards\n    name: 卡片\n    order: [file.name, year, venue]\n",
    "坏.base": "views:\n  - type: map\n",
    "reading.md": "# 阅读\n\n![[论文.base]]\n\n![[论文.base#卡片]]\n\n"
    "```base\nfilters: 'status == \"已读\"'\nviews:\n  - type: list\n    order: [file.name, year]\n```\n\n"
    '```dataview\nTABLE year AS "年份", venue\nFROM #paper\nWHERE year >= 2019\nSORT year DESC\n```\n\n'
    '```dataview\nLIST FROM "papers" SORT file.name\n```\n\n'
    "```dataview\nTASK FROM #paper\n```\n\n"
    "```dataview\nLIST FROM #paper WHERE year > \n```\n\n"
    "```dataviewjs\ndv.list([1])\n```\n\n"
    "```python\n# ```dataview is only text here\nprint(1)\n```\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    project = make_project(tmp_path_factory.mktemp("queries"), VAULT)
    return build_project(project)


def _text(path: Path) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_build_renders_every_query(built):
    site, log = built
    html = (site / "reading" / "index.html").read_text(encoding="utf-8")
    tables = re.findall(r'<div class="kb-query kb-query-(\w+)" data-rows="(\d+)"', html)
    assert tables == [("table", "3"), ("cards", "3"), ("list", "2"), ("table", "2"), ("list", "3"), ("task", "2")]
    first = html[html.index("kb-query-table") :]
    assert re.findall(r'class="kb-query-link" href="([^"]+)"', first)[:3] == [
        "../papers/gpt3/",
        "../papers/bert/",
        "../papers/attention/",
    ]
    assert '<th scope="col">年份</th>' in first
    assert "查询无法显示" in html  # the broken WHERE
    assert re.search(r"reading\.md:\d+: 查询无法显示", log), log
    assert "dataviewjs 查询不在网站上运行" in html and "dv.list([1])" in html
    assert "# ```dataview is only text here" in unescape(html)  # another code block is left alone


def test_base_file_is_a_page_with_every_view(built):
    site, _ = built
    page = site / "论文.base" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert html.count('class="kb-query kb-query-') == 2
    assert "全部" in html and "卡片" in html
    assert not (site / "论文.base").is_file()


def test_a_link_to_a_base_leads_to_its_page_and_is_not_missing(built):
    site, _ = built
    assert 'href="%E8%AE%BA%E6%96%87.base/"' in (site / "index.html").read_text(encoding="utf-8")
    assert "论文.base" not in _text(site / "to-write" / "index.html")


def test_a_base_outside_the_subset_shows_a_notice(built):
    site, log = built
    assert "坏.base:1: 查询无法显示：不支持的视图类型 map" in log
    assert "查询无法显示" in (site / "坏.base" / "index.html").read_text(encoding="utf-8")


def test_draft_appears_nowhere(built):
    site, _ = built
    for path in site.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
    html = (site / "reading" / "index.html").read_text(encoding="utf-8")
    assert "2030" not in _text(site / "reading" / "index.html")
    assert "secret" not in html


def test_browser_sees_the_rows(built, serve, reader):
    site, _ = built
    url = serve(site)
    tab = reader(url)
    page = tab.page
    page.goto(url + "reading/")
    table = page.locator(".kb-query-table table").first
    table.wait_for(state="visible")
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator("td").nth(0).inner_text() == "GPT-3"
    assert page.locator(".kb-query-card").first.is_visible()


def test_dirty_serve_rebuilds_pages_whose_results_change(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT

    project = make_project(tmp_path / "project", VAULT)
    steps = [
        {"write": {"papers/llama.md": "---\ntags: [paper]\nyear: 2023\nstatus: 想读\nvenue: arXiv\n---\n# LLaMA\n"}},
        {"write": {"papers/bert.md": "---\ntags: [paper]\nyear: 2018\nstatus: 已读\nvenue: NAACL\n---\n# BERT\n"}},
    ]
    (tmp_path / "steps.json").write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, str(ROOT / "tests" / "serve_builds.py"), str(project), str(tmp_path / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([*cmd, str(tmp_path / "steps.json")], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reading = _text(tmp_path / "site" / "reading" / "index.html")
    assert "LLaMA" in reading and "2023" in reading
    assert "2018" in reading and "2019" not in reading
    assert "LLaMA" in _text(tmp_path / "site" / "论文.base" / "index.html")
