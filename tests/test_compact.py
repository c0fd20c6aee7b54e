"""Written pages lose the templates' indentation and nothing a reader sees."""

from __future__ import annotations

from kb.page.compact import compact


def test_indentation_goes_but_line_breaks_and_preformatted_text_stay() -> None:
    html = (
        "<nav>\n      <ul>\n\n        <li>甲</li>\n      </ul>\n    </nav>\n"
        '<pre><code>def f():\n    return 1\n\n\n    # 缩进\n</code></pre>\n  <p>a\n   b</p>\n'
        "<textarea>\n  x\n</textarea>\n   <script>\n  var a = 1\n  var b = 2\n</script>"
    )
    assert compact(html) == (
        "<nav>\n<ul>\n<li>甲</li>\n</ul>\n</nav>\n"
        '<pre><code>def f():\n    return 1\n\n\n    # 缩进\n</code></pre>\n<p>a\nb</p>\n'
        "<textarea>\n  x\n</textarea>\n<script>\nvar a = 1\nvar b = 2\n</script>"
    )


def test_a_mermaid_mindmap_keeps_its_indentation() -> None:
    html = '<div>\n  <div class="kb-mermaid">mindmap\n  根\n    枝\n      叶</div>\n  </div>'
    assert compact(html) == '<div>\n<div class="kb-mermaid">mindmap\n  根\n    枝\n      叶</div>\n</div>'


def test_a_page_without_indentation_is_unchanged() -> None:
    html = '<p>一行</p>\n<pre class="x">  a\n  b</pre>'
    assert compact(html) == html
