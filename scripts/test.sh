#!/usr/bin/env bash
# Set up the virtual environment and run every test: lint, unit, build and browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check hooks scripts tests
.venv/bin/python -m pytest "$@"
