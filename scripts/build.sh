#!/usr/bin/env bash
# Builds the addon with cmake-js (Node-API mode, offline) into build/Release/ggen.node.
# With --tests, also builds core/ and the GoogleTest executables with plain cmake in build-native/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-deps.sh
# Paths relative to the checkout in ccache's keys: a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR="$PWD"
jobs="${GGEN_BUILD_JOBS:-$(nproc)}"
npx cmake-js compile --release --parallel "$jobs" --log-level warn >/dev/null
if [[ "${1:-}" == "--tests" ]]; then
  cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DGGEN_BUILD_TESTS=ON -DGGEN_BUILD_ADDON=OFF >/dev/null
  cmake --build build-native -j "$jobs"
fi
