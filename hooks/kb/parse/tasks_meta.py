"""Obsidian Tasks metadata on a task line, in both of the plugin's formats.

Emoji (``📅 2024-07-01 ⏫``) and Dataview (``[due:: 2024-07-01]``, also in round
brackets). The fields leave the item's text, so the TODO page can show them
as labels and sort by them; the note keeps its line as written.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import TaskMeta

DATE_FIELDS = ("due", "scheduled", "start", "created", "done", "cancelled")
PRIORITIES = ("highest", "high", "medium", "low", "lowest")

# Each emoji signifier of the Tasks plugin, and the field it writes.
EMOJI_FIELDS = {
    "📅": "due",
    "📆": "due",
    "🗓": "due",
    "⏳": "scheduled",
    "⌛": "scheduled",
    "🛫": "start",
    "➕": "created",
    "✅": "done",
    "❌": "cancelled",
}
EMOJI_PRIORITY = {"🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest"}
RECURRENCE = "🔁"
VS16 = "\ufe0f"  # the emoji presentation selector some editors write after a signifier
DATAVIEW_FIELDS = {
    "due": "due",
    "scheduled": "scheduled",
    "start": "start",
    "created": "created",
    "completion": "done",
    "cancelled": "cancelled",
    "priority": "priority",
    "repeat": "recurrence",
}

_SIGNIFIERS = "".join([*EMOJI_FIELDS, *EMOJI_PRIORITY, RECURRENCE])  # one code point each
EMOJI_DATE_RE = re.compile(rf"(?P<emoji>[{''.join(EMOJI_FIELDS)}]){VS16}?[ \t]*(?P<date>\d{{4}}-\d{{2}}-\d{{2}})")
EMOJI_PRIORITY_RE = re.compile(rf"(?P<emoji>[{''.join(EMOJI_PRIORITY)}]){VS16}?")
# A recurrence rule runs until the next signifier, field, tag or the end of the line.
RECURRENCE_RE = re.compile(rf"{RECURRENCE}{VS16}?[ \t]*(?P<rule>[^{_SIGNIFIERS}\[(#]*)")
DATAVIEW_RE = re.compile(
    rf"\[(?P<key>{'|'.join(DATAVIEW_FIELDS)})::[ \t]*(?P<value>[^\]\n]*)\]"
    rf"|\((?P<key2>{'|'.join(DATAVIEW_FIELDS)})::[ \t]*(?P<value2>[^)\n]*)\)",
    re.I,
)
# A quick test whether a line may hold any field at all.
HINT_RE = re.compile(rf"[{_SIGNIFIERS}]|::")


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def split(text: str) -> tuple[str, TaskMeta]:
    """The task's text without its metadata, and the metadata.

    A field whose value is no date (``📅 someday``) stays in the text: it is not
    something the plugin would read either.
    """
    if not HINT_RE.search(text):
        return text.strip(), TaskMeta()
    found: dict[str, object] = {}

    def dataview(m: re.Match[str]) -> str:
        field = DATAVIEW_FIELDS[(m["key"] or m["key2"]).lower()]
        value = (m["value"] if m["key"] else m["value2"]).strip()
        if field in DATE_FIELDS:
            parsed: object = _date(value)
        elif field == "priority":
            parsed = value.lower() if value.lower() in PRIORITIES else None
        else:
            parsed = value or None
        if parsed is None:
            return m[0]
        found.setdefault(field, parsed)
        return " "

    def emoji_date(m: re.Match[str]) -> str:
        parsed = _date(m["date"])
        if parsed is None:
            return m[0]
        found.setdefault(EMOJI_FIELDS[m["emoji"]], parsed)
        return " "

    def priority(m: re.Match[str]) -> str:
        found.setdefault("priority", EMOJI_PRIORITY[m["emoji"]])
        return " "

    def recurrence(m: re.Match[str]) -> str:
        if rule := m["rule"].strip():
            found.setdefault("recurrence", rule)
        return " "

    text = DATAVIEW_RE.sub(dataview, text)
    text = EMOJI_DATE_RE.sub(emoji_date, text)
    text = EMOJI_PRIORITY_RE.sub(priority, text)
    text = RECURRENCE_RE.sub(recurrence, text)
    return re.sub(r"[ \t]{2,}", " ", text).strip(), TaskMeta(**found)
