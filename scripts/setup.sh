#!/usr/bin/env bash
# One command on a fresh machine: native build dependencies (apt-get when root), npm packages,
# the addon, a machine check, then a real example generated end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-deps.sh
[[ -d node_modules/node-addon-api ]] || npm ci --no-audit --no-fund
bash scripts/build.sh
node bin/ggen.js utils doctor
out=build/example/typescript-types
rm -rf "$out"
echo
echo "== ggen project gen examples/typescript-types --output $out"
node bin/ggen.js project gen examples/typescript-types --output "$out"
echo
echo "== $out/src/order.ts"
cat "$out/src/order.ts"
