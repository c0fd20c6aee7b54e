"""The faster theme environment finds the same static files and templates as MkDocs' own."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from kb.engine.theme_env import MemoryBytecodeCache, use_fast_env

ROOT = Path(__file__).resolve().parents[1]


def theme_files(config) -> list[str]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted(f.src_uri for f in files)


def test_the_same_theme_files_are_copied_and_icons_still_load() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    before = theme_files(config)
    use_fast_env(config.theme, MemoryBytecodeCache())
    assert theme_files(config) == before
    assert any(uri.startswith("assets/stylesheets/") for uri in before)
    env = config.theme.get_env()
    assert env.get_template(".icons/material/tag.svg").render().startswith("<svg")
    assert "partials/tags.html" in env.loader.list_templates()  # our override in hooks/theme
