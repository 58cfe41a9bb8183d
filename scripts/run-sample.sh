#!/usr/bin/env bash
# Main job on the bundled samples: data/raw/ → tables in data/structured/ (+ kehoach.duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/kehoach run data/raw --out data/structured "$@"
