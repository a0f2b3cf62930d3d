#!/usr/bin/env bash
# The W3C RDF/SPARQL suites and the Tera cases (../shared/conformance), one runner each.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-deps.sh
export CCACHE_BASEDIR="$PWD"
jobs="${GGEN_BUILD_JOBS:-$(nproc)}"
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release -DGGEN_BUILD_TESTS=ON -DGGEN_BUILD_ADDON=OFF >/dev/null
cmake --build build-native -j "$jobs" --target rdf_conformance sparql_conformance template_conformance
status=0
for runner in rdf_conformance sparql_conformance template_conformance; do
  echo "== $runner"
  ./build-native/test/conformance/$runner | tail -5 || status=1
done
exit $status
