#!/usr/bin/env bash
# e2e_restart: leases survive a graceful restart (SIGTERM) and a crash (SIGKILL) of the
# server: every client keeps its address, through INIT-REBOOT and through a new DISCOVER,
# and other clients asking for a taken address (option 50 in their DISCOVER) are given
# another one.
#
#   ns <tag>-srv : br0 198.18.0.1/24, leasedesk-server --interface br0 --db $WORK/db.sqlite
#   ns <tag>-c1  : eth0 02:00:00:00:00:31 <-> port1   dhclient
#   ns <tag>-c2  : eth0 02:00:00:00:00:32 <-> port2   udhcpc -r A
#   ns <tag>-c3  : eth0 02:00:00:00:00:33 <-> port3   dhcpcd (request A)
#   ns <tag>-c4  : eth0 02:00:00:00:00:34 <-> port4   udhcpc -r C
#
#   run 1 (--config)  c1 DORA -> A; dhclient killed (no RELEASE); server SIGTERM
#   run 2 (same db)   c2 asks for A -> B != A (before c1 shows up again);
#                     c1 INIT-REBOOT -> A; c1 DORA with a new lease file -> A;
#                     c3 asks for A -> C, neither A nor B; server SIGKILL right after C's ACK
#   run 3 (same db)   c4 asks for C -> D, none of A, B, C (before anyone shows up again);
#                     c3 INIT-REBOOT -> C; c2 asks for A -> B again;
#                     c1 INIT-REBOOT -> A; c1 DORA -> A; SIGINT (also a clean stop)
#
# Usage: restart.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools dhclient udhcpc dhcpcd

POOL_START=198.18.0.100
POOL_END=198.18.0.150
NS1=$TAG-c1; NS2=$TAG-c2; NS3=$TAG-c3; NS4=$TAG-c4
MAC1=02:00:00:00:00:31; MAC2=02:00:00:00:00:32; MAC3=02:00:00:00:00:33; MAC4=02:00:00:00:00:34

make_server_ns
add_host_ns "$NS1" "$MAC1" port1
add_host_ns "$NS2" "$MAC2" port2
add_host_ns "$NS3" "$MAC3" port3
add_host_ns "$NS4" "$MAC4" port4
prepare_client dhclient 1
prepare_client udhcpc 1
prepare_client dhcpcd 0
prepare_client udhcpc-c4 1

cat >"$WORK/config.json" <<EOF
{"scopes": [{
    "name": "lab",
    "subnet": "198.18.0.0/24",
    "ranges": [{"start": "$POOL_START", "end": "$POOL_END"}],
    "lease_time": 600,
    "router": "198.18.0.1",
    "dns": ["198.18.0.1"],
    "domain": "lab.test"
}]}
EOF

