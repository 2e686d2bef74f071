#!/usr/bin/env bash
# Builds the Debian package, build/servescope_<version>_<arch>.deb, with CPack and checks it:
# lintian (no errors), the desktop entry (desktop-file-validate), the AppStream entry
# (appstreamcli), and the package unpacked into a temporary root: exactly the expected files,
# and the executable runs from there (--version, then a headless server on a free port,
# stopped with SIGTERM). scripts/test.sh runs it after the test suite. Exits non-zero on the
# first failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
started=$SECONDS

fail() {
    echo "package.sh: FAIL: $*" >&2
    exit 1
}

"$root/scripts/build.sh"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
deb="$build/servescope_${version}_$(dpkg --print-architecture).deb"
rm -f "$deb"
(cd "$build" && cpack -G DEB) >&2
[[ -f "$deb" ]] || fail "cpack made no $deb"

echo "package.sh: lintian $deb" >&2
# Warnings are printed; an error fails.
lintian --fail-on error --display-info "$deb" >&2

server_pid=""
unpacked=$(mktemp -d)
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$unpacked"
}
trap cleanup EXIT
dpkg -x "$deb" "$unpacked/root"
prefix="$unpacked/root/usr"

# The application id is the desktop entry's name; every installed name derives from it.
desktop_entries=("$prefix"/share/applications/*.desktop)
[[ ${#desktop_entries[@]} -eq 1 && -f "${desktop_entries[0]}" ]] ||
    fail "expected one desktop entry, found: ${desktop_entries[*]}"
app_id=$(basename "${desktop_entries[0]}" .desktop)

expected=(
    bin/servescope
    libexec/servescope/servescope-headless
    share/applications/"$app_id".desktop
    share/metainfo/"$app_id".metainfo.xml
    share/man/man1/servescope.1.gz
    share/doc/servescope/changelog.gz
    share/doc/servescope/copyright
    share/icons/hicolor/scalable/apps/"$app_id".svg
)
for size in 16 22 24 32 48 64 128 256 512; do
    expected+=(share/icons/hicolor/"${size}x${size}"/apps/"$app_id".png)
done
# Exactly these: no test, benchmark or static library slipped into the install.
actual=$(cd "$prefix" && find . -type f -printf '%P\n' | sort)
wanted=$(printf '%s\n' "${expected[@]}" | sort)
if [[ "$actual" != "$wanted" ]]; then
    diff <(echo "$wanted") <(echo "$actual") >&2 || true
    fail "the package's files differ from the expected ones (< expected, > packaged)"
fi
[[ $(find "$unpacked/root" -mindepth 1 -maxdepth 1 -printf '%P\n') == usr ]] ||
    fail "the package installs outside /usr"

echo "package.sh: desktop-file-validate, appstreamcli validate" >&2
desktop-file-validate "$prefix/share/applications/$app_id.desktop"
grep -qx "Icon=$app_id" "$prefix/share/applications/$app_id.desktop" ||
    fail "the desktop entry's Icon= is not the installed icon $app_id"
appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml" >&2
gzip -t "$prefix/share/man/man1/servescope.1.gz"

binary="$prefix/bin/servescope"
for executable in "$binary" "$prefix/libexec/servescope/servescope-headless"; do
    file -b "$executable" | grep -q ', stripped' ||
        fail "$executable is not stripped: $(file -b "$executable")"
    if readelf -d "$executable" | grep -qE 'RPATH|RUNPATH'; then
        fail "$executable carries a run path into the build tree"
    fi
done

echo "package.sh: running the packaged executable" >&2
[[ $("$binary" --version) == "servescope $version" ]] ||
    fail "--version printed '$("$binary" --version)', not 'servescope $version'"

# Headless on a free port: wait (at most 10 s) for the one line it prints once it listens,
# ask it for its page, then stop it by its PID, as SIGTERM from a service manager would.
"$binary" --headless --port 0 >"$unpacked/stdout" 2>"$unpacked/stderr" &
server_pid=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's|^ServeScope listening on \(http://[^ ]*\) .*|\1|p' "$unpacked/stdout")
    [[ -n "$url" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n "$url" ]] || fail "the headless server did not say it listens: $(cat "$unpacked/stderr")"
curl -sf --max-time 10 "$url" | grep -q '<h1>Hello!</h1>' || fail "no hello page from $url"
# servescope handed the run to the installed servescope-headless: no window library mapped.
if grep -q 'libQt6Widgets' "/proc/$server_pid/maps"; then
    fail "the headless server maps Qt Widgets: servescope did not find servescope-headless"
fi
kill -TERM "$server_pid"
# Bounded: it exits by itself within its stop timeout. Exited means reaped by bash already
# (no /proc entry) or a zombie.
running() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n "$state" && "$state" != Z ]]
}
for _ in $(seq 100); do
    running "$server_pid" || break
    sleep 0.1
done
! running "$server_pid" || fail "the headless server did not exit within 10 s of SIGTERM"
status=0
wait "$server_pid" || status=$?
server_pid=""
[[ $status -eq 0 ]] || fail "the headless server exited $status after SIGTERM, not 0"

echo "package.sh: $deb is good ($((SECONDS - started)) s)" >&2
