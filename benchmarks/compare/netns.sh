# shellcheck shell=bash
# netns.sh - the network of its own that perfdhcp-compare.sh runs on (sourced, never run).
#
# Two named network namespaces joined by one veth pair, both ends created directly inside
# them, so the root namespace (where this machine's real interfaces live) never sees a link
# of ours and is never changed (design.md, "Testing on a network of your own"):
#
#   ns <tag>-srv : srv0 198.18.0.1/15   the DHCP server under test listens here
#   ns <tag>-cli : cli0 198.18.0.2/15   perfdhcp, acting as a relay (giaddr 198.18.0.2)
#
# The ideas are those of tests/e2e/lib.sh, cut down to what a benchmark needs: only
# 198.18.0.0/15 is used; names carry our PID; every process is started here and stopped by
# its PID; every namespace and the work directory are removed on any exit (trap), and a
# watchdog turns an overlong run into a clean failure before ctest's own timeout could kill
# the script without cleaning up. Progress goes to stderr; stdout is left for the results.
#
# Exit codes: 0 done, 1 failure, 77 skip (ctest SKIP_RETURN_CODE).

set -euo pipefail

NS_TAG=ldcmp$$
NS_SRV=$NS_TAG-srv
NS_CLI=$NS_TAG-cli
SRV_IF=srv0
CLI_IF=cli0
SRV_IP=198.18.0.1
CLI_IP=198.18.0.2
NET_PREFIX=15

STARTED_PIDS=()
CREATED_NS=()
WORK=
WATCHDOG_PID=
T0=$SECONDS

log() { printf '[compare %4ds] %s\n' $((SECONDS - T0)) "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
skip() { log "SKIP: $*"; exit 77; }

# alive PID and stop_pid PID [SIGNAL], shared with the end-to-end tests.
# shellcheck source=tests/e2e/pids.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tests/e2e/pids.sh"

# forget_pid PID: PID has been stopped and waited for; the cleanup need not try again.
forget_pid() {
    local i
    for i in "${!STARTED_PIDS[@]}"; do
        [[ ${STARTED_PIDS[i]} == "$1" ]] && unset 'STARTED_PIDS[i]'
    done
    STARTED_PIDS=("${STARTED_PIDS[@]}")
}

cleanup() {
    local rc=$? i
    set +e
    trap - EXIT INT TERM HUP ERR
    [[ -n $WATCHDOG_PID ]] && stop_pid "$WATCHDOG_PID"
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${STARTED_PIDS[i]}"
    done
    # Only processes we started can live in our namespaces.
    if ! remove_namespaces "${CREATED_NS[@]}"; then
        ((rc == 0)) && rc=1
    fi
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ ${KEEP_WORK:-0} == 1 ]]; then
            log "kept work directory $WORK"
        else
            rm -rf -- "$WORK"
        fi
    fi
    ((rc == 0 || rc == 77)) || log "failed (exit $rc)"
    exit "$rc"
}

trap cleanup EXIT
# set -e stops silently: name the command that failed.
set -E
trap 'log "error: \"$BASH_COMMAND\" failed (line $LINENO)"' ERR
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated (watchdog: longer than ${WATCHDOG_S:-?} s?)"; exit 143' TERM
trap 'exit 129' HUP


# make_work_dir: the run's directory on disk (/var/tmp, not a tmpfs /tmp), so that lease
# databases and files pay for real writes.
make_work_dir() {
    WORK=$(mktemp -d /var/tmp/leasedesk-compare.XXXXXX)
}

# start_bg OUT CMD...: CMD in the background, output in OUT; its PID in LAST_PID.
start_bg() {
    local out=$1
    shift
    "$@" >"$out" 2>&1 &
    LAST_PID=$!
    STARTED_PIDS+=("$LAST_PID")
}

# run_fg OUT CMD...: CMD with output in OUT, waited for with the wait builtin (which a
# trapped signal interrupts, so Ctrl-C and the watchdog act at once); returns its status.
run_fg() {
    local out=$1 pid rc=0
    shift
    "$@" >"$out" 2>&1 &
    pid=$!
    STARTED_PIDS+=("$pid")
    wait "$pid" || rc=$?
    forget_pid "$pid"
    return "$rc"
}

# new_ns NAME: an empty namespace with lo up and IPv6 off (no router solicitations or DAD).
new_ns() {
    local err=$WORK/netns-add.err
    ip netns add "$1" 2>"$err" || {
        ((${#CREATED_NS[@]} == 0)) && skip "cannot create a network namespace: $(cat "$err")"
        fail "ip netns add $1: $(cat "$err")"
    }
    CREATED_NS+=("$1")
    ip netns exec "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    ip -n "$1" link set lo up
}

# make_network: the two namespaces and the veth pair between them.
make_network() {
    new_ns "$NS_SRV"
    new_ns "$NS_CLI"
    ip -n "$NS_CLI" link add "$CLI_IF" type veth peer name "$SRV_IF" netns "$NS_SRV"
    ip -n "$NS_SRV" addr add "$SRV_IP/$NET_PREFIX" dev "$SRV_IF"
    ip -n "$NS_CLI" addr add "$CLI_IP/$NET_PREFIX" dev "$CLI_IF"
    ip -n "$NS_SRV" link set "$SRV_IF" up
    ip -n "$NS_CLI" link set "$CLI_IF" up
}
