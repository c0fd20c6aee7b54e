"""Math: python-markdown-math parses it, we fix its dollars and its markup.

Two changes to mdx_math's output, both made where the markup is produced:

* ``$…$`` follows pandoc's rule, so ``价格 $5 和 $6`` stays text: the opening
  ``$`` has a non-space right after it, the closing one a non-space right
  before it and no digit after it.
* mdx_math emits ``<script type="math/tex">``. Material's instant navigation
  recreates inline scripts from their text alone, which runs the formula as
  JavaScript and loses it. We emit ``<span class="arithmatex">\\(…\\)</span>``
  instead (``\\[…\\]`` for display math), which MathJax typesets in place.
  It stays a ``span`` even for display math, because ``$$…$$`` may stand in
  the middle of a sentence and a ``div`` cannot live inside a paragraph.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mdx_math import InlineMathPattern, MathExtension

# pandoc's tex_math_dollars rule; a backslash escapes a dollar inside.
DOLLAR_RE = r"(?<![\\$])(\$)(?![\s$])((?:\\.|[^$\\])+?)(?<![\s\\])(\$)(?!\d)"

MATH_CLASS = "arithmatex"


class MathMarkupTreeprocessor(Treeprocessor):
    """Turn mdx_math's ``<script type="math/tex">`` into typesettable spans."""

    def run(self, root: etree.Element) -> None:
        for script in root.iter("script"):
            kind = script.get("type", "")
            if not kind.startswith("math/tex"):
                continue
            display = "mode=display" in kind
            tex = script.text or ""
            script.tag = "span"
            script.attrib.clear()
            script.set("class", MATH_CLASS)
            # \begin{…} environments are already complete display math.
            if display and not tex.lstrip().startswith("\\begin"):
                tex = f"\\[{tex}\\]"
            elif not display:
                tex = f"\\({tex}\\)"
            script.text = AtomicString(tex)


class KbMathExtension(Extension):
    """mdx_math with pandoc's dollar rule and navigation-safe markup."""

    def extendMarkdown(self, md: Markdown) -> None:
        MathExtension(enable_dollar_delimiter=True).extendMarkdown(md)
        dollar = InlineMathPattern(DOLLAR_RE)
        dollar._add_preview = False
        dollar._content_type = "math/tex"
        md.inlinePatterns.register(dollar, "math-inline-0", 185)
        # After inline patterns (20) so every formula exists, before
        # prettify and anything that reads text.
        md.treeprocessors.register(MathMarkupTreeprocessor(md), "kb-math-markup", 19)


def makeExtension(**kwargs: object) -> KbMathExtension:  # noqa: N802 (Markdown's API)
    return KbMathExtension(**kwargs)
