"""Static files the site serves from its own host: our CSS and JS, and MathJax.

They are added as generated files, so nothing is copied into docs/ and the
vault stays the user's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import mathjax
import mermaidx
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

OWN_ASSETS = Path(__file__).resolve().parent.parent / "assets"
MATHJAX_ES5 = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
# Mermaid 11's browser bundle, shipped in the mermaidx wheel from PyPI.
MERMAID_JS = Path(mermaidx.__file__).resolve().parent / "assets" / "mermaid.js"

# The loader and the components math.js asks it for: TeX input and the TeX
# extensions it loads on demand, HTML output with its font, and assistive
# MathML. Not the combined tex-chtml.js, whose right-click menu is 108 KB
# gzip of its 263, nor the speech engine (sre, 4 MB).
MATHJAX_PARTS = (
    "startup.js",
    "core.js",
    "input/tex.js",
    "input/tex/extensions",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "output/chtml/fonts/woff-v2",
    "a11y/assistive-mml.js",
)


def _tree(root: Path, part: str) -> Iterator[Path]:
    path = root / part
    yield from sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def asset_files(config: MkDocsConfig) -> list[File]:
    """Every static file, as a File that MkDocs copies into the site."""
    files = [
        File.generated(config, f"assets/{p.relative_to(OWN_ASSETS).as_posix()}", abs_src_path=str(p))
        for p in sorted(OWN_ASSETS.rglob("*"))
        if p.is_file()
    ]
    for part in MATHJAX_PARTS:
        for p in _tree(MATHJAX_ES5, part):
            uri = f"assets/mathjax/{p.relative_to(MATHJAX_ES5).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(p)))
    files.append(File.generated(config, "assets/mermaid/mermaid.min.js", abs_src_path=str(MERMAID_JS)))
    return files
