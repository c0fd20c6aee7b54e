"""An accessible name for every task's checkbox.

pymdownx.tasklist draws ``- [ ]`` as an empty ``<label>`` around a disabled
checkbox and an empty indicator, so a screen reader announces "checkbox"
with no name (Lighthouse's ``label`` audit). Each checkbox gets an
``aria-label`` that says whether the task is done; the sanitizer keeps
``aria-*`` attributes.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

OPEN, DONE = "未完成的任务", "已完成的任务"

# The checkbox as pymdownx.tasklist writes it, before any name.
CHECKBOX = re.compile(r'<input type="checkbox"((?: disabled)?)((?: checked)?)/>')


def _named(match: re.Match[str]) -> str:
    name = DONE if match.group(2) else OPEN
    return f'<input type="checkbox"{match.group(1)}{match.group(2)} aria-label="{name}"/>'


class TaskLabels(Postprocessor):
    def run(self, text: str) -> str:
        return CHECKBOX.sub(_named, text) if 'type="checkbox"' in text else text


class TaskLabelExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After raw_html (30) has put the stashed checkboxes back, before the
        # sanitizer (5).
        md.postprocessors.register(TaskLabels(md), "kb-task-labels", 28)