# A client "crashes": SIGKILL (no RELEASE), its address goes from the interface, and its
# hook log starts afresh so the next expect_event sees only the next run.
crash_client() {
    local pid=$1 ns=$2 name=$3
    stop_pid "$pid" KILL
    # dhcpcd's privilege-separation helpers outlive a SIGKILLed parent; they are ours and
    # can only be in this client's namespace
    for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null || true; done
    ip -n "$ns" -4 addr flush dev eth0
    rm -f "$WORK/$name"/*.pid
    cat "$WORK/$name/events.log" >>"$WORK/$name/events-all.log"
    : >"$WORK/$name/events.log"
}

# dhclient_run REASON [fresh]: start dhclient in c1 (with its lease file, or without one
# when "fresh"), wait for REASON, check the address is A (once A is known), crash it.
dhclient_run() {
    local reason=$1 fresh=${2:-} line ip
    [[ $fresh == fresh ]] && rm -f "$WORK/dhclient/dhclient.leases"
    start_dhclient "$NS1" dhclient
    expect_event dhclient "$reason" 30 "$LAST_PID"; line=$EVENT
    ip=$(field "$line" ip)
    log "dhclient ($reason${fresh:+, new lease file}): $ip"
    in_pool "$ip" "$POOL_START" "$POOL_END" || fail "dhclient got $ip, not in the pool"
    if [[ -n ${A:-} && $ip != "$A" ]]; then
        fail "dhclient ($MAC1) got $ip after the restart instead of its address $A"
    fi
    crash_client "$LAST_PID" "$NS1" dhclient
    LAST_IP=$ip
}

# udhcpc_run NS NAME MAC WANT: udhcpc asking for WANT (option 50 in its DISCOVER); the
# address it was given is left in LAST_IP; the client is crashed afterwards.
udhcpc_run() {
    local ns=$1 name=$2 mac=$3 want=$4 line ip
    start_udhcpc "$ns" "$name" -r "$want"
    expect_event "$name" BOUND 30 "$LAST_PID"; line=$EVENT
    ip=$(field "$line" ip)
    in_pool "$ip" "$POOL_START" "$POOL_END" || fail "$name ($mac) got $ip, not in the pool"
    expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $mac: acknowledged $(re_ip "$ip") for 600 s$" \
        "the lease of $name ($mac)"
    crash_client "$LAST_PID" "$ns" "$name"
    log "$name ($mac) asking for $want got $ip"
    LAST_IP=$ip
}

# ---- run 1: first lease
start_server --config "$WORK/config.json"
dhclient_run BOUND
A=$LAST_IP
expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $MAC1: acknowledged $(re_ip "$A") for 600 s$" "c1's lease"
stop_server_gracefully TERM

# ---- run 2: after SIGTERM, same database, no --config
start_server
server_has '^leasedesk-server: serving 1 scope' || fail "run 2 does not serve the stored scope"
udhcpc_run "$NS2" udhcpc "$MAC2" "$A"
B=$LAST_IP
[[ $B != "$A" ]] || fail "after SIGTERM, udhcpc ($MAC2) was given $A, which belongs to $MAC1"
dhclient_run REBOOT
expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $MAC1: confirmed after reboot $(re_ip "$A") for [0-9]+ s$" \
    "c1's INIT-REBOOT after SIGTERM"
dhclient_run BOUND fresh
expect_server "^br0 < DISCOVER xid 0x[0-9a-f]{8} from $MAC1: offered $(re_ip "$A") " "c1's DISCOVER after SIGTERM"

start_dhcpcd "$NS3" dhcpcd noarp "request $A"
DPID=$LAST_PID
expect_event dhcpcd BOUND 30 "$DPID"; line=$EVENT
C=$(field "$line" ip)
log "dhcpcd ($MAC3) asking for $A got $C"
in_pool "$C" "$POOL_START" "$POOL_END" || fail "dhcpcd got $C, not in the pool"
[[ $C != "$A" && $C != "$B" ]] || fail "dhcpcd ($MAC3) was given $C, which belongs to another client"
# crash right after the ACK: what was acknowledged must already be on disk
expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $MAC3: acknowledged $(re_ip "$C") for 600 s$" "c3's lease"
kill_server
crash_client "$DPID" "$NS3" dhcpcd

# ---- run 3: after SIGKILL
start_server
udhcpc_run "$NS4" udhcpc-c4 "$MAC4" "$C"
D=$LAST_IP
[[ $D != "$A" && $D != "$B" && $D != "$C" ]] ||
    fail "after SIGKILL, udhcpc ($MAC4) was given $D, which belongs to another client"

# dhcpcd still has its lease file (private /var/lib/dhcpcd): INIT-REBOOT
start_dhcpcd "$NS3" dhcpcd noarp
DPID=$LAST_PID
expect_event dhcpcd 'REBOOT|BOUND' 30 "$DPID"; line=$EVENT
log "dhcpcd ($MAC3) after SIGKILL: $line"
[[ $(field "$line" ip) == "$C" ]] || fail "after SIGKILL dhcpcd ($MAC3) got $(field "$line" ip) instead of its address $C"
expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $MAC3: confirmed after reboot $(re_ip "$C") for [0-9]+ s$" \
    "c3's INIT-REBOOT after SIGKILL"
stop_pid "$DPID"

udhcpc_run "$NS2" udhcpc "$MAC2" "$A"
[[ $LAST_IP == "$B" ]] || fail "after SIGKILL udhcpc ($MAC2) got $LAST_IP instead of its own address $B"

dhclient_run REBOOT
expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $MAC1: confirmed after reboot $(re_ip "$A") for [0-9]+ s$" \
    "c1's INIT-REBOOT after SIGKILL"
dhclient_run BOUND fresh
expect_server "^br0 < DISCOVER xid 0x[0-9a-f]{8} from $MAC1: offered $(re_ip "$A") " "c1's DISCOVER after SIGKILL"

server_has 'not sent:|lease store write failed' && fail "the server could not send a reply"
for f in "$WORK"/server-*.log; do
    printf '    --- %s\n' "${f##*/}" >&2
    grep -E '^br0 ' "$f" | sed 's/^/    /' >&2
done
stop_server_gracefully INT
check_host_untouched
log "A=$A (c1), B=$B (c2), C=$C (c3), D=$D (c4)"
