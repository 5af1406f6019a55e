#!/usr/bin/env bash
# Builds LeaseDesk's Debian package and prints its path:
#   scripts/package.sh [BUILD_DIR]     (default build/dev, the dev preset's folder)
# Installs what is missing (install-deps.sh package), configures the dev preset for the /usr
# prefix the package needs, builds the two binaries, icons and man pages, and runs cpack.
# What the package holds and does: installer/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/dev}
scripts/install-deps.sh package >&2
# The prefix only decides where `cmake --install` and cpack put files; nothing is rebuilt.
cmake --preset dev -B "$build" -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" --target leasedesk leasedesk-server leasedesk_installer >&2
out=$build/package
rm -rf -- "$out"
cpack --config "$build/CPackConfig.cmake" -B "$out" >&2
debs=("$out"/leasedesk_*.deb)
[[ -f ${debs[0]} ]] || { echo "package.sh: cpack made no .deb in $out" >&2; exit 1; }
realpath "${debs[0]}"
