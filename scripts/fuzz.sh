#!/usr/bin/env bash
# Builds the libFuzzer harnesses (preset "fuzz": clang, ASan + UBSan, into build-fuzz/) and runs
# each for at most SECONDS and RUNS executions, whichever comes first, from its seed corpus in
# fuzz/corpus/<harness>/. New inputs it finds go to build-fuzz/corpus/<harness>/, a crash or a
# broken invariant to build-fuzz/artifacts/, and the script fails.
# Usage: scripts/fuzz.sh [SECONDS [RUNS]]   (scripts/test.sh runs it short; default 60 200000)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
runs=${2:-200000}
build="$root/build-fuzz"

"$root/scripts/install-deps.sh"
cd "$root"
cmake --preset fuzz >/dev/null # again each time: a changed preset takes effect
cmake --build --preset fuzz

# A finding must fail the run; leaks count (a connection that leaks on some input is a bug).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
mkdir -p "$build/artifacts"
for harness in httprequestparser httpconnection; do
    mkdir -p "$build/corpus/$harness"
    echo "fuzz.sh: fuzz_$harness for ${seconds}s or $runs runs" >&2
    # -max_len: 4 KiB hold dozens of pipelined requests and, under the parser harness's tight
    # limits, every refusal; -timeout: one input taking seconds is a hang, a finding too.
    "$build/fuzz/fuzz_$harness" -max_total_time="$seconds" -runs="$runs" -max_len=4096 \
        -timeout=10 -dict="$root/fuzz/http.dict" -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$harness-" \
        "$build/corpus/$harness" "$root/fuzz/corpus/$harness"
done
