#!/usr/bin/env bash
# Installs what is missing, builds ServeScope (Release) with its tests and runs them all: once
# with the platform's readiness mechanism (epoll on Linux), once more with the portable Qt
# poller (SERVESCOPE_POLLER=qt), so both are known to work; then builds the Debian package and
# checks it (scripts/package.sh). Exits non-zero if any of them fails. Every test has a CTest
# timeout and every wait in package.sh a bound, so this always ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

"$root/scripts/build.sh"

# The tests set QT_FATAL_WARNINGS=1 and the offscreen platform themselves (CTest ENVIRONMENT).
echo "test.sh: the whole suite, default poller" >&2
ctest --test-dir "$root/build" --output-on-failure -j2
echo "test.sh: the whole suite again, portable poller (SERVESCOPE_POLLER=qt)" >&2
SERVESCOPE_POLLER=qt ctest --test-dir "$root/build" --output-on-failure -j2
echo "test.sh: the Debian package" >&2
"$root/scripts/package.sh"
