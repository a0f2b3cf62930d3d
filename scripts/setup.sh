#!/usr/bin/env bash
# One command on a fresh machine: native build dependencies (apt-get when root), npm packages,
# the addon, then a real example generated end to end and a machine check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-deps.sh
[[ -d node_modules/node-addon-api ]] || npm ci --no-audit --no-fund
bash scripts/build.sh
node bin/ggen.js utils doctor
