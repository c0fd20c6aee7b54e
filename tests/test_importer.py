"""Tests for ``scripts.import_notes``: the five seed notes, encodings, safety and the CLI."""

import codecs
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.import_notes import remote
from scripts.import_notes.__main__ import main
from scripts.import_notes.decode import decode
from scripts.import_notes.detect import Kind, detect_kind
from scripts.import_notes.errors import NoteImportError
from scripts.import_notes.importer import Options, import_file
from scripts.import_notes.names import MAX_LENGTH, safe_name

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "importer" / "seeds"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"

GPT3_NOTE = SEEDS / "000_1d6b17de32946dfc.txt"
LLM_NOTE = SEEDS / "001_758be49ab48c9cd2.txt"
YUQUE = SEEDS / "002_edb2893895ab4587.txt"
HUGO = SEEDS / "003_911395bc0967eee8.txt"
WEBCLIP = SEEDS / "004_d8dc3ae2a94c8679.txt"

GPT3_PAGE = "为什么所有公开的-GPT-3-复制都失败了？我们应该在哪些任务中使用-GPT-3.5ChatGPT？.md"
HUGO_PAGE = "2024-04-05-大型语言模型修炼史（第一、二阶段）.md"
WEBCLIP_CHROME = {"首页", "CtrlK", "9-大模型+大资料", "Mleon的头像", "创建于:2024-02-23"}
WEBCLIP_CHROME |= {"随记", "讨论", "媒体"}

# Long enough for charset-normalizer to tell GBK apart from Big5 and friends.
CHINESE_NOTE = """\
# 注意力机制笔记

注意力机制让模型在生成每个词的时候，都能回看输入序列中最相关的部分。
自注意力把同一序列中的每个位置两两比较，算出权重之后再对数值向量加权求和。
多头注意力把表示空间切成几份分别计算，再拼接起来，可以捕捉不同方面的关联。

- 缩放点积：除以维度的平方根，避免软最大值函数进入饱和区。
- 掩码：解码器只能看到当前位置之前的词，保证自回归生成。
"""


