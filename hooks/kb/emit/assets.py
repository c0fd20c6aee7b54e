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

# The TeX-to-HTML component plus what it loads on demand: TeX extensions,
# its fonts, the menu, and the assistive MathML the menu turns on. The
# speech engine (sre, 4 MB) is left out; its explorer is switched off.
MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui", "a11y")


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
