#!/usr/bin/env bash
# tests/package: the Debian package from build to purge, on this machine (issue 10).
#
#   1. scripts/package.sh builds the .deb from BUILD_DIR; apt-get installs it;
#   2. what it installed: the files, desktop-file-validate, appstreamcli validate, the man
#      pages, the unit (systemd-analyze verify), the leasedesk group, root:leasedesk 0750
#      and both capabilities on both binaries (getcap), `leasedesk-server --version`;
#   3. the INSTALLED server serves a real client (udhcpc) in namespaces of its own, run as a
#      throwaway unprivileged user in the leasedesk group: only the file capabilities let it
#      bind port 67 (a copy of the binary without them must fail, and must serve with the
#      unit's ambient capabilities instead), and it drops them once its sockets are open;
#   4. postinst's fallback when setcap fails: it says so and still succeeds;
#   5. apt-get purge: the files, the group and the service's data are gone.
# The package is purged and the user removed on any exit (trap), like the namespaces
# (tests/e2e/lib.sh). Not a ctest test: it installs into the system. scripts/test.sh runs it
# after the dev stage.
#
# Usage (as root): tests/package/package.sh [BUILD_DIR]   (default build/dev)
#   LEASEDESK_DEB=FILE.deb tests/package/package.sh          tests that package instead
# Exit codes: 0 pass, 1 fail, 77 skip.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(realpath -m "${1:-$ROOT/build/dev}")
if [[ $(id -u) != 0 ]]; then
    echo "[package] SKIP: installs a package and creates network namespaces: needs root" >&2
    exit 77
fi
# Purging a LeaseDesk someone installed on purpose would be rude: refuse instead.
if dpkg-query -W -f='${Status}' leasedesk 2>/dev/null | grep -q installed; then
    echo "[package] FAIL: leasedesk is already installed here; this test installs and purges it" >&2
    exit 1
fi
if getent group leasedesk >/dev/null; then
    echo "[package] FAIL: a leasedesk group exists without the package; the purge check needs it gone" >&2
    exit 1
fi

E2E_TIMEOUT=${E2E_TIMEOUT:-170}
# lib.sh's argument is the server its start_server runs; this test starts the installed one
# itself (start_as_user), so it only has to be an executable.
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh" "$(type -P true)"
require_tools apt-get desktop-file-validate appstreamcli getcap setpriv useradd udhcpc file

APP_ID=org.leasedesk.LeaseDesk
SERVER=/usr/bin/leasedesk-server
GUI=/usr/bin/leasedesk
USER_NAME=ldpkg$$
USER_MADE=0

# Before lib.sh's cleanup (which stops our processes and deletes the namespaces, then exits):
# the server runs as the throwaway user, so it goes first; then the package and the user.
package_cleanup() {
    local rc=$?
    set +e
    [[ -n $SERVER_PID ]] && stop_pid "$SERVER_PID"
    if dpkg-query -W -f='${Status}' leasedesk 2>/dev/null | grep -q installed; then
        log "purging the package"
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q leasedesk >"$WORK/apt-purge-trap.out" 2>&1 ||
            log "apt-get purge leasedesk failed: $(tail -n 3 "$WORK/apt-purge-trap.out")"
    fi
    ((USER_MADE)) && userdel "$USER_NAME" 2>/dev/null
    (exit "$rc")
    cleanup
}
trap package_cleanup EXIT

# ---------------------------------------------------------------- 1. install --

if [[ -n ${LEASEDESK_DEB:-} ]]; then
    DEB=$(realpath "$LEASEDESK_DEB") # a package built elsewhere (a CI artifact)
else
    log "building the package from $BUILD"
    run_fg package.out "$ROOT/scripts/package.sh" "$BUILD" ||
        fail "scripts/package.sh failed: $(tail -n 20 "$WORK/package.out")"
    DEB=$(tail -n 1 "$WORK/package.out")
fi
[[ $DEB == *.deb && -f $DEB ]] || fail "scripts/package.sh printed no .deb path (last line: $DEB)"
log "built $DEB ($(du -k "$DEB" | cut -f1) KiB)"
# Both binaries print the project's version, which is the package's.
EXPECTED_VERSION="leasedesk $(dpkg-deb --field "$DEB" Version)"
dpkg-deb --field "$DEB" Depends >"$WORK/depends.txt"
for dep in libqt6sql6-sqlite qt6-qpa-plugins libqt6svg6 libqt6core6 libqt6widgets6 libc6; do
    grep -qE "(^|, )$dep( |,|$)" "$WORK/depends.txt" || fail "Depends lacks $dep: $(cat "$WORK/depends.txt")"
