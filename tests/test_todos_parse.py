"""TODO parsing: which items a note holds, their text, status, section and line."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT

from kb.model import TaskMeta, Todo
from kb.parse.note import parse_note


def todos(text: str, src_uri: str = "note.md") -> list[Todo]:
    return parse_note(src_uri, text).todos


def source_line(text: str, todo: Todo) -> str:
    return text.replace("\r\n", "\n").split("\n")[todo.line - 1]


def summary(text: str) -> list[tuple[str, str, str]]:
    return [(t.kind, t.status, t.text) for t in todos(text)]


# --- the seeds ---------------------------------------------------------------------------------------------


def seed(name: str) -> tuple[str, str]:
    src_uri = f"阅读笔记/{name}"
    return src_uri, (ROOT / "docs" / src_uri).read_text(encoding="utf-8")


def test_gpt3_seed_has_three_inline_todos_and_a_list_of_three() -> None:
    src_uri, text = seed("GPT-3复现为什么失败.md")
    found = todos(text, src_uri)
    assert [t.kind for t in found] == ["inline"] * 3 + ["list"] * 3
    assert all(t.status == "open" for t in found)
    inline, listed = found[:3], found[3:]
    for todo in inline:
        line = source_line(text, todo)
        assert line.rstrip().endswith("TODO")
        assert todo.text and todo.text in line
    assert inline[2].text.endswith("为什么不能一上来就把batch size加到最大呢？")
    assert [t.text for t in listed] == ["数据多样性和质量之间的权衡", "llm的过拟合问题", "batch size问题（由小变大）"]
    for todo in listed:
        assert source_line(text, todo) == f"- {todo.text}"
        assert source_line(text, todo) != "TODO："
    assert {t.section for t in listed} == {"总结"}
    assert len({t.anchor for t in found}) == len(found)


def test_big_model_seed_tasks_have_their_heading_as_section() -> None:
    src_uri, text = seed("大模型.md")
    found = [(t.text, t.section, t.status, source_line(text, t)) for t in todos(text, src_uri)]
    assert ("todo", "Prompt", "open", "- [ ] todo") in found
    assert ("SuperNaturalInstructions", "dataset", "open", "- [ ] SuperNaturalInstructions") in found


# --- open items ----------------------------------------------------------------------------------------------


def test_trailing_todo_takes_the_question_it_ends() -> None:
    question = "为什么逐渐增加的 batch size 会有更好的效果？"
    assert summary(f"# 问题\n\n前面的话。{question}TODO\n") == [("inline", "open", question)]
    assert summary(f"前面的话。{question} TODO。后面的话。\n") == [("inline", "open", question)]


def test_a_short_question_keeps_the_sentence_before() -> None:
    assert summary("学习率预热很常见。为什么？TODO\n") == [("inline", "open", "学习率预热很常见。为什么？")]


def test_leading_todo_takes_what_follows() -> None:
    assert summary("TODO: 查一下 RoPE 的外推\n") == [("inline", "open", "查一下 RoPE 的外推")]
    assert summary("TODO：补上实验\n") == [("inline", "open", "补上实验")]


def test_todo_followed_only_by_punctuation_takes_the_sentence_before() -> None:
    assert summary("这个结论还要再核实一下TODO。\n") == [("inline", "open", "这个结论还要再核实一下")]


@pytest.mark.parametrize("intro", ["TODO：", "TODO:", "**TODO**："])
def test_each_item_of_a_list_under_a_todo_line(intro: str) -> None:
    text = f"# 计划\n\n{intro}\n- 第一\n- 第二\n1. 第三\n\n之后的段落不算。\n"
    assert summary(text) == [("list", "open", "第一"), ("list", "open", "第二"), ("list", "open", "第三")]
    assert {t.section for t in todos(text)} == {"计划"}


def test_a_task_in_a_todo_list_counts_once() -> None:
    assert summary("TODO：\n- [ ] 任务\n- 普通\n") == [("task", "open", "任务"), ("list", "open", "普通")]


def test_unchecked_task_has_the_nearest_heading_as_section() -> None:
    text = "# 笔记\n\n## 第一节\n\n- [ ] 甲\n\n### 小节\n\n* [ ] 乙\n"
    assert [(t.text, t.section, t.section_id) for t in todos(text)] == [
        ("甲", "第一节", "第一节"),
        ("乙", "小节", "小节"),
    ]


@pytest.mark.parametrize("kind", ["todo", "question", "TODO", "Question"])
def test_todo_and_question_callouts(kind: str) -> None:
    assert summary(f"> [!{kind}] 要想清楚的事\n> 细节\n") == [("callout", "open", "要想清楚的事")]
    assert summary(f"> [!{kind}]\n> 没有标题的问题\n") == [("callout", "open", "没有标题的问题")]


def test_other_callouts_are_not_todos() -> None:
    assert summary("> [!note] 笔记\n> 内容\n\n> [!tip]- 技巧\n> 内容\n") == []


def test_a_titled_callout_is_on_its_own_line() -> None:
    text = "# 笔记\n\n> [!question] 为什么要预热？\n> 也许和 Adam 有关。\n"
    (todo,) = todos(text)
    assert todo.line == 3
    assert source_line(text, todo) == "> [!question] 为什么要预热？"


# --- done items ----------------------------------------------------------------------------------------------


def test_checked_tasks_and_done_are_done() -> None:
    text = "- [x] 读完论文\n- [X] 复现\n- [ ] 写总结\n\n这个问题已经解决了。DONE\n"
    assert summary(text) == [
        ("task", "done", "读完论文"),
        ("task", "done", "复现"),
        ("task", "open", "写总结"),
        ("inline", "done", "这个问题已经解决了。"),
    ]


# --- not items -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "```\nTODO: 代码里\n- [ ] 代码里\n```\n",
        "~~~python\n# TODO 代码\n~~~\n",
        "段落\n\n    TODO: 缩进代码\n",
        "用 `TODO` 标记。\n",
        "公式 $TODO$ 不算。\n",
        "$$\nTODO\n$$\n",
        "<!-- TODO: 注释 -->\n",
        "<!--\n- [ ] 注释里的任务\n-->\n",
        "%%TODO 注释%%\n",
        "%%\n> [!todo] 注释里的 callout\n%%\n",
        "TODOS 和 myTODO 和 TODOlist 不是。\n",
    ],
)
def test_nothing_in_code_math_or_comments(text: str) -> None:
    assert summary(text) == []


def test_todo_in_a_url_or_link_target_is_not_a_todo() -> None:
    assert summary("见 [文档](https://example.com/TODO.md) 和 <https://example.com/x/TODO>。\n") == []


# --- where -------------------------------------------------------------------------------------------------


def test_lines_count_the_front_matter_and_blank_lines_after_it() -> None:
    text = (
        "---\ntitle: 行号\ntags: [a]\n---\n\n\n# 行号\n\n为什么？TODO\n\n## 节\n\n- [ ] 任务\n\n"
        "TODO：\n- 列表\n\n> [!todo] 标注\n> 内容\n\n- [x] 完成\n"
    )
    found = todos(text)
    assert [t.line for t in found] == [9, 13, 16, 18, 21]
    for todo in found:
        assert todo.text in source_line(text, todo)


def test_lines_with_crlf_line_endings() -> None:
    text = "---\r\ntitle: x\r\n---\r\n\r\n# x\r\n\r\nTODO：\r\n- 一\r\n- 二\r\n\r\n问题？TODO\r\n"
    assert [(t.text, t.line) for t in todos(text)] == [("一", 8), ("二", 9), ("问题？", 11)]


def test_every_item_has_its_own_anchor_and_its_marker_span_in_the_body() -> None:
    note = parse_note("n.md", "为什么？TODO\n\n- [ ] 甲\n\nTODO: 乙\n")
    assert [t.anchor for t in note.todos] == ["todo-1", "todo-2", "todo-3"]
    words = [note.body[t.start : t.end] for t in note.todos if t.kind == "inline"]
    assert words == ["TODO", "TODO"]


def test_todo_text_is_plain_text() -> None:
    (todo,) = todos("**为什么** [这个](x.md) 不收敛？TODO\n")
    assert todo.text == "为什么 这个 不收敛？"


def test_callout_markers_stay_inside_the_quote() -> None:
    note = parse_note("n.md", "> [!todo] 标题\n\n之后的段落\n\n> [!question]\n> 内容\n")
    titled, untitled = note.todos
    assert note.body[titled.start :].startswith("标题\n")
    assert note.body[untitled.start :].startswith("内容\n")
    assert parse_note("n.md", "> [!todo]\n\n段落\n").todos == []


def test_todo_text_keeps_raw_html_as_text() -> None:
    (todo,) = todos("为什么 <pad> token 不参与 loss 的计算呢？TODO\n")
    assert todo.text == "为什么 <pad> token 不参与 loss 的计算呢？"


# --- Obsidian Tasks metadata ---------------------------------------------------------------------------------

EMOJI_FIELDS = [
    ("📅 2024-07-01", "due"),
    ("📆 2024-07-01", "due"),
    ("🗓 2024-07-01", "due"),
    ("⏳ 2024-07-01", "scheduled"),
    ("⌛ 2024-07-01", "scheduled"),
    ("🛫 2024-07-01", "start"),
    ("➕ 2024-07-01", "created"),
    ("✅ 2024-07-01", "done"),
    ("❌ 2024-07-01", "cancelled"),
]
DATAVIEW_FIELDS = [
    ("due", "due"),
    ("scheduled", "scheduled"),
    ("start", "start"),
    ("created", "created"),
    ("completion", "done"),
    ("cancelled", "cancelled"),
]


def task(line: str) -> Todo:
    (found,) = todos(f"# 计划\n\n{line}\n")
    assert found.kind == "task"
    return found


@pytest.mark.parametrize(("written", "field"), EMOJI_FIELDS)
@pytest.mark.parametrize("selector", ["", "\ufe0f"], ids=["plain", "fe0f"])
def test_each_emoji_date_leaves_the_text(written: str, field: str, selector: str) -> None:
    emoji, day = written.split(" ")
    found = task(f"- [ ] 复现 LoRA 实验 {emoji}{selector} {day} #训练")
    assert found.text == "复现 LoRA 实验 #训练"
    assert getattr(found.task, field) == date(2024, 7, 1)
    others = {f for _, f in EMOJI_FIELDS} - {field}
    assert all(getattr(found.task, other) is None for other in others)


@pytest.mark.parametrize(("key", "field"), DATAVIEW_FIELDS)
@pytest.mark.parametrize("brackets", ["[]", "()"], ids=["square", "round"])
def test_each_dataview_date_leaves_the_text(key: str, field: str, brackets: str) -> None:
    found = task(f"- [ ] 复现 LoRA 实验 {brackets[0]}{key}:: 2024-07-01{brackets[1]} 之后")
    assert found.text == "复现 LoRA 实验 之后"
    assert getattr(found.task, field) == date(2024, 7, 1)


@pytest.mark.parametrize(
    ("emoji", "priority"),
    [("🔺", "highest"), ("⏫", "high"), ("🔼", "medium"), ("🔽", "low"), ("⏬", "lowest")],
)
@pytest.mark.parametrize("selector", ["", "\ufe0f"], ids=["plain", "fe0f"])
def test_each_emoji_priority(emoji: str, priority: str, selector: str) -> None:
    found = task(f"- [ ] 复现 LoRA 实验 📅 2024-07-01 {emoji}{selector}")
    assert (found.text, found.task.priority, found.task.due) == ("复现 LoRA 实验", priority, date(2024, 7, 1))


@pytest.mark.parametrize("priority", ["highest", "high", "medium", "low", "lowest"])
@pytest.mark.parametrize("brackets", ["[]", "()"], ids=["square", "round"])
def test_each_dataview_priority(priority: str, brackets: str) -> None:
    found = task(f"- [ ] 复现 {brackets[0]}priority:: {priority}{brackets[1]}")
    assert (found.text, found.task.priority) == ("复现", priority)


def test_recurrence_in_both_formats() -> None:
    found = task("- [ ] 周报 🔁 every week on Monday 📅 2024-07-01 #写作")
    assert found.text == "周报 #写作"
    assert (found.task.recurrence, found.task.due) == ("every week on Monday", date(2024, 7, 1))
    assert task("- [ ] 周报 🔁\ufe0f every day").task.recurrence == "every day"
    for brackets in ("[]", "()"):
        found = task(f"- [ ] 周报 {brackets[0]}repeat:: every month{brackets[1]}")
        assert (found.text, found.task.recurrence) == ("周报", "every month")


def test_a_cancelled_task_is_neither_open_nor_done() -> None:
    assert summary("- [-] 放弃的实验 ❌ 2024-03-01\n- [ ] 还要做的\n") == [
        ("task", "cancelled", "放弃的实验"),
        ("task", "open", "还要做的"),
    ]
    assert task("- [-] 放弃 [cancelled:: 2024-03-01]").task.cancelled == date(2024, 3, 1)


def test_a_line_without_metadata_has_none() -> None:
    found = task("- [ ] 普通的任务：没有日期")
    assert found.text == "普通的任务：没有日期" and found.task == TaskMeta()


def test_what_is_no_date_stays_in_the_text() -> None:
    found = task("- [ ] 以后再说 📅 someday [due:: 明天] [priority:: urgent]")
    assert found.text == "以后再说 📅 someday [due:: 明天] [priority:: urgent]"
    assert found.task == TaskMeta()


def test_metadata_only_on_tasks_and_the_note_keeps_its_line() -> None:
    text = "- [ ] 复现 📅 2024-07-01\n\n这个问题 📅 2024-07-01 要查TODO\n"
    note = parse_note("n.md", text)
    found, inline = note.todos
    assert note.body == text
    assert inline.task == TaskMeta() and "📅 2024-07-01" in inline.text
    assert source_line(text, found) == "- [ ] 复现 📅 2024-07-01"
