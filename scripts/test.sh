#!/usr/bin/env bash
# The whole test suite: builds the addon and the native tests, runs ctest (GoogleTest) and Jest,
# and ends with one summary line: "tests: N passed, M failed".
#   --native-only   only the GoogleTest suite
set -uo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"
jobs="${GGEN_BUILD_JOBS:-$(nproc)}"
bash scripts/check-deps.sh || exit 1
if [[ ! -d node_modules/node-addon-api ]]; then
  npm ci --no-audit --no-fund >/dev/null || exit 1
fi

echo "== build (addon + native tests)"
bash scripts/build.sh --tests || { echo "tests: 0 passed, 1 failed"; exit 1; }

passed=0; failed=0
echo "== native tests (ctest)"
ctest_log=$(mktemp)
(cd build-native && ctest -LE conformance -j "$jobs" --output-on-failure --timeout 300) | tee "$ctest_log"
ctest_total=$(grep -Eo 'out of [0-9]+' "$ctest_log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
ctest_failed=$(grep -Eo '[0-9]+ tests failed' "$ctest_log" | tail -1 | grep -Eo '^[0-9]+' || echo 0)
if [[ -z "$ctest_total" || "$ctest_total" == 0 ]]; then ctest_failed=1; ctest_total=1; fi
passed=$((passed + ctest_total - ctest_failed)); failed=$((failed + ctest_failed))
rm -f "$ctest_log"

if [[ "$mode" != "--native-only" ]]; then
  echo "== JavaScript tests (jest)"
  jest_json=$(mktemp)
  npx jest --ci --json --outputFile="$jest_json" 2>&1 | grep -vE '^\s*$' | grep -v '^{"num' | tail -60
  jest_status=${PIPESTATUS[0]}
  counts=$(node -e "const r=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)" "$jest_json" 2>/dev/null || true)
  read -r jp jf <<<"${counts:-0 1}"
  # A jest run that failed without counting a failure (a crash, a bad config) still fails.
  if [[ "$jest_status" -ne 0 && "$jf" -eq 0 ]]; then jf=1; fi
  passed=$((passed + jp)); failed=$((failed + jf))
  rm -f "$jest_json"
fi

echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