@pytest.fixture(autouse=True)
def offline_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from ``tmp_path`` (``--into`` must be inside the current folder), and never
    reach the network: the Yuque and web-clip seeds link images on real CDNs."""
    monkeypatch.chdir(tmp_path)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the importer tried to download an image in an offline test")

    monkeypatch.setattr(remote, "urlopen", no_network)


def read_page(path: Path) -> tuple[dict[str, object], str]:
    """Front matter and body of a written page, checking the envelope on the way."""
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("---\n")
    _, header, body = text.split("---\n", 2)
    assert body.startswith("\n")
    return yaml.safe_load(header), body[1:]


def squash(text: str) -> str:
    """Whitespace and autolink brackets removed, so reflowed or linked text still matches."""
    return re.sub(r"[\s<>]", "", text)


def assert_lines_survive(lines: list[str], output: str) -> None:
    haystack = squash(output)
    missing = [line for line in lines if squash(line.lstrip("#•- ")) not in haystack]
    assert not missing, f"{len(missing)} lines lost, first: {missing[0]!r}"


def run_main(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="original seeds not available")
@pytest.mark.parametrize("seed", [GPT3_NOTE, LLM_NOTE, YUQUE, HUGO, WEBCLIP], ids=lambda p: p.name)
def test_seed_copies_match_the_originals(seed: Path) -> None:
    assert seed.read_bytes() == (SHARED_SEEDS / seed.name).read_bytes()


@pytest.mark.parametrize(
    ("seed", "kind"),
    [
        (GPT3_NOTE, Kind.OBSIDIAN),
        (LLM_NOTE, Kind.OBSIDIAN),
        (YUQUE, Kind.YUQUE),
        (HUGO, Kind.HUGO),
        (WEBCLIP, Kind.WEBCLIP),
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_detects_each_seed_kind(seed: Path, kind: Kind) -> None:
    assert detect_kind(seed.read_text(encoding="utf-8")) == kind


def test_obsidian_note_is_kept_as_written(tmp_path: Path) -> None:
    report = import_file(GPT3_NOTE, Options(into=tmp_path, tags=("GPT-3", "预训练")))

    assert report.kind == Kind.OBSIDIAN
    title = "为什么所有公开的 GPT-3 复制都失败了？我们应该在哪些任务中使用 GPT-3.5/ChatGPT？"
    page = tmp_path / GPT3_PAGE
    assert report.pages == [page]
    meta, body = read_page(page)
    assert list(meta) == ["title", "tags", "source"]
    assert meta == {
        "title": title,
        "tags": ["GPT-3", "预训练"],
        "source": {"kind": "obsidian", "file": GPT3_NOTE.name},
    }
    assert body == GPT3_NOTE.read_text(encoding="utf-8").strip("\n") + "\n"
    assert "![[Pasted image 20240809010236.png]]" in body
    assert report.warnings == ["missing image Pasted image 20240809010236.png"]
    assert "1 warning: missing image Pasted image 20240809010236.png" in report.summary()


def test_obsidian_note_starting_at_h2_reports_only_missing_images(tmp_path: Path) -> None:
    present = tmp_path / "img" / "Pasted image 20230218181401.png"
    present.parent.mkdir()
    present.write_bytes(b"png")

    report = import_file(LLM_NOTE, Options(into=tmp_path, tags=("大模型", "scaling-law")))

    meta, body = read_page(tmp_path / "大模型.md")
    assert meta["title"] == "大模型"
    assert meta["tags"] == ["大模型", "scaling-law"]
    assert body == LLM_NOTE.read_text(encoding="utf-8").strip("\n") + "\n"
    assert "[LLaMA](LLaMA/LLaMA.md)" in body and "- [ ] SuperNaturalInstructions" in body
    assert report.warnings == [
        "missing image img/Pasted%20image%2020230218181512.png",
        "missing image img/Pasted%20image%2020230227103950.png",
        "missing image img/Pasted%20image%2020230228100643.png",
    ]


def test_embeds_are_found_anywhere_in_the_vault(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    attachment = tmp_path / "attachments" / "Pasted image 20240809010236.png"
    attachment.parent.mkdir()
    attachment.write_bytes(b"png")

    report = import_file(GPT3_NOTE, Options(into=tmp_path / "阅读笔记"))

    assert report.warnings == []


def test_yuque_export_becomes_one_page_per_task(tmp_path: Path) -> None:
    report = import_file(YUQUE, Options(into=tmp_path, tags=("大模型",)))

    topics = ["引言篇", "大模型的能力", "大模型的有害性", "大模型的数据", "大模型的法律问题"]
    topics += ["大模型的架构", "模型训练", "分布式训练", "新的模型架构", "大模型之Adaptation"]
    topics += ["大模型对环境的影响"]
    names = [f"task-{n:02d}-{topic}.md" for n, topic in enumerate(topics, start=1)]
    assert report.kind == Kind.YUQUE
    assert [page.name for page in report.pages] == names
    assert sorted(path.name for path in tmp_path.iterdir()) == names

    everything = ""
    for number, (topic, path) in enumerate(zip(topics, report.pages, strict=True), start=1):
        meta, body = read_page(path)
        assert meta == {
            "title": f"Task {number} {topic}",
            "tags": ["课程笔记", "大模型"],
            "aliases": [topic],
            "source": {"kind": "yuque", "file": YUQUE.name},
        }
        assert not re.search(r"^# ", body, re.MULTILINE), "the chapter heading stays in the title"
        everything += path.read_text(encoding="utf-8")

    seed = YUQUE.read_text(encoding="utf-8")
    assert "averageHue" not in everything
    images = re.findall(r"\((https://cdn\.nlark\.com/yuque/[^)#]+)#averageHue", seed)
    assert len(images) == 6
    assert all(f"({url})" in everything for url in images)
    # The original's numbering quirks stay: Task 8 numbers its sections 9.x, Task 7 has 4.2.
    assert "**9.1 为什么分布式训练越来越流行**" in report.pages[7].read_text(encoding="utf-8")
    assert "\n4.2 优化算法\n" in report.pages[6].read_text(encoding="utf-8")
    assert "\n##  1.2 大模型相关历史回顾  \n" in report.pages[0].read_text(encoding="utf-8")
    lines = [re.sub(r"#averageHue=[^)]*", "", line) for line in seed.split("\n")]
    assert_lines_survive([line for line in lines if line.strip()], everything)


def test_yuque_text_before_the_first_chapter_opens_the_first_page(tmp_path: Path) -> None:
    source = tmp_path / "course.md"
    source.write_text("课程说明：每周一章。\n# Task 1  开篇\n第一章。\n# Task 2 续篇\n第二章。\n")

    report = import_file(source, Options(into=tmp_path / "out", kind=Kind.YUQUE))

    assert [path.name for path in report.pages] == ["task-01-开篇.md", "task-02-续篇.md"]
    assert read_page(report.pages[0])[1] == "课程说明：每周一章。\n第一章。\n"


def test_hugo_post_keeps_title_date_tags_and_body(tmp_path: Path) -> None:
    report = import_file(HUGO, Options(into=tmp_path))

    title = "2024-04-05 大型语言模型修炼史（第一、二阶段）"
    page = tmp_path / HUGO_PAGE
    assert report.kind == Kind.HUGO and report.pages == [page]
    meta, body = read_page(page)
    assert meta == {
        "title": title,
        "date": dt.date(2024, 4, 5),
        "tags": ["tech", "llm"],
        "aliases": ["大型语言模型修炼史（第一、二阶段）"],
        "source": {"kind": "hugo", "file": HUGO.name},
    }
    header = page.read_text(encoding="utf-8").split("---\n")[1]
    assert "date: 2024-04-05\n" in header
    for hugo_only in ("format", "jupyter", "isCJKLanguage", "math", "thumbnail"):
        assert hugo_only not in header
    seed_body = HUGO.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == seed_body.strip("\n") + "\n"


HUGO_TOML_POST = """\
+++
title = "RLHF 三步走"
date = 2024-05-01T10:00:00+08:00
tags = ["对齐", "强化学习"]
draft = false
isCJKLanguage = true
+++

