#!/usr/bin/env bash
# Installs the Debian 12 packages LeaseDesk needs that are missing, and nothing else.
#   scripts/install-deps.sh gui    what building and running the GUI needs
#   scripts/install-deps.sh test   that, plus the compilers and tools the test suite uses
# Runs apt-get as root, or through sudo when started by another user.
set -euo pipefail

what=${1:-gui}
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-sqlite qt6-qpa-plugins
    libqt6svg6 # the SVG icon engine, for the application icon
)
if [[ $what == test ]]; then
    packages+=(
        clang libclang-rt-14-dev # libFuzzer and the sanitizer runtimes for the fuzz preset
        xvfb xauth               # screenshots of the GUI
    )
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if ((${#missing[@]} == 0)); then
    echo "install-deps: every package is already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if ((EUID != 0)); then
    if ! command -v sudo >/dev/null; then
        echo "install-deps: these packages are missing and this is not root, and sudo is not" \
             "installed: as root, run apt-get install ${missing[*]}" >&2
        exit 1
    fi
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
