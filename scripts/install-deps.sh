#!/usr/bin/env bash
# Installs what ServeScope needs to build, test and run on Debian 12, and only what is missing:
# a second run finds everything installed and returns at once, without touching apt.
set -euo pipefail

packages=(
    build-essential cmake ninja-build
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libgl-dev          # Qt6Widgets' CMake package needs the OpenGL headers
    xvfb xauth         # the window test and README screenshots run under a virtual X server
    fonts-wqy-microhei # a CJK font, so the Simplified Chinese interface is not drawn as boxes
    curl
    python3 python3-prometheus-client # the /-/metrics test reads it with Prometheus' parser
    dpkg-dev           # dpkg-shlibdeps: CPack finds the .deb's library dependencies with it
    file               # CPack finds the executables to strip and scan with it
    lintian            # package.sh checks the .deb against Debian policy
    desktop-file-utils # desktop-file-validate, for the desktop entry
    appstream          # appstreamcli validate, for the AppStream metainfo
    groff-base         # the man page test renders the page with groff's warnings on
    clang              # the fuzz harnesses (libFuzzer is clang's) and the ASan+UBSan suite
    libclang-rt-14-dev # clang's sanitizer runtimes and libFuzzer, only a recommendation of clang
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root: apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
# Only the packages' hard dependencies: everything needed is one, and it keeps the install short.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
