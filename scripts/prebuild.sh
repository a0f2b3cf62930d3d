#!/usr/bin/env bash
# Builds the shipped binary prebuilds/linux-x64/ggen.glibc.node: release build, stripped, and
# checked to depend on nothing but the C library (libstdc++/libgcc are linked statically; libuv
# comes from the host node).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
out=prebuilds/linux-x64/ggen.glibc.node
mkdir -p "$(dirname "$out")"
strip --strip-unneeded -o "$out" build/Release/ggen.node
deps=$(ldd "$out" | awk '{print $1}' | grep -vE '^(linux-vdso\.so|/lib64/ld-linux-x86-64\.so|libc\.so|libm\.so|libstdc\+\+\.so|libgcc_s\.so|libpthread\.so|libdl\.so)' || true)
if [[ -n "$deps" ]]; then
  echo "prebuild: unexpected shared library dependencies:" >&2
  echo "$deps" >&2
  exit 1
fi
glibc=$(objdump -T "$out" | grep -Eo 'GLIBC_[0-9.]+' | sort -Vu | tail -1)
echo "prebuild: $out ($(stat -c %s "$out") bytes, needs $glibc)"
