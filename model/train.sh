#!/usr/bin/env bash
# `npm run train [-- --name=value …]`: the pinned venv (model/setup.sh), the data (model/generate.ts,
# seed DATA_SEED, default 4; DATA_EXAMPLES examples, default 5000), then model/train.py with any
# overrides passed on. Run from the repository root. The gen-4 candidate continued from gen-3:
#   npm run train -- --init_adapter=DIR_OF_GEN3 --learning_rate=5e-4 --max_minutes=45 --out_dir=DIR
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python="$(bash model/setup.sh)"
npx tsx model/generate.ts --seed="${DATA_SEED:-4}" --train="${DATA_EXAMPLES:-5000}" --dev=120
exec "$python" model/train.py "$@"
