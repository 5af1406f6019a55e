#!/usr/bin/env bash
# Installs the Debian 12 packages LeaseDesk needs that are missing, and nothing else.
#   scripts/install-deps.sh gui      what building and running the GUI needs
#   scripts/install-deps.sh package  that, plus what scripts/package.sh needs for the .deb
#   scripts/install-deps.sh test     both, plus the compilers and tools the test suite uses
# Runs apt-get as root, or through sudo when started by another user.
set -euo pipefail

what=${1:-gui}
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-sqlite qt6-qpa-plugins
    libsqlite3-dev # the lease store's group commit uses SQLite's API on Qt's connection
    # utilization and traffic charts (behind widgets/timeserieschart.h); Debian 12's
    # Qt6Charts CMake package needs Qt6OpenGL's, which is in its own -dev package
    qt6-charts-dev libqt6opengl6-dev
    libqt6svg6 # the SVG icon engine, for the application icon
)
if [[ $what == package || $what == test ]]; then
    packages+=(
        dpkg-dev file # CPack's DEB generator: dpkg-shlibdeps finds the libraries, file the ELFs
        librsvg2-bin  # rsvg-convert renders the hicolor PNG icons from the SVG
    )
fi
if [[ $what == test ]]; then
    packages+=(
        # tests/package: the installed package's desktop file, metainfo and capabilities
        desktop-file-utils appstream libcap2-bin
        clang libclang-rt-14-dev # libFuzzer and the sanitizer runtimes for the fuzz preset
        xvfb xauth               # screenshots of the GUI
        kea-dhcp4-server         # kea-dhcp4 -t checks our Kea export; its service is kept off
        kea-admin                # perfdhcp: benchmarks/compare drives Kea, dnsmasq and us with it
        # tests/e2e: real clients in network namespaces (none of these starts a service)
        isc-dhcp-client udhcpc dhcpcd-base iproute2 python3
        # tests/e2e: a second DHCP server (dnsmasq-base: the binary, no service) and a
        # firewall inside a test namespace (nftables: its service is installed disabled
        # and not started, and the host's ruleset is never loaded or changed)
        dnsmasq-base nftables
        tshark                   # reads back the console's pcap export (tests/engine)
        dbus-daemon              # a private bus for the desktop notification test
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
# Packages that ship a DHCP server must not start serving the machine's real network when
# installed: a policy-rc.d that refuses service starts (Debian policy §9.3.3) is in place
# during the install, and their services are disabled afterwards. Nothing of ours is left.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    added_policy=1
fi
cleanup() { if ((added_policy)); then "${sudo[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
# Only units this run installed are touched; a Kea the admin already runs stays as it is.
if [[ " ${missing[*]} " == *" kea-dhcp4-server "* ]] && command -v systemctl >/dev/null \
    && [[ -d /run/systemd/system ]]; then
    for unit in kea-dhcp4-server kea-dhcp6-server kea-dhcp-ddns-server kea-ctrl-agent; do
        if systemctl list-unit-files "$unit.service" >/dev/null 2>&1; then
            "${sudo[@]}" systemctl disable --now "$unit.service" >/dev/null 2>&1 || true
        fi
    done
fi
