#!/usr/bin/env bash
# Installs what is missing, builds ServeScope (Release) with its tests and runs them all.
# Exits with CTest's status. Every test has a CTest timeout, so this always ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

"$root/scripts/build.sh"

# The tests set QT_FATAL_WARNINGS=1 and the offscreen platform themselves (CTest ENVIRONMENT).
exec ctest --test-dir "$root/build" --output-on-failure -j2
