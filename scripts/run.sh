#!/usr/bin/env bash
# Installs what is missing, builds LeaseDesk and starts the GUI. Without arguments it runs
# the simulated lab (virtual clients, a squatter and a rogue server in memory: no rights
# needed, no network touched); with arguments they go to the GUI instead, for example
# --db FILE to serve the lab from that database.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh gui
cmake --preset dev >/dev/null
cmake --build --preset dev

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    echo "run: no display (DISPLAY and WAYLAND_DISPLAY are unset). Start it from a desktop" \
         "session, or on a virtual display (apt-get install xvfb): xvfb-run build/dev/app/leasedesk" >&2
    exit 1
fi
if (($# == 0)); then
    set -- --simulate
fi
exec build/dev/app/leasedesk "$@"
