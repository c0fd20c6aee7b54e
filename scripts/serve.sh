#!/usr/bin/env bash
# Set up the virtual environment and serve the site on
# http://127.0.0.1:8000/llm-notes/ (the path of site_url) with live reload.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
# Some click versions turn live reload off unless it is asked for by name.
# --dirty: an edit rebuilds only the pages it can change (hooks/kb/incremental.py).
exec .venv/bin/mkdocs serve --livereload --dirty -a 127.0.0.1:8000 "$@"
