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
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
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
# Playwright drives the system Chromium when there is one; elsewhere it
# needs its own browser build.
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
   && ! command -v google-chrome >/dev/null && [ -z "${KB_CHROMIUM:-}" ]; then
  .venv/bin/python -m playwright install chromium
fi
