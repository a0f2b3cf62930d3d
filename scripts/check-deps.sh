#!/usr/bin/env bash
# Checks the native build dependencies; installs the missing ones when it can (root + apt-get),
# otherwise prints the exact command to run and fails.
set -euo pipefail
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
for pkg in libuv1-dev libgtest-dev nlohmann-json3-dev libfmt-dev zlib1g-dev ccache; do
  if command -v dpkg-query >/dev/null; then
    have_pkg "$pkg" || need+=("$pkg")
  fi
done
if [[ ${#need[@]} -eq 0 ]]; then exit 0; fi
cmd="apt-get install -y --no-install-recommends ${need[*]}"
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "ggen: installing native build dependencies: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "ggen: missing native build dependencies: ${need[*]}" >&2
  echo "install them with:  sudo $cmd" >&2
  exit 1
fi