# 为什么需要对齐

预训练得到的模型只会续写文本。它并不知道什么样的回答对人有用！

## 三步

1. 监督微调：用人写的示范回答训练模型。
2. 奖励模型：让人给几个回答排序，再训练一个打分模型。
3. 强化学习：用 PPO 让模型的回答得到更高的分数。

奖励 $r_\\theta(x, y)$ 越高越好？最后还要加一项 KL 惩罚，免得模型跑偏。
"""


def test_hugo_post_with_toml_front_matter_in_utf16(tmp_path: Path) -> None:
    source = tmp_path / "rlhf.md"
    source.write_bytes(codecs.BOM_UTF16_LE + HUGO_TOML_POST.replace("\n", "\r\n").encode("utf-16-le"))

    report = import_file(source, Options(into=tmp_path / "out"))

    page = tmp_path / "out" / "RLHF-三步走.md"
    assert report.kind == Kind.HUGO and report.pages == [page]
    meta, body = read_page(page)
    assert meta == {
        "title": "RLHF 三步走",
        "date": dt.date(2024, 5, 1),
        "tags": ["对齐", "强化学习"],
        "source": {"kind": "hugo", "file": "rlhf.md"},
        "draft": False,
    }
    assert "\ndate: 2024-05-01\n" in page.read_text(encoding="utf-8")
    assert "+++" not in body and "isCJKLanguage" not in body
    post_body = HUGO_TOML_POST.split("+++\n", 2)[2]
    sentences = [s for s in re.split(r"(?<=[。！？])|\n", post_body) if s.strip()]
    assert len(sentences) == 9
    assert all(sentence in body for sentence in sentences)


def test_bad_toml_front_matter_names_the_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "坏的.md"
    source.write_text('+++\ntitle = "好的"\ntags = 对齐\n+++\n\n正文。\n', encoding="utf-8")
    out = tmp_path / "out"

    status, stdout, stderr = run_main(capsys, source, HUGO, "--into", out)

    assert status == 1
    assert stderr == f"error: {source}: bad TOML front matter: Invalid value (at line 3, column 8)\n"
    assert stdout.startswith(f"{HUGO.name}: hugo, 1 written")


def test_webclip_loses_its_chrome_and_gains_lists_and_links(tmp_path: Path) -> None:
    report = import_file(WEBCLIP, Options(into=tmp_path, tags=("scaling-law", "数据")))

    page = tmp_path / "9-大模型+大资料.md"
    assert report.kind == Kind.WEBCLIP and report.pages == [page]
    meta, body = read_page(page)
    assert list(meta) == ["title", "date", "tags", "source", "author"]
    assert meta["title"] == "9-大模型+大资料"
    assert meta["date"] == dt.date(2024, 2, 23)
    assert meta["author"] == "Mleon"
    assert meta["tags"] == ["scaling-law", "数据"]
    assert "\ndate: 2024-02-23\n" in page.read_text(encoding="utf-8")

    body_lines = body.split("\n")
    assert body_lines[0] == "越大越好"
    assert not WEBCLIP_CHROME & set(body_lines)
    assert "•" not in body
    assert "- 语言知识:用词、语法等。" in body_lines
    assert "数据预处理\n\n- Content Filtering 过滤有害内容\n" in body
    assert "<https://arxiv.org/abs/2001.08361>" in body_lines
    assert "做法可能并不正确。现在的模型也许足够大了" in body
    assert body.count("<https://arxiv.org/abs/2>") == 1  # the URL cut short stays as written
    assert "奖金: <https://github.com/inverse-scaling/prize>" in body
    image = "![image.png](https://cdn.modevol.com/user/ckxe4nrot01l501s5g2ehd6ge/images/"
    assert body.count(image) == 3 and "<https://cdn.modevol.com" not in body

    seed_lines = [line.strip() for line in WEBCLIP.read_text(encoding="utf-8").split("\n")]
    assert_lines_survive([line for line in seed_lines if line and line not in WEBCLIP_CHROME], body)


def test_obsidian_front_matter_is_merged_and_unknown_keys_dropped(tmp_path: Path) -> None:
    source = tmp_path / "note.md"
    source.write_text(
        "---\ntags: 笔记, 注意力\naliases: [Attention]\ncssclasses: [wide]\nmodified: 2024-03-01\n---\n"
        "# 注意力\n正文\n",
        encoding="utf-8",
    )

    report = import_file(source, Options(into=tmp_path / "out", tags=("笔记", "Transformer")))

    meta, body = read_page(tmp_path / "out" / "注意力.md")
    assert meta == {
        "title": "注意力",
        "tags": ["笔记", "注意力", "Transformer"],
        "aliases": ["Attention"],
        "source": {"kind": "obsidian", "file": "note.md"},
        "updated": dt.date(2024, 3, 1),
    }
    assert body == "# 注意力\n正文\n"
    assert report.warnings == [
        "dropped front matter cssclasses (not a key the site knows)",
        "renamed front matter modified → updated",
    ]


@pytest.mark.parametrize(
    "data",
    [
        CHINESE_NOTE.encode("gbk"),
        CHINESE_NOTE.encode("gb18030"),
        codecs.BOM_UTF8 + CHINESE_NOTE.replace("\n", "\r\n").encode("utf-8"),
        codecs.BOM_UTF16_LE + CHINESE_NOTE.replace("\n", "\r\n").encode("utf-16-le"),
        codecs.BOM_UTF16_BE + CHINESE_NOTE.encode("utf-16-be"),
    ],
    ids=["gbk", "gb18030", "utf8-bom-crlf", "utf16le-bom-crlf", "utf16be-bom"],
)
def test_any_encoding_becomes_utf8_with_lf(tmp_path: Path, data: bytes) -> None:
    source = tmp_path / "note.txt"
    source.write_bytes(data)

    import_file(source, Options(into=tmp_path / "out"))

    raw = (tmp_path / "out" / "注意力机制笔记.md").read_bytes()
    assert not raw.startswith(codecs.BOM_UTF8) and b"\r" not in raw
    meta, body = read_page(tmp_path / "out" / "注意力机制笔记.md")
    assert meta["title"] == "注意力机制笔记"
    assert body == CHINESE_NOTE


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary"),
        (b"", "empty"),
        (b" \r\n\t\n", "empty"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty"),
    ],
    ids=["png", "empty", "whitespace", "utf16-whitespace"],
)
def test_unreadable_bytes_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(NoteImportError, match=reason):
        decode(data)


def test_bad_files_fail_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"  \n\n")
    absent = tmp_path / "absent.md"
    out = tmp_path / "out"

    status, stdout, stderr = run_main(capsys, binary, HUGO, empty, absent, "--into", out)

    assert status == 1
    errors = stderr.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"error: {binary}: binary file")
    assert errors[1].startswith(f"error: {empty}: empty file")
    assert errors[2].startswith(f"error: {absent}: ")
    assert stdout == f"{HUGO.name}: hugo, 1 written, 0 unchanged, 0 skipped, 0 warnings\n"
    assert [path.name for path in out.iterdir()] == [HUGO_PAGE]


def test_second_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = [GPT3_NOTE, LLM_NOTE, YUQUE, HUGO, WEBCLIP, "--no-download-images"]
    assert run_main(capsys, *seeds, "--into", tmp_path, "--tag", "t")[0] == 0
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in tmp_path.iterdir()}
    assert len(before) == 15

    status, stdout, _ = run_main(capsys, *seeds, "--into", tmp_path, "--tag", "t")

    assert status == 0
    after = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in tmp_path.iterdir()}
    assert after == before
    lines = stdout.splitlines()
    assert len(lines) == 5
    assert all(", 0 written, " in line and ", 0 skipped, " in line for line in lines)
    assert lines[2] == f"{YUQUE.name}: yuque, 0 written, 11 unchanged, 0 skipped, 0 warnings"


def test_edited_page_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_main(capsys, HUGO, "--into", tmp_path)
    page = tmp_path / HUGO_PAGE
    original = page.read_bytes()
    page.write_bytes(original + "我的补充。\n".encode())

    status, stdout, _ = run_main(capsys, HUGO, "--into", tmp_path)

    assert status == 0
    assert page.read_bytes() == original + "我的补充。\n".encode()
    assert ", 0 written, 0 unchanged, 1 skipped (page exists and differs; --force" in stdout

    status, stdout, _ = run_main(capsys, HUGO, "--into", tmp_path, "--force")

    assert status == 0
    assert page.read_bytes() == original
    assert ", 1 written, 0 unchanged, 0 skipped, " in stdout


def test_name_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run_main(capsys, HUGO, "--into", tmp_path, "--name", "修炼史.md")
    assert status == 0
    assert [path.name for path in tmp_path.iterdir()] == ["修炼史.md"]

    status, _, stderr = run_main(capsys, YUQUE, "--into", tmp_path, "--name", "课程")
    assert status == 1
    assert "--name needs a single-page source; this one gives 11" in stderr

    with pytest.raises(SystemExit):
        main([str(HUGO), "--into", str(tmp_path), "--name", "../escape"])


def test_safe_name() -> None:
    assert safe_name('a\\b/c:d*e?f"g<h>i|j#k^l[m]n') == "abcdefghijklmn"
    assert safe_name("  Task   1 \t 引言篇 ") == "Task-1-引言篇"
    assert safe_name("结尾的点.") == "结尾的点"
    assert len(safe_name("长" * 100)) == MAX_LENGTH
    assert safe_name("///") == ""


def test_cli_runs_as_a_module(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.import_notes", str(WEBCLIP), "--into", str(tmp_path)]
        + ["--tag", "数据", "--no-download-images"],
        cwd=tmp_path,  # --into must be inside the current folder
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        encoding="utf-8",
        check=False,
    )

    assert result.returncode == 0, result.stderr
    summary = f"{WEBCLIP.name}: webclip, 1 written, 0 unchanged, 0 skipped, 0 warnings\n"
    assert result.stdout == summary
    assert read_page(tmp_path / "9-大模型+大资料.md")[0]["tags"] == ["数据"]
