#!/usr/bin/env bash
# Native tests under sanitizers: `address` (AddressSanitizer + UBSan) or `thread` (TSan).
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-address}"
jobs="${GGEN_BUILD_JOBS:-$(nproc)}"
bash scripts/check-deps.sh
dir="build-${kind/address/asan}"; dir="${dir/thread/tsan}"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGGEN_BUILD_TESTS=ON -DGGEN_BUILD_ADDON=OFF \
  -DGGEN_SANITIZE="$kind" >/dev/null
cmake --build "$dir" -j "$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
cd "$dir" && ctest -LE conformance -j "$jobs" --output-on-failure --timeout 600
