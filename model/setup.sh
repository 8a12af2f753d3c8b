#!/usr/bin/env bash
# Creates (or checks) the pinned training venv outside the repository:
#   ${OLLAMA_TASKS_CACHE:-~/.cache/ollama-tasks}/train-venv
# Idempotent: the install runs only when model/requirements.txt changed since the last successful
# one (its sha256 is kept in the venv as .requirements.sha256). Prints the venv's python on success.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${OLLAMA_TASKS_CACHE:-$HOME/.cache/ollama-tasks}"
venv="$cache/train-venv"
req="$here/requirements.txt"
want="$(sha256sum "$req" | cut -d' ' -f1)"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  echo "[setup] creating $venv with $("$python" --version 2>&1)" >&2
  mkdir -p "$cache"
  "$python" -m venv "$venv"
fi
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null || true)" != "$want" ]; then
  echo "[setup] installing $(grep -v '^#' "$req" | tr '\n' ' ')(~5.6 GB with torch's CUDA wheels, ~2 min) ..." >&2
  if ! "$venv/bin/pip" install --disable-pip-version-check -q -r "$req" >&2; then
    echo "[setup] pip install failed: check the network (PyPI) and the disk space, then run model/setup.sh again." >&2
    exit 1
  fi
  echo "$want" > "$venv/.requirements.sha256"
fi
"$venv/bin/python" -c 'import torch, transformers, peft, gguf, safetensors' || {
  echo "[setup] the venv at $venv does not import its packages: delete it and run model/setup.sh again." >&2
  exit 1
}
echo "$venv/bin/python"
