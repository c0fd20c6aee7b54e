"""The papers page lists every cited arXiv paper with the notes that cite it; code does not cite."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build_project, make_project


def test_papers_are_listed_by_how_many_notes_cite_them(tmp_path: Path) -> None:
    notes = {
        "index.md": "# 首页\n",
        "甲.md": "# 甲\n\n见 https://arxiv.org/abs/2001.08361 和 [Chinchilla](https://arxiv.org/pdf/2203.15556)。\n",
        "乙/<b>乙</b>.md": "---\ntitle: 乙 <b>粗</b>\n---\n\nScaling law：arxiv.org/abs/2001.08361\n\n"
        "```\ncurl https://arxiv.org/abs/1706.03762\n```\n\n`arxiv.org/abs/1810.04805`\n",
    }
    site, _ = build_project(make_project(tmp_path, notes), "--strict")
    page = (site / "papers" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td><a href=\"https://arxiv.org/abs/([\d.]+)\">.*?</tr>", page, re.S)
    assert rows == ["2001.08361", "2203.15556"]  # most cited first; nothing from code
    cited_twice = page.split("2001.08361", 2)[2].split("</tr>", 1)[0]
    assert "<td>2</td>" in cited_twice and "乙 &lt;b&gt;粗&lt;/b&gt;" in cited_twice and "<b>粗</b>" not in page
    assert 'href="../%E7%94%B2/"' in cited_twice
    # The navigation lists it after the other generated pages.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="papers/"[^>]*>\s*<span class="md-ellipsis">\s*论文', home)


def test_the_seed_site_shows_a_paper_two_notes_cite(built_site: Path) -> None:
    page = (built_site / "papers" / "index.html").read_text(encoding="utf-8")
    row = page.split("arxiv.org/abs/2112.11446", 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row and "9-大模型+大资料" in row and "大型语言模型修炼史" in row
