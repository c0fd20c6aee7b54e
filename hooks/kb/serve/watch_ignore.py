"""Which changed paths cannot change the site, so that ``mkdocs serve`` need not rebuild for them.

Obsidian rewrites ``.obsidian/workspace.json`` whenever another note is opened, and
editors leave swap, backup and temporary files beside the note they save. MkDocs
rebuilds for any of them. Inside the docs folder a path is ignored when MkDocs
itself would leave it out of the site (its default ``.*`` and ``/templates/``, then
``exclude_docs``), matched by MkDocs' own ``set_exclusions``; anywhere, editors'
scratch files are ignored too. Files at the vault's root that the build reads
though MkDocs leaves them out (``BUILD_INPUTS``) are always heard.
"""

from __future__ import annotations

import os
from pathlib import PurePath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel, set_exclusions
from pathspec.gitignore import GitIgnoreSpec

# Files editors and systems write beside a note while saving it; matched on the
# file name, in the gitignore syntax MkDocs uses for exclude_docs.
SCRATCH = GitIgnoreSpec.from_lines(
    [
        "*~",  # backups of vim, emacs, gedit: x.md~
        "*.sw[a-p]",  # vim's swap files: .x.md.swp, then .swo, .swn …
        "\\#*#",  # emacs auto-saves: #x.md#
        ".#*",  # emacs locks: .#x.md
        "*.tmp",  # written, then renamed over the note: x.md.tmp
        "*.crswap",  # Chromium-based editors' saves
        "*___jb_tmp___",  # JetBrains' "safe write"
        "*___jb_old___",
        "4913",  # vim's probe for whether it may create files in a folder
        ".DS_Store",  # macOS Finder
    ]
)

# Not pages, but the build reads them: the papers cache (a dot file, which MkDocs
# excludes) after ``python -m scripts.papers``, and the math preamble.
BUILD_INPUTS = {".papers.json", "preamble.sty"}


class Ignored:
    """``ignored(path, is_dir)``: whether a change at ``path`` can be left without a rebuild.

    A folder is ignored when what it holds would be: moving a folder out sends one
    event, for the folder, and its notes must then leave the site.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.docs = PurePath(os.path.realpath(config.docs_dir))  # the watcher reports real paths

    def __call__(self, path: str, is_dir: bool = False) -> bool:
        if not is_dir and SCRATCH.match_file(os.path.basename(path)):
            return True
        changed = PurePath(path)
        if changed == self.docs or not changed.is_relative_to(self.docs):
            return False  # the docs folder itself, or the config file beside it
        uri = changed.relative_to(self.docs).as_posix()
        if uri in BUILD_INPUTS:
            return False
        return self.excluded(f"{uri}/_" if is_dir else uri)

    def excluded(self, src_uri: str) -> bool:
        """Whether MkDocs leaves ``src_uri`` out, even under serve (a draft is still served)."""
        config = self.config
        file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
        set_exclusions([file], config)
        return file.inclusion == InclusionLevel.EXCLUDED
