"""Find local images a page refers to but that do not exist, so the user can copy them over."""

import glob
import re
from pathlib import Path
from urllib.parse import unquote

from .markdown import outside_fences

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"}
_EMBED = re.compile(r"!\[\[([^\]|#]+)[^\]]*\]\]")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def vault_root(folder: Path) -> Path:
    """The nearest folder (this one or above) holding ``.obsidian``, else the folder itself."""
    folder = folder.resolve()
    return next((p for p in (folder, *folder.parents) if (p / ".obsidian").is_dir()), folder)


def missing_images(body: str, folder: Path) -> list[str]:
    """Image references in ``body`` (as written) whose file is absent from ``folder``/the vault.

    ``![[name.png]]`` embeds resolve like Obsidian does: by file name anywhere in the vault.
    ``![](path)`` images resolve relative to the page's folder. Remote images are not checked.
    """
    folder = folder.resolve()
    vault = vault_root(folder)
    missing: list[str] = []
    lines = body.split("\n")
    for line, plain in zip(lines, outside_fences(lines), strict=True):
        if not plain:
            continue
        for target in _EMBED.findall(line):
            target = target.strip()
            if Path(target).suffix.lower() in IMAGE_SUFFIXES and not _embed_exists(target, vault):
                missing.append(target)
        for target in _MARKDOWN_IMAGE.findall(line):
            if not _SCHEME.match(target) and not _path_exists(target, folder, vault):
                missing.append(target)
    return list(dict.fromkeys(missing))


def _embed_exists(target: str, vault: Path) -> bool:
    if "/" in target:
        return (vault / target).is_file()
    return any(vault.rglob(glob.escape(target)))


def _path_exists(target: str, folder: Path, vault: Path) -> bool:
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    base = vault if path.startswith("/") else folder
    return (base / path.lstrip("/")).is_file()
