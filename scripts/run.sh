#!/usr/bin/env bash
# Installs what is missing, builds ServeScope (Release) and launches it; arguments go to
# servescope, e.g. scripts/run.sh --headless --port 8080 --mode concurrent.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Build output goes to stderr: stdout is the server's (its listening line, an access log).
"$root/scripts/build.sh" --target servescope >&2

args=("$@")
# On a machine without a display (a server, a container) the window cannot open: serve
# headless instead of failing, and say so.
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    headless=0
    for arg in "${args[@]}"; do
        case "$arg" in
        --headless | -h | --help | --help-all | -v | --version) headless=1 ;; # no window anyway
        esac
    done
    if [[ $headless -eq 0 ]]; then
        echo "run.sh: no display found; starting the server with --headless (Ctrl+C stops it)." >&2
        args=(--headless "${args[@]}")
    fi
fi

exec "$root/build/app/servescope" "${args[@]}"
