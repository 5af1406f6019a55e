#!/usr/bin/env bash
# e2e_renewal: with a short lease (60 s, T1 10 s, T2 45 s) the three real clients renew in
# RENEWING state (unicast REQUEST with ciaddr), the server ACKs ("renewed ... for 60 s",
# not "rebound"), and every client keeps its address.
#
#   ns <tag>-srv : br0 198.18.0.1/24, leasedesk-server --interface br0
#   ns <tag>-c1  : eth0 02:00:00:00:00:11 <-> port1   dhclient (renews at T1)
#   ns <tag>-c2  : eth0 02:00:00:00:00:12 <-> port2   udhcpc (renews at half the lease:
#                                                     busybox ignores option 58)
#   ns <tag>-c3  : eth0 02:00:00:00:00:13 <-> port3   dhcpcd (renews at T1)
#
# Takes about 35 s (udhcpc's renewal at 30 s sets the pace).
# Usage: renewal.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools dhclient udhcpc dhcpcd

POOL_START=198.18.0.100
POOL_END=198.18.0.150
declare -A MAC=([dhclient]=02:00:00:00:00:11 [udhcpc]=02:00:00:00:00:12 [dhcpcd]=02:00:00:00:00:13)
declare -A NS=([dhclient]=$TAG-c1 [udhcpc]=$TAG-c2 [dhcpcd]=$TAG-c3)
declare -A PID GOT
CLIENTS=(dhclient udhcpc dhcpcd)

make_server_ns
add_host_ns "${NS[dhclient]}" "${MAC[dhclient]}" port1
add_host_ns "${NS[udhcpc]}" "${MAC[udhcpc]}" port2
add_host_ns "${NS[dhcpcd]}" "${MAC[dhcpcd]}" port3

cat >"$WORK/config.json" <<EOF
{"scopes": [{
    "name": "lab",
    "subnet": "198.18.0.0/24",
    "ranges": [{"start": "$POOL_START", "end": "$POOL_END"}],
    "lease_time": 60,
    "renewal_time": 10,
    "rebinding_time": 45,
    "router": "198.18.0.1",
    "dns": ["198.18.0.1"],
    "domain": "lab.test"
}]}
EOF
start_server --config "$WORK/config.json"

prepare_client dhclient 1
prepare_client udhcpc 1
prepare_client dhcpcd 0
start_dhclient "${NS[dhclient]}" dhclient;  PID[dhclient]=$LAST_PID
start_udhcpc "${NS[udhcpc]}" udhcpc;        PID[udhcpc]=$LAST_PID
# noarp: no 5 s ARP probe before binding, so dhcpcd's renewal comes as early as the others'
start_dhcpcd "${NS[dhcpcd]}" dhcpcd noarp;  PID[dhcpcd]=$LAST_PID

for c in "${CLIENTS[@]}"; do
    expect_event "$c" BOUND 30 "${PID[$c]}"; line=$EVENT
    log "$c bound: $line"
    GOT[$c]=$(field "$line" ip)
    in_pool "${GOT[$c]}" "$POOL_START" "$POOL_END" || fail "$c got ${GOT[$c]}, not in the pool"
    [[ $(field "$line" lease) == 60 ]] || fail "$c: lease time $(field "$line" lease), not 60"
    [[ $c == udhcpc || $(field "$line" t1) == 10 ]] || fail "$c: renewal time $(field "$line" t1), not 10"
    expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from ${MAC[$c]}: acknowledged $(re_ip "${GOT[$c]}") for 60 s$" \
        "$c's first lease"
done

for c in "${CLIENTS[@]}"; do
    ip=${GOT[$c]}
    # dhclient and dhcpcd renew at T1 = 10 s, udhcpc at 30 s (lease / 2)
    expect_event "$c" RENEW 40 "${PID[$c]}"; line=$EVENT
    log "$c renewed: $line"
    [[ $(field "$line" ip) == "$ip" ]] || fail "$c renewed with $(field "$line" ip), not its address $ip"
    [[ $(field "$line" lease) == 60 ]] || fail "$c: renewed lease time $(field "$line" lease), not 60"
    expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from ${MAC[$c]}: renewed $(re_ip "$ip") for 60 s$" \
        "the RENEWING request of $c (unicast, ciaddr $ip)"
    # The ACK of a renewal goes to the client's address (RFC 2131 4.1: ciaddr set).
    expect_server "^br0 > ACK xid 0x[0-9a-f]{8} to ${MAC[$c]}: $(re_ip "$ip"):68" "the ACK of $c's renewal"
    ns_has_addr "${NS[$c]}" "$ip" || fail "$c no longer has $ip on eth0 after renewing"
done
server_has ': rebound |NAK' && fail "unexpected REBINDING or NAK in the server log"
server_has 'not sent:|lease store write failed' && fail "the server could not send a reply"
for c in "${CLIENTS[@]}"; do
    alive "${PID[$c]}" || fail "$c exited"
    # after binding, nothing but renewals (udhcpc's DECONFIG at start-up comes before)
    bad=$(awk '/^reason=BOUND /{b=1; next} b' "$WORK/$c/events.log" | grep -v '^reason=RENEW ' || true)
    [[ -z $bad ]] || fail "$c reported after binding: $bad"
done
grep -E 'renewed' "$SERVER_LOG" | sed 's/^/    /' >&2

for c in "${CLIENTS[@]}"; do stop_pid "${PID[$c]}"; done
stop_server_gracefully TERM
check_host_untouched
