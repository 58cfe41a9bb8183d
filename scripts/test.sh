#!/usr/bin/env bash
# The test suite, with real Tesseract, PostgreSQL and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
.venv/bin/ruff check pipeline extractors tests scripts benchmarks fuzz notebooks
exec .venv/bin/python -m pytest -q -n 2 "$@"
