#!/usr/bin/env bash
# Installs what kehoach needs on a Debian machine, as root; safe to run again.
#   scripts/bootstrap.sh          runtime: Tesseract (vie), poppler, Python venv + locked deps
#   scripts/bootstrap.sh --dev    also what the tests need: PostgreSQL, Chromium, fonts
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(python3 python3-venv python3-dev gcc tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng poppler-utils)
if [[ "${1:-}" == "--dev" ]]; then
    apt_packages+=(postgresql chromium chromium-driver fonts-dejavu-core fonts-liberation git)
fi

missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
    echo "bootstrap: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
fi
stamp=.venv/.kehoach-lock
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "bootstrap: installing Python dependencies (requirements.lock)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -r requirements.lock
    .venv/bin/python -m pip install -q --no-deps -e .
    echo "$want" > "$stamp"
fi
# Compile the restorer's Viterbi once; numba caches the machine code beside the
# source, so later processes load it instead of compiling (seconds) on first use.
.venv/bin/python -c "from pipeline.normalise.restore import restore_text; restore_text('ke hoach')"
