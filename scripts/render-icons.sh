#!/usr/bin/env bash
# Renders the hicolor PNG icons in packaging/icons/ from resources/servescope.svg. Run it after
# changing the SVG and commit the PNGs: the build only installs them, so it needs no SVG
# renderer. Needs rsvg-convert (apt-get install librsvg2-bin).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The sizes packaging/CMakeLists.txt installs (the hicolor theme's usual application sizes).
for size in 16 22 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --output "$root/packaging/icons/servescope-$size.png" \
        "$root/resources/servescope.svg"
done
