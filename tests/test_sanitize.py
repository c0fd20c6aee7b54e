"""The sanitizer's allow-list, pinned: each payload removed, each safe element kept."""

from __future__ import annotations

import pytest

from kb.sanitize import clean_html, removed

PAYLOADS = {
    "<script>alert(1)</script>": ("<script", "alert"),
    '<img src="x.png" onerror="alert(1)">': ("onerror", "alert"),
    '<svg onload="alert(1)"><circle r="4"/></svg>': ("<svg", "onload"),
    '<b onmouseover="alert(1)">b</b>': ("onmouseover",),
    '<a href="javascript:alert(1)">a</a>': ("javascript:",),
    '<a href=" JaVaScRiPt:alert(1)">a</a>': ("script:",),
    '<a href="vbscript:msgbox(1)">a</a>': ("vbscript:",),
    '<iframe src="javascript:alert(1)"></iframe>': ("javascript:",),
    '<iframe src="page.html"></iframe>': ("page.html",),  # only http(s) pages are framed
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>': ("srcdoc", "alert"),
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">a</a>': ("data:",),
    '<object data="x.swf"></object>': ("<object", "x.swf"),
    '<embed src="x.swf">': ("<embed", "x.swf"),
    '<form action="https://evil.example"><input name="pw"><button>go</button></form>': ("<form", "<button", "name="),
    '<input type="text" value="x">': ('type="text"',),
    '<base href="https://evil.example/">': ("<base", "evil"),
    '<meta http-equiv="refresh" content="0;url=https://evil.example">': ("<meta", "evil"),
    '<link rel="stylesheet" href="https://evil.example/x.css">': ("<link", "evil"),
    "<style>body{display:none}</style>": ("<style", "display"),
    "<!-- 私密 -->": ("私密",),
    '<p onclick="alert(1)" style="color:red">p</p>': ("onclick",),
}

SAFE = [
    "<details><summary>展开</summary>内容</details>",
    "<kbd>Ctrl</kbd>",
    "H<sub>2</sub>O and x<sup>2</sup>",
    "<mark>高亮</mark> <u>下划线</u> <s>删除</s>",
    "a<br>b<hr>",
    '<span style="color:red">红</span>',
    '<div style="text-align:center">中</div>',
    '<p style="color:blue">段</p>',
    '<font color="red">旧式</font>',
    "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
    '<img src="https://example.com/a.png" width="300" height="200">',
    '<img src="../附件/a.png">',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<a href="https://example.com/">x</a>',
    '<a href="mailto:me@example.com">x</a>',
    '<a href="../笔记/">x</a>',
    '<a href="#标题">x</a>',
    '<audio controls src="a.mp3"></audio>',
    '<video controls><source src="v.mp4" type="video/mp4"></video>',
    '<input type="checkbox" disabled checked>',  # a task's checkbox
    '<span class="arithmatex">\\(a &lt; b\\)</span>',
    '<a class="kb-todo" id="todo-1" href="../todo/#x" data-x="1" aria-label="t">TODO</a>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_removed(payload: str) -> None:
    cleaned = clean_html(f"<p>前</p>{payload}<p>后</p>")
    for trace in PAYLOADS[payload]:
        assert trace.lower() not in cleaned.lower(), cleaned
    assert "<p>前</p>" in cleaned and "<p>后</p>" in cleaned
    assert removed(payload), payload


@pytest.mark.parametrize("html", SAFE)
def test_safe_html_is_kept(html: str) -> None:
    cleaned = clean_html(html)
    for tag in ("details", "summary", "kbd", "sub", "mark", "span", "table", "img", "a", "audio", "video", "input"):
        assert html.count(f"<{tag}") == cleaned.count(f"<{tag}"), cleaned
    for attribute in ("style", "src", "href", "width", "color", "controls", "checked", "class", "data-x"):
        assert html.count(f" {attribute}=") <= cleaned.count(f" {attribute}=") + html.count(f" {attribute} "), cleaned
    assert removed(html) == []


def test_frames_are_sandboxed_lazy_and_told_nothing() -> None:
    cleaned = clean_html('<iframe src="https://www.youtube.com/embed/x" width="560"></iframe>')
    assert 'src="https://www.youtube.com/embed/x"' in cleaned
    assert 'sandbox="' in cleaned and 'loading="lazy"' in cleaned and 'referrerpolicy="no-referrer"' in cleaned


def test_images_send_no_referrer() -> None:
    assert 'referrerpolicy="no-referrer"' in clean_html('<img src="https://cdn.nlark.com/a.png">')


def test_removed_names_what_goes() -> None:
    assert removed('<img src="x.png" onerror="alert(1)"><script>x</script><a href="javascript:x">a</a>') == [
        "<script>",
        "href=javascript:",
        "onerror=",
    ]