done

export DEBIAN_FRONTEND=noninteractive
run_fg apt-install.out apt-get install -y -q "$DEB" || fail "apt-get install failed: $(tail -n 20 "$WORK/apt-install.out")"
log "installed with apt-get"
grep -q 'cannot grant\|gets no capabilities' "$WORK/apt-install.out" &&
    fail "postinst could not grant the capabilities: $(grep '^leasedesk:' "$WORK/apt-install.out")"
dpkg -L leasedesk >"$WORK/files.txt"

# ------------------------------------------------------------ 2. what it is --

expect_file() {
    if ! grep -qxF "$1" "$WORK/files.txt" || [[ ! -f $1 ]]; then fail "the package did not install $1"; fi
}
expect_file "$GUI"
expect_file "$SERVER"
expect_file "/usr/share/applications/$APP_ID.desktop"
expect_file "/usr/share/metainfo/$APP_ID.metainfo.xml"
expect_file "/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 22 24 32 48 64 128 256; do
    png=/usr/share/icons/hicolor/${size}x$size/apps/$APP_ID.png
    expect_file "$png"
    file -b "$png" | grep -q "^PNG image data, $size x $size," || fail "$png is $(file -b "$png")"
done
expect_file /usr/share/man/man1/leasedesk.1.gz
expect_file /usr/share/man/man8/leasedesk-server.8.gz
expect_file /usr/lib/systemd/system/leasedesk-server.service
expect_file /etc/default/leasedesk-server

desktop-file-validate "/usr/share/applications/$APP_ID.desktop" >"$WORK/desktop.out" 2>&1 ||
    fail "desktop-file-validate: $(cat "$WORK/desktop.out")"
appstreamcli validate --no-net "/usr/share/metainfo/$APP_ID.metainfo.xml" >"$WORK/appstream.out" 2>&1 ||
    fail "appstreamcli validate: $(cat "$WORK/appstream.out")"
grep -q "^Icon=$APP_ID\$" "/usr/share/applications/$APP_ID.desktop" || fail "the desktop file's Icon is not $APP_ID"
grep -q "<launchable type=\"desktop-id\">$APP_ID.desktop</launchable>" \
    "/usr/share/metainfo/$APP_ID.metainfo.xml" || fail "the metainfo does not launch $APP_ID.desktop"
log "desktop file and metainfo valid"
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /usr/lib/systemd/system/leasedesk-server.service >"$WORK/verify.out" 2>&1 ||
        fail "systemd-analyze verify: $(cat "$WORK/verify.out")"
    log "systemd-analyze verify: the unit is clean"
else
    log "systemd-analyze is not installed: the unit is not verified"
fi

getent group leasedesk >/dev/null || fail "postinst created no leasedesk group"
for bin in "$GUI" "$SERVER"; do
    [[ $(stat -c '%U:%G %a' "$bin") == "root:leasedesk 750" ]] ||
        fail "$bin is $(stat -c '%U:%G %a' "$bin"), not root:leasedesk 750"
    # getcap prints "FILE cap_net_bind_service,cap_net_raw=ep" (the order libcap keeps).
    caps=$(getcap "$bin")
    [[ $caps == *cap_net_bind_service* && $caps == *cap_net_raw* && $caps == *=ep ]] ||
        fail "getcap $bin: '$caps', not both capabilities +ep"
    ldd "$bin" | grep -q 'not found' && fail "$bin misses a library: $(ldd "$bin" | grep 'not found')"
done
log "root:leasedesk 0750 and cap_net_bind_service,cap_net_raw=ep on both binaries"
version=$("$SERVER" --version)
[[ $version == "$EXPECTED_VERSION" ]] || fail "leasedesk-server --version printed '$version', not '$EXPECTED_VERSION'"
log "leasedesk-server --version: $version"

# ----------------------------------------------------- 3. serve, unprivileged --

