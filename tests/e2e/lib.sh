# lib.sh - shared helpers of the end-to-end tests (sourced, never run).
#
# Each test builds a network of its own out of named network namespaces (ip netns), a
# bridge and veth pairs, runs the real leasedesk-server in the server namespace and real
# DHCP clients in client namespaces, and removes all of it again, also on failure:
#
#   ns <tag>-srv : br0 (bridge, STP off) 198.18.0.1/24, leasedesk-server --interface br0
#                  port1, port2, ... enslaved to br0
#   ns <tag>-c1  : eth0 02:00:00:00:00:01 <-veth-> port1    (a client)
#   ...
#
# The rules these helpers keep (design.md, "Testing on a network of your own"):
# - only 198.18.0.0/15 is ever used, and traffic never leaves the namespaces made here
#   (both ends of every veth are created directly inside them; the root namespace, where
#   this machine's real interfaces live, never sees a link of ours and is never changed);
# - namespace names carry the test's PID, so runs in parallel cannot collide;
# - every process is started here and stopped by its PID; every namespace created here is
#   deleted on any exit (trap), and a watchdog turns an overlong run into a clean failure
#   before ctest's own timeout could kill the test without cleaning up;
# - clients keep their lease, pid and script files in the test's temporary directory and
#   run in a private mount namespace where /run is an empty tmpfs and /etc/resolv.conf,
#   /var/lib/dhcp and /var/lib/dhcpcd are private, so the host's files are never used.
#
# Usage in a test:   source "$(dirname "$0")/lib.sh" "$@"   (argument: the server binary)
# Exit codes: 0 pass, 1 fail, 77 skip (ctest SKIP_RETURN_CODE).

set -euo pipefail

# shellcheck disable=SC2034 # used by the tests that source this file
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_NAME=$(basename "$0" .sh)
SERVER_BIN=${1:-}
E2E_TIMEOUT=${E2E_TIMEOUT:-80}   # seconds; ctest's TIMEOUT for these tests is larger

TAG=ld${E2E_NAME:0:5}$$
NS_SRV=$TAG-srv
SERVER_IP=198.18.0.1

STARTED_PIDS=()
CREATED_NS=()
WORK=
SERVER_PID=
SERVER_LOG=
SERVER_RUNS=0
WATCHDOG_PID=
T0=$SECONDS

log() { printf '[%s %3ds] %s\n' "$E2E_NAME" $((SECONDS - T0)) "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
skip() { log "SKIP: $*"; exit 77; }

# ------------------------------------------------------------------ cleanup --

# alive PID and stop_pid PID [SIGNAL]: only processes we started, by PID.
# shellcheck source=tests/e2e/pids.sh
source "$E2E_DIR/pids.sh"

cleanup() {
    local rc=$? i
    set +e
    trap - EXIT INT TERM HUP
    [[ -n $WATCHDOG_PID ]] && stop_pid "$WATCHDOG_PID"
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${STARTED_PIDS[i]}"
    done
    # Helpers forked by our clients (dhcpcd's privilege-separation processes) can only live
    # in our namespaces: whatever is left in them was started by this test.
    if ! remove_namespaces "${CREATED_NS[@]}"; then
        ((rc == 0)) && rc=1
    fi
    if [[ -n $WORK && -d $WORK ]]; then
        if ((rc != 0 && rc != 77)); then
            dump_logs
        fi
        if [[ ${KEEP_WORK:-0} == 1 ]]; then
            log "kept work directory $WORK"
        else
            rm -rf -- "$WORK"
        fi
    fi
    case $rc in
        0) log "PASS" ;;
        77) ;;
        *) log "failed (exit $rc)" ;;
    esac
    exit "$rc"
}

