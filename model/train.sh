#!/usr/bin/env bash
# `npm run train [-- --name=value …]`: the pinned venv (model/setup.sh), the data (model/generate.ts,
# seed 1), then model/train.py with any overrides passed on. Run from the repository root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python="$(bash model/setup.sh)"
npx tsx model/generate.ts --seed=1 --train=3600 --dev=120
exec "$python" model/train.py "$@"
