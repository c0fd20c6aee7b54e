"""A catch-all per note (issue 22): an unexpected exception while parsing one note,
or while rendering its page, is a warning naming the file, and the rest builds.

The real builds get their fault from a test-only hook (``FAULT``), listed after
``hooks/site.py`` in the project's mkdocs.yml: it makes the note parser raise
for a note holding ``PARSE-BOOM`` and the wikilink extension for
``[[RENDER-BOOM]]``, in this process and in the workers forked from it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pytest
from conftest import make_project, mkdocs

from kb import build as kb_build
from kb.engine.parallel import MIN_PAGES
from kb.markdown.guard import RenderGuardExtension
from kb.parse import note as parse_module

FAULT = """
import kb.parse.note as parse
from kb.markdown.wikilinks import WikilinkPattern

_find_links = parse.find_links
_handle = WikilinkPattern.handleMatch


def find_links(masked, *args):
    if "PARSE-BOOM" in masked:
        raise ValueError("解析测试 <b>炸</b>")
    return _find_links(masked, *args)


def handle(self, m, data):
    if "RENDER-BOOM" in m.group(0):
        raise RuntimeError("渲染测试 <b>炸</b>")
    return _handle(self, m, data)


parse.find_links = find_links
WikilinkPattern.handleMatch = handle
"""

NOTES = {
    "index.md": "# 首页\n\n见 [[渲染失败]]、[[解析失败]] 和 [[好的]]。\n",
    "好的.md": "# 好的\n\n正常的笔记，链接 [[渲染失败]]。\n",
    "解析失败.md": "---\ntags: [训练]\n---\n\n# 本来的标题\n\n含有 PARSE-BOOM 的正文，还在。\n",
    "解析失败草稿.md": "---\ndraft: true\n---\n\n# 草稿\n\nPARSE-BOOM 秘密正文\n",
    "解析失败坏头.md": "---\ntitle: [没有结束\n---\n\nPARSE-BOOM 不知道是不是草稿\n",
    "渲染失败.md": "# 渲染失败\n\n这里有 [[RENDER-BOOM]]，整页不显示。\n",
}


def _project(where: Path, fillers: int) -> Path:
    notes = {**NOTES, **{f"填充/n{i}.md": f"# 填充 {i}\n\n正文 {i}。\n" for i in range(fillers)}}
    project = make_project(where, notes)
    (project / "fault.py").write_text(FAULT, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:\n  - hooks/site.py\n" in config
    (project / "mkdocs.yml").write_text(
        config.replace("hooks:\n  - hooks/site.py\n", "hooks:\n  - hooks/site.py\n  - fault.py\n"), encoding="utf-8"
    )
    return project


def _check_site(site: Path, log: str) -> None:
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    named = {name: [w for w in warnings if f" {name}:" in w] for name in ("解析失败.md", "渲染失败.md")}
    assert any("ValueError: 解析测试 <b>炸</b>" in w for w in named["解析失败.md"]), log
    assert any("RuntimeError: 渲染测试 <b>炸</b>" in w for w in named["渲染失败.md"]), log
    assert any(" 解析失败草稿.md:" in w and "不发布" in w for w in warnings), log
    assert any(" 解析失败坏头.md:" in w for w in warnings), log
    for name in ("index", "好的", "填充/n0"):
        assert (site / name.removesuffix("index") / "index.html").is_file(), name
    # A parse failure with readable front matter: the text, as a plain note named by its file.
    plain = (site / "解析失败" / "index.html").read_text(encoding="utf-8")
    assert "的正文，还在" in plain and "<title>解析失败" in plain
    # One that might have been a draft is withheld, and its text is nowhere.
    for name in ("解析失败草稿", "解析失败坏头"):
        assert not (site / name).exists(), name
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".json", ".xml", ".js"}:
            text = page.read_text(encoding="utf-8", errors="replace")
            assert "秘密正文" not in text and "不知道是不是草稿" not in text, page
    # A render failure: the page is there, with the notice, escaped, instead of its content.
    failed = (site / "渲染失败" / "index.html").read_text(encoding="utf-8")
    assert "这篇笔记无法显示：RuntimeError: 渲染测试 &lt;b&gt;炸&lt;/b&gt;" in failed
    assert "整页不显示" not in failed and "<b>炸" not in failed


def test_one_process(tmp_path: Path) -> None:
    project = _project(tmp_path, 3)
    proc = mkdocs("build", "-d", str(project / "site"), cwd=project, env={"KB_WORKERS": "1"})
    _check_site(project / "site", proc.stdout + proc.stderr)


def test_workers_and_strict(tmp_path: Path) -> None:
    """In worker processes the warning is replayed here, so ``--strict`` fails on it."""
    project = _project(tmp_path, MIN_PAGES)
    proc = mkdocs("build", "-d", str(project / "site"), cwd=project, env={"KB_WORKERS": "2"})
    log = proc.stdout + proc.stderr
    assert "Rendering" in log
    _check_site(project / "site", log)
    strict = mkdocs(
        "build", "--strict", "-d", str(project / "strict"), cwd=project, check=False, env={"KB_WORKERS": "2"}
    )
    assert strict.returncode != 0 and "RuntimeError: 渲染测试" in strict.stderr


# The pieces, in this process.


@pytest.fixture
def failing_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(parse_module, "find_headings", boom)
    monkeypatch.setattr(kb_build, "_parsed", {})


@pytest.mark.usefixtures("failing_parse")
@pytest.mark.parametrize(
    "text, published",
    [
        ("# 标题\n\n正文\n", True),
        ("---\ntags: [甲]\npublish: true\n---\n正文\n", True),
        ("---\ndraft: yes\n---\n正文\n", False),
        ("---\nPublish: false\n---\n正文\n", False),
        ("---\ndraft: later\n---\n正文\n", False),
        ("---\ntitle: [坏\n---\n正文\n", False),
    ],
)
def test_a_note_that_cannot_be_parsed_is_plain_or_withheld(text: str, published: bool) -> None:
    note = kb_build.parse_cached("文件夹/坏笔记.md", text)
    assert note.title == "坏笔记" and note.meta == {} and not note.links and not note.tags
    assert note.draft is not published
    assert note.problems[-1].startswith("无法解析这篇笔记（RecursionError: maximum recursion depth exceeded）")
    assert note.body.endswith("正文\n")


def test_a_page_that_cannot_be_rendered_shows_a_notice(caplog: pytest.LogCaptureFixture) -> None:
    class Boom(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            raise ValueError("<script>" + "长" * 500)

    class BoomExtension(markdown.extensions.Extension):
        def extendMarkdown(self, md):  # noqa: N802
            md.treeprocessors.register(Boom(md), "boom", 1)

    md = markdown.Markdown(extensions=["toc", BoomExtension(), RenderGuardExtension(lambda: "坏/页面.md")])
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        html = md.convert("# 标题\n\n正文\n")
    assert html.startswith('<div class="kb-render-error" role="note"><p>这篇笔记无法显示：ValueError: &lt;script&gt;长')
    assert "<script>" not in html and "正文" not in html and len(html) < 1200
    assert md.toc_tokens == []
    assert "坏/页面.md: 这篇笔记无法显示（ValueError: <script>长" in caplog.text
    ok = markdown.Markdown(extensions=[RenderGuardExtension(lambda: None)])
    assert ok.convert("正文") == "<p>正文</p>"