# Every log of the run, for ctest's output on failure.
dump_logs() {
    local f
    for f in "$WORK"/server-*.log "$WORK"/*/events.log "$WORK"/*/client*.log "$WORK"/*.out; do
        [[ -f $f ]] || continue
        printf '\n----- %s\n' "${f#"$WORK"/}" >&2
        tail -n 80 "$f" >&2
    done
    printf '\n' >&2
}

trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated (watchdog: the test took longer than ${E2E_TIMEOUT} s?)"; exit 143' TERM
trap 'exit 129' HUP

# --------------------------------------------------------------- pre-checks --

# require_tools TOOL...: skip when one is missing.
require_tools() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || skip "$t is not installed (scripts/install-deps.sh test installs it)"
    done
}

[[ $(id -u) == 0 ]] || skip "needs root to create network namespaces (CI runs as root)"
[[ -n $SERVER_BIN && -x $SERVER_BIN ]] || fail "usage: $0 PATH/TO/leasedesk-server (got '${SERVER_BIN}')"
require_tools ip unshare mount sysctl

WORK=$(mktemp -d "/tmp/leasedesk-e2e-$E2E_NAME.XXXXXX")

# The host files no client may touch, compared at the end of every test
# (check_host_untouched): their list, sizes and times, and how many lines in them mention
# this test's addresses, MACs or domain. A change with new such lines fails the test; any
# other change (the host's own DHCP client renewing meanwhile) is only reported.
HOST_FILES=(/etc/resolv.conf /var/lib/dhcp /var/lib/dhcpcd /run/dhcpcd)
host_state() {
    local f
    for f in "${HOST_FILES[@]}"; do
        if [[ -e $f ]]; then
            find "$f" -xdev -printf '%p %s %T@\n' 2>/dev/null | sort
        else
            echo "no $f"
        fi
    done
}
host_traces() {
    { grep -rhEs '198\.1[89]\.|02:00:00:00:00:|lab\.test|e2e-' "${HOST_FILES[@]}" || true; } | wc -l
}
host_state >"$WORK/host-before.txt"
HOST_TRACES_BEFORE=$(host_traces)

check_host_untouched() {
    host_state >"$WORK/host-after.txt"
    if ! diff -u "$WORK/host-before.txt" "$WORK/host-after.txt" >"$WORK/host.diff"; then
        cat "$WORK/host.diff" >&2
        if [[ $(host_traces) != "$HOST_TRACES_BEFORE" ]]; then
            fail "the host's ${HOST_FILES[*]} now mention this test's addresses, MACs or domain"
        fi
        log "WARNING: the host's DHCP files changed during the test, with no trace of it (the host's own client?)"
    fi
}

# The watchdog: SIGTERM to this shell runs the cleanup trap (bash runs traps between
# commands, and every wait here is a loop of short sleeps).
start_watchdog "$E2E_TIMEOUT"

# ------------------------------------------------------------------ helpers --

# start_bg NAME CMD...: run CMD in the background with its output in $WORK/NAME, remember
# its PID in LAST_PID and for the cleanup.
start_bg() {
    local out=$1; shift
    "$@" >"$WORK/$out" 2>&1 &
    LAST_PID=$!
    STARTED_PIDS+=("$LAST_PID")
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds.
wait_for() {
    local timeout=$1 i; shift
    for ((i = 0; i < timeout * 5; i++)); do
        "$@" && return 0
        sleep 0.2
    done
    return 1
}

# ------------------------------------------------------------------ network --

# new_ns NAME: an empty namespace with lo up and IPv6 off (so no client or kernel sends
# router solicitations or DAD probes); remembered for the cleanup.
new_ns() {
    ip netns add "$1" 2>"$WORK/netns-add.err" || {
        [[ ${#CREATED_NS[@]} == 0 ]] && skip "cannot create a network namespace: $(cat "$WORK/netns-add.err")"
        fail "ip netns add $1: $(cat "$WORK/netns-add.err")"
    }
    CREATED_NS+=("$1")
    ip netns exec "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    ip -n "$1" link set lo up
}

# make_server_ns: the server namespace with the bridge br0 at 198.18.0.1/24.
make_server_ns() {
    ! ip netns list | awk '{print $1}' | grep -qxF "$NS_SRV" || fail "namespace $NS_SRV already exists"
    new_ns "$NS_SRV"
    ip -n "$NS_SRV" link add br0 type bridge stp_state 0 forward_delay 0
    ip -n "$NS_SRV" addr add "$SERVER_IP/24" dev br0
    ip -n "$NS_SRV" link set br0 up
}

# add_host_ns NS MAC PORT: a namespace with eth0 (MAC) wired to port PORT of br0. Both
# ends are created inside namespaces: the root namespace never sees them.
add_host_ns() {
    local ns=$1 mac=$2 port=$3
    new_ns "$ns"
    ip -n "$ns" link add eth0 address "$mac" type veth peer name "$port" netns "$NS_SRV"
    ip -n "$NS_SRV" link set "$port" master br0
    ip -n "$NS_SRV" link set "$port" up
    ip -n "$ns" link set eth0 up
}

# add_static_host NS MAC PORT IP/LEN: add_host_ns, and eth0 keeps the static address IP/LEN
# (a squatter on a pool address, another DHCP server). Its kernel answers ARP and ping for
# IP like any host.
add_static_host() {
    add_host_ns "$1" "$2" "$3"
    ip -n "$1" addr add "$4" dev eth0
}

# quiet_host NS: the host in NS never sends ARP requests for the server's address (a
# permanent neighbour entry with br0's MAC), so it shows itself on the wire only when asked.
# Call it once every port is on br0 (the bridge takes the lowest MAC of its ports).
quiet_host() {
    local mac
    mac=$(ip -n "$NS_SRV" -o link show br0 | grep -oE 'link/ether [0-9a-f:]{17}' | cut -d' ' -f2)
    [[ -n $mac ]] || fail "no MAC on br0 of $NS_SRV"
    ip -n "$1" neigh replace "$SERVER_IP" lladdr "$mac" dev eth0 nud permanent
}

# ------------------------------------------------------------------- server --

# start_server [ARGS...]: leasedesk-server on br0 in the server namespace with the database
# $WORK/db.sqlite and ARGS (e.g. --config FILE); waits until it serves. Each start logs to
# its own $WORK/server-N.log (SERVER_LOG). With --verbose unless SERVER_VERBOSE=0.
SERVER_VERBOSE=1
start_server() {
    local verbose=()
    [[ $SERVER_VERBOSE == 1 ]] && verbose=(--verbose)
    SERVER_RUNS=$((SERVER_RUNS + 1))
    SERVER_LOG=$WORK/server-$SERVER_RUNS.log
    start_bg "server-$SERVER_RUNS.log" ip netns exec "$NS_SRV" \
        "$SERVER_BIN" --db "$WORK/db.sqlite" "$@" --interface br0 "${verbose[@]}"
    SERVER_PID=$LAST_PID
    if ! wait_for 20 server_ready || ! alive "$SERVER_PID"; then
        if ! alive "$SERVER_PID"; then
            local rc=0
            wait "$SERVER_PID" || rc=$?
            fail "leasedesk-server exited with status $rc before serving"
        fi
        fail "leasedesk-server did not start serving within 20 s"
    fi
    log "server run $SERVER_RUNS serving (pid $SERVER_PID)"
}
server_ready() {
    grep -qs '^leasedesk-server: serving ' "$SERVER_LOG" && return 0
    alive "$SERVER_PID" || return 0
    return 1
}

# stop_server_gracefully [TERM|INT]: the server must log the signal and exit with status 0
# (under ASan that includes LeakSanitizer's verdict).
stop_server_gracefully() {
    local sig=${1:-TERM} num rc=0 i
    num=$(kill -l "$sig")
    alive "$SERVER_PID" || fail "leasedesk-server (pid $SERVER_PID) is no longer running"
    kill "-$sig" "$SERVER_PID"
    for ((i = 0; i < 100; i++)); do alive "$SERVER_PID" || break; sleep 0.1; done
    alive "$SERVER_PID" && fail "leasedesk-server still runs 10 s after SIG$sig"
    wait "$SERVER_PID" || rc=$?
    ((rc == 0)) || fail "leasedesk-server exited with status $rc after SIG$sig"
    grep -q "^leasedesk-server: stopping on signal $num\$" "$SERVER_LOG" ||
        fail "leasedesk-server did not log 'stopping on signal $num'"
    log "server run $SERVER_RUNS stopped by SIG$sig, exit status 0"
}

# reset_db: the next start_server begins with an empty database (the server is stopped).
reset_db() { rm -f -- "$WORK"/db.sqlite "$WORK"/db.sqlite-*; }

kill_server() {
    stop_pid "$SERVER_PID" KILL
    log "server run $SERVER_RUNS killed with SIGKILL"
}

# server_has REGEX [LOG]: the server's verbose log has a line matching the extended REGEX.
server_has() { grep -Eqs -- "$1" "${2:-$SERVER_LOG}"; }

# expect_server REGEX WHAT [SECONDS]: wait for such a line or fail naming WHAT.
expect_server() {
    wait_for "${3:-10}" server_has "$1" || fail "no server log line for $2 (regex: $1)"
}

# server_lines REGEX [LOG]: the server's lines matching the extended REGEX, indented, or
# "(none)": for FAIL messages that show what the server said instead.
server_lines() {
    local lines
    lines=$(grep -Es -- "$1" "${2:-$SERVER_LOG}" | sed 's/^/    /') || true
    printf '%s' "${lines:-    (none)}"
}

# A regex that matches a dotted address literally.
re_ip() { printf '%s' "${1//./\\.}"; }

# ------------------------------------------------------------------ clients --

# Private state for client NAME: $WORK/NAME/{run,lib-dhcp,lib-dhcpcd,resolv.conf}, plus
# NAME/hook.sh, a script that appends one line per event to NAME/events.log:
#   reason=BOUND ip=198.18.0.100 mask=255.255.255.0 router=198.18.0.1 dns=a,b domain=lab.test lease=600 t1=.. server=..
# With CONFIGURE=1 it also puts the leased address on the interface (dhclient and udhcpc
# leave that to their script; dhcpcd configures the interface itself). It never writes
# resolv.conf, routes or the hostname, and refuses to run in the root network namespace.
prepare_client() {
    local name=$1 configure=$2 d=$WORK/$1
    mkdir -p "$d/lib-dhcp" "$d/lib-dhcpcd"
    : >"$d/resolv.conf"
    : >"$d/events.log"
    cat >"$d/hook.sh" <<EOF
#!/bin/sh
LOG='$d/events.log'
CONFIGURE=$configure
EOF
    cat >>"$d/hook.sh" <<'EOF'
[ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] || exit 1
ours() { case "$1" in 198.18.*|198.19.*) return 0 ;; esac; return 1; }
if [ -n "${1:-}" ]; then
    # udhcpc: the event is the argument, the values are plain variables
    reason=$(echo "$1" | tr a-z A-Z)
    v_ip=${ip:-}; v_mask=${subnet:-}; v_router=${router:-}; v_dns=${dns:-}
    v_domain=${domain:-}; v_lease=${lease:-}; v_t1=; v_server=${serverid:-}
else
    # dhclient and dhcpcd: reason and new_* variables
    v_ip=${new_ip_address:-}; v_mask=${new_subnet_mask:-}; v_router=${new_routers:-}
    v_dns=${new_domain_name_servers:-}; v_domain=${new_domain_name:-}
    v_lease=${new_dhcp_lease_time:-}; v_t1=${new_dhcp_renewal_time:-}
    v_server=${new_dhcp_server_identifier:-}
fi
nospace() { echo "$*" | tr -s ' ' ','; }
echo "reason=${reason:-?} ip=$v_ip mask=$v_mask router=$(nospace $v_router) dns=$(nospace $v_dns) domain=$v_domain lease=$v_lease t1=$v_t1 server=$v_server" >>"$LOG"
[ "$CONFIGURE" = 1 ] || exit 0
iface=${interface:-}
[ -n "$iface" ] || exit 0
if [ -n "${1:-}" ]; then
    case "$1" in
        bound|renew) ours "$ip" && ip addr replace "$ip/${subnet:-255.255.255.0}" dev "$iface" ;;
        deconfig) ip -4 addr flush dev "$iface" ;;
    esac
else
    case "$reason" in
        PREINIT) ip link set dev "$iface" up ;;
        BOUND|RENEW|REBIND|REBOOT)
            ours "$new_ip_address" && ip addr replace "$new_ip_address/$new_subnet_mask" dev "$iface" ;;
        EXPIRE|FAIL|RELEASE|STOP)
            [ -n "${old_ip_address:-}" ] && ours "$old_ip_address" &&
                ip addr del "$old_ip_address/$old_subnet_mask" dev "$iface" ;;
    esac
fi
exit 0
EOF
    chmod 755 "$d/hook.sh"
}

# in_client NS NAME CMD...: exec CMD in namespace NS, in a private UTS namespace (hostname
# e2e-NAME) and a private mount namespace: /run is an empty tmpfs, /etc/resolv.conf,
# /var/lib/dhcp and /var/lib/dhcpcd are the client's own files in $WORK/NAME. Replaces the
# calling shell, so start_bg records the client's own PID.
in_client() {
    local ns=$1 name=$2; shift 2
    # shellcheck disable=SC2016 # the script is for sh, with its own arguments
    exec ip netns exec "$ns" unshare --uts --mount --propagation private sh -c '
        d=$0; name=$1; shift
        set -e
        hostname "e2e-$name"
        r=$(readlink -f /etc/resolv.conf || true)
        if [ -n "$r" ] && [ -f "$r" ]; then mount --bind "$d/resolv.conf" "$r"; fi
        if [ -d /var/lib/dhcp ] && [ -d /var/lib/dhcpcd ]; then
            mount --bind "$d/lib-dhcp" /var/lib/dhcp
            mount --bind "$d/lib-dhcpcd" /var/lib/dhcpcd
        else
            mount -t tmpfs -o mode=0755 e2e-varlib /var/lib
            mkdir -p /var/lib/dhcp /var/lib/dhcpcd
        fi
        mount -t tmpfs -o mode=0755 e2e-run /run
        exec "$@"' "$WORK/$name" "$name" "$@"
}

# Client command lines. Each client NAME runs as $WORK/NAME/client-N.log.
dhclient_conf() {
    cat >"$WORK/$1/dhclient.conf" <<'EOF'
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers,
        dhcp-lease-time, dhcp-renewal-time, dhcp-rebinding-time;
timeout 30;
retry 5;
initial-interval 1;
EOF
}

# start_dhclient NS NAME: dhclient in the foreground with private lease/pid files.
start_dhclient() {
    local ns=$1 name=$2 d=$WORK/$2
    [[ -f $d/dhclient.conf ]] || dhclient_conf "$name"
    CLIENT_RUN=$((${CLIENT_RUN:-0} + 1))
    start_bg "$name/client-$CLIENT_RUN.log" in_client "$ns" "$name" \
        dhclient -4 -d -v -cf "$d/dhclient.conf" -lf "$d/dhclient.leases" \
        -pf "$d/dhclient.pid" -sf "$d/hook.sh" eth0
}

# start_udhcpc NS NAME [ARGS...]: busybox udhcpc in the foreground (no release on exit).
start_udhcpc() {
    local ns=$1 name=$2 d=$WORK/$2; shift 2
    CLIENT_RUN=$((${CLIENT_RUN:-0} + 1))
    start_bg "$name/client-$CLIENT_RUN.log" in_client "$ns" "$name" \
        udhcpc -f -i eth0 -s "$d/hook.sh" -p "$d/udhcpc.pid" -t 10 -T 1 -A 2 "$@"
}

# start_dhcpcd NS NAME [CONFIG LINES...]: dhcpcd in the foreground, IPv4 only; its DBDIR
# (/var/lib/dhcpcd) and run directory are private (in_client).
start_dhcpcd() {
    local ns=$1 name=$2 d=$WORK/$2 line; shift 2
    {
        echo "hostname e2e-$name"
        echo "clientid"
        echo "option domain_name_servers, domain_name, subnet_mask, routers"
        echo "option rapid_commit"
        echo "require dhcp_server_identifier"
        echo "ipv4only"
        echo "noipv4ll"
        echo "script $d/hook.sh"
        for line in "$@"; do echo "$line"; done
    } >"$d/dhcpcd.conf"
    CLIENT_RUN=$((${CLIENT_RUN:-0} + 1))
    start_bg "$name/client-$CLIENT_RUN.log" in_client "$ns" "$name" \
        dhcpcd -4 -B -d -f "$d/dhcpcd.conf" eth0
}

# event NAME REASON: the last hook line of client NAME with that reason (empty if none).
event() { grep -E "^reason=$2 " "$WORK/$1/events.log" | tail -n 1 || true; }
has_event() { [[ -n $(event "$1" "$2") ]]; }
# field LINE KEY: the value of KEY= in a hook line.
field() { local f; for f in $1; do [[ $f == "$2="* ]] && { printf '%s' "${f#*=}"; return 0; }; done; return 0; }

# expect_event NAME REGEX_OF_REASONS SECONDS PID: wait for a hook line with such a reason
# while the client keeps running; the line is left in EVENT. (Not meant for $(...): the
# polling runs in the test's own shell, so the watchdog's SIGTERM is handled at once.)
expect_event() {
    local name=$1 reasons=$2 timeout=$3 pid=$4 i
    EVENT=
    for ((i = 0; i < timeout * 5; i++)); do
        EVENT=$(grep -E "^reason=($reasons) " "$WORK/$name/events.log" | tail -n 1 || true)
        [[ -n $EVENT ]] && return 0
        alive "$pid" || fail "$name exited before reporting $reasons (see $name/client logs)"
        sleep 0.2
    done
    fail "$name reported no $reasons within $timeout s"
}

# run_fg OUT CMD...: CMD in the background with output in $WORK/OUT, waited for with the
# wait builtin (which a trapped signal interrupts); returns CMD's exit status.
run_fg() {
    local out=$1 pid rc=0; shift
    "$@" >"$WORK/$out" 2>&1 &
    pid=$!
    STARTED_PIDS+=("$pid")
    wait "$pid" || rc=$?
    return "$rc"
}

# ns_has_addr NS IP: eth0 of NS carries IP.
ns_has_addr() { ip -n "$1" -4 -o addr show dev eth0 | grep -q " inet $(re_ip "$2")/"; }

ip2int() { local a b c d; IFS=. read -r a b c d <<<"$1"; echo $(((a << 24) | (b << 16) | (c << 8) | d)); }
# in_pool IP START END
in_pool() {
    [[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || return 1
    local a; a=$(ip2int "$1")
    ((a >= $(ip2int "$2") && a <= $(ip2int "$3")))
}