# A system user of our own in the leasedesk group, the way an admin lets someone serve.
useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --gid nogroup --groups leasedesk "$USER_NAME" || fail "useradd $USER_NAME failed"
USER_MADE=1
DATA=$WORK/user-data # the user's: the database, the configuration, a runtime folder
install -d -o "$USER_NAME" -g nogroup -m 0700 "$DATA" "$DATA/run"
chmod 0711 "$WORK"
as_user() { setpriv --reuid="$USER_NAME" --regid=nogroup --init-groups --reset-env "$@"; }
# Only the group makes the binaries executable: the console runs (offscreen, opening no
# sockets: --no-serve), so Qt finds its platform plugin. Its runtime folder is ours, not
# one Qt would make in /tmp.
gui_version=$(as_user env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$DATA/run" \
    "$GUI" --no-serve --version 2>"$WORK/gui.err") ||
    fail "the console did not start as a member of leasedesk: $(cat "$WORK/gui.err")"
[[ $gui_version == "$EXPECTED_VERSION" ]] || fail "leasedesk --version printed '$gui_version', not '$EXPECTED_VERSION'"

# check_man PAGE HELP: the hand-written page renders without a groff warning and documents
# every option that --help (saved in HELP) lists.
check_man() {
    local page=$1 help=$2 opt
    if command -v man >/dev/null; then
        MANWIDTH=80 man --warnings -l "$page" >"$WORK/man.txt" 2>"$WORK/man.err" || fail "man -l $page failed"
        [[ ! -s $WORK/man.err ]] || fail "groff warns about $page: $(cat "$WORK/man.err")"
    fi
    zcat "$page" >"$WORK/man.troff"
    grep -oE -- '--[a-z][a-z-]+' "$help" | sort -u >"$WORK/help-options.txt"
    while read -r opt; do
        grep -qF -- "${opt//-/\\-}" "$WORK/man.troff" || fail "$page does not document $opt (from --help)"
    done <"$WORK/help-options.txt"
}
as_user env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$DATA/run" "$GUI" --no-serve --help \
    >"$WORK/gui-help.txt" 2>>"$WORK/gui.err" || fail "leasedesk --help failed: $(cat "$WORK/gui.err")"
"$SERVER" --help >"$WORK/server-help.txt" || fail "leasedesk-server --help failed"
check_man /usr/share/man/man1/leasedesk.1.gz "$WORK/gui-help.txt"
check_man /usr/share/man/man8/leasedesk-server.8.gz "$WORK/server-help.txt"
log "the man pages render and document every option of --help"
cat >"$DATA/config.json" <<'EOF'
{"scopes": [{
    "name": "lab",
    "subnet": "198.18.0.0/24",
    "ranges": [{"start": "198.18.0.100", "end": "198.18.0.150"}],
    "lease_time": 600,
    "router": "198.18.0.1",
    "domain": "lab.test"
}]}
EOF
chown "$USER_NAME" "$DATA/config.json"

make_server_ns
add_host_ns "$TAG-c1" 02:00:00:00:00:0a port1

# start_as_user LABEL [SETPRIV OPTIONS...] -- BINARY ARGS...: the server in the server
# namespace as the throwaway user (only the leasedesk group lets it execute the binary);
# waits until it serves.
start_as_user() {
    local label=$1 opts=()
    shift
    while [[ $1 != -- ]]; do opts+=("$1"); shift; done
    shift
    SERVER_RUNS=$((SERVER_RUNS + 1))
    SERVER_LOG=$WORK/server-$SERVER_RUNS.log
    start_bg "server-$SERVER_RUNS.log" ip netns exec "$NS_SRV" setpriv --reuid="$USER_NAME" \
        --regid=nogroup --init-groups --reset-env "${opts[@]}" "$@" --interface br0 --verbose
    SERVER_PID=$LAST_PID
    if ! wait_for 20 server_ready || ! alive "$SERVER_PID"; then
        fail "$label did not start serving as $USER_NAME: $(tail -n 5 "$SERVER_LOG")"
    fi
}

# The control: the same binary without file capabilities (install drops them) cannot serve.
install -o root -g leasedesk -m 0750 "$SERVER" "$DATA/server-without-caps"
rc=0
ip netns exec "$NS_SRV" setpriv --reuid="$USER_NAME" --regid=nogroup --init-groups --reset-env \
    "$DATA/server-without-caps" --db "$DATA/control.sqlite" --interface br0 \
    >"$WORK/control.out" 2>&1 || rc=$?
if ((rc != 1)) || ! grep -q 'setcap cap_net_bind_service,cap_net_raw+ep' "$WORK/control.out"; then
    fail "without file capabilities the server did not refuse (exit $rc): $(cat "$WORK/control.out")"
fi
log "without the file capabilities: refused, with the setcap hint"

# That copy under the service's rights instead (installer/systemd: a user of its own, the two
# capabilities ambient and bounding, no_new_privs): what the unit relies on where setcap was
# impossible. systemd itself does not run here; setpriv sets up the same process state.
unit_caps=-all,+net_bind_service,+net_raw
start_as_user "the copy without file capabilities, under the unit's rights" \
    --inh-caps="$unit_caps" --ambient-caps="$unit_caps" --bounding-set="$unit_caps" --no-new-privs -- \
    "$DATA/server-without-caps" --db "$DATA/control.sqlite" --config "$DATA/config.json"
stop_server_gracefully TERM
log "with the unit's ambient capabilities instead: serves"

start_as_user "the installed server" -- "$SERVER" --db "$DATA/db.sqlite" --config "$DATA/config.json"
[[ $(stat -c %U "/proc/$SERVER_PID") == "$USER_NAME" ]] || fail "the server does not run as $USER_NAME"
cap_eff=$(awk '/^CapEff:/ {print $2}' "/proc/$SERVER_PID/status")
((16#$cap_eff == 0)) || fail "the serving server still holds capabilities (CapEff $cap_eff)"
log "installed server serving as $USER_NAME (capabilities dropped)"

prepare_client c1 1
start_udhcpc "$TAG-c1" c1
expect_event c1 BOUND 30 "$LAST_PID"
ip=$(field "$EVENT" ip)
in_pool "$ip" 198.18.0.100 198.18.0.150 || fail "udhcpc got '$ip', not an address of the pool"
expect_server "^br0 > ACK xid 0x[0-9a-f]{8} to 02:00:00:00:00:0a: $(re_ip "$ip")" "the ACK to udhcpc"
wait_for 10 ns_has_addr "$TAG-c1" "$ip" || fail "$ip is not on the client's eth0"
log "udhcpc bound $ip from the installed server"
stop_pid "$LAST_PID"
stop_server_gracefully TERM
check_host_untouched

# ---------------------------------------------------- 4. setcap impossible --

# A setcap that fails as on a filesystem without extended attributes: postinst must say so
# plainly and still succeed, or dpkg would leave the package half-configured.
mkdir -p "$WORK/nosetcap"
printf '#!/bin/sh\necho "Failed to set capabilities on file: Operation not supported" >&2\nexit 1\n' \
    >"$WORK/nosetcap/setcap"
chmod 755 "$WORK/nosetcap/setcap"
PATH=$WORK/nosetcap:$PATH /var/lib/dpkg/info/leasedesk.postinst configure "${EXPECTED_VERSION#leasedesk }" \
    >"$WORK/fallback.out" 2>&1 || fail "postinst failed when setcap could not work: $(cat "$WORK/fallback.out")"
if ! grep -q "cannot grant cap_net_bind_service,cap_net_raw+ep to $SERVER: Failed to set" \
    "$WORK/fallback.out" || ! grep -q 'only root can serve' "$WORK/fallback.out"; then
    fail "postinst did not say that setcap failed: $(cat "$WORK/fallback.out")"
fi
[[ -z $(getcap "$SERVER") ]] || fail "after a failed setcap $SERVER still has $(getcap "$SERVER")"
log "setcap impossible: postinst says so and succeeds"

# --------------------------------------------------------------- 5. purge --

run_fg apt-purge.out apt-get purge -y -q leasedesk || fail "apt-get purge failed: $(tail -n 20 "$WORK/apt-purge.out")"
dpkg-query -W -f='${Status}' leasedesk 2>/dev/null | grep -q installed && fail "leasedesk is still installed"
getent group leasedesk >/dev/null && fail "the purge left the leasedesk group"
while read -r f; do
    [[ -f $f || -L $f ]] && fail "the purge left $f"
done <"$WORK/files.txt"
for d in /var/lib/leasedesk /etc/leasedesk /usr/share/doc/leasedesk; do
    [[ -e $d ]] && fail "the purge left $d"
done
log "purged: no file, no group left (package test took $((SECONDS - T0)) s)"
