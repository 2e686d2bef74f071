#!/usr/bin/env bash
# Installs what is missing, then builds ServeScope in Release into build/ (incrementally).
# Usage: scripts/build.sh [cmake --build options, e.g. --target servescope]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"

"$root/scripts/install-deps.sh"

# Configure once; afterwards `cmake --build` re-runs CMake by itself when a CMakeLists changes.
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" -j "$(nproc)" "$@"
