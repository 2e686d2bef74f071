#!/usr/bin/env bash
# Installs what is missing, builds ServeScope (Release) with its tests and runs them all: once
# with the platform's readiness mechanism (epoll on Linux), once more with the portable Qt
# poller (SERVESCOPE_POLLER=qt), so both are known to work; then a short run of each fuzz
# harness (scripts/fuzz.sh), and builds and checks the Debian package (scripts/package.sh).
# Before the fuzz runs, the whole suite again under ASan + UBSan and under TSan
# (CMakePresets.json: asan, tsan), each in its own tree; SERVESCOPE_SANITIZERS=0 leaves those
# two out.
# Exits non-zero if any stage fails. Every test has a CTest timeout, every fuzz run and every
# wait in package.sh a bound, so this always ends.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Prints how long the previous stage took, so CI's time budget can be watched stage by stage.
stage_start=$SECONDS
stage() {
    echo "test.sh: $1 (previous stage: $((SECONDS - stage_start)) s)" >&2
    stage_start=$SECONDS
}

"$root/scripts/build.sh"

# The tests set QT_FATAL_WARNINGS=1 and the offscreen platform themselves (CTest ENVIRONMENT).
stage "the whole suite, default poller"
ctest --test-dir "$root/build" --output-on-failure -j2
stage "the whole suite again, portable poller (SERVESCOPE_POLLER=qt)"
SERVESCOPE_POLLER=qt ctest --test-dir "$root/build" --output-on-failure -j2
if [[ "${SERVESCOPE_SANITIZERS:-1}" != 0 ]]; then
    # The sanitizer builds, each in its own tree (build-asan/, build-tsan/), without benchmarks.
    for preset in asan tsan; do
        stage "building preset $preset"
        cmake --preset "$preset" >/dev/null # again each time: a changed preset takes effect
        cmake --build --preset "$preset"
    done
    # The sanitizers' options and suppression files are in the test presets.
    stage "the whole suite under ASan + UBSan"
    ctest --preset asan
    stage "the whole suite under TSan"
    # TSan of LLVM 14 / GCC 12 cannot map its shadow memory when the kernel randomises more
    # than 28 bits of mmap addresses (some newer kernels' default): run it without then.
    tsan=()
    if [[ $(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28) -gt 28 ]]; then
        tsan=(setarch "$(uname -m)" -R)
    fi
    "${tsan[@]}" ctest --preset tsan
fi

stage "the fuzz harnesses, a short run each"
"$root/scripts/fuzz.sh" 60 200000
stage "the Debian package"
"$root/scripts/package.sh"
stage "done"
