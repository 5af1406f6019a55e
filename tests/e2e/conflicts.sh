#!/usr/bin/env bash
# e2e_conflicts: conflict detection before an OFFER (RFC 2131 §3.1 step 2, §4.4.1). A
# machine squats a pool address with a static configuration; the server must find it, say so
# on stderr, and give the client another address.
#
#   ns <tag>-srv : br0 198.18.0.1/24, leasedesk-server --interface br0
#   ns <tag>-sq  : eth0 02:00:00:00:00:aa 198.18.0.50/24 (static) <-> port1   the squatter,
#                  quiet: it sends no ARP request of its own (quiet_host in lib.sh)
#   ns <tag>-c1  : eth0 02:00:00:00:00:c1 <-> port2   udhcpc -r 198.18.0.50 (asks for it)
#
# Pool 198.18.0.50-198.18.0.52, conflict detection 1 attempt of 500 ms, a fresh database
# for every server run:
#   a. the squatter answers ping; method icmp: the client gets another address and stderr
#      says "conflict: 198.18.0.50 ... (answered ICMP echo)";
#   b. the squatter drops ICMP echo requests (nftables inside its own namespace; checked:
#      ping from the server namespace fails, ARP still answers):
#      method icmp: only reported, not asserted: a host that drops ping is invisible to ICMP
#                   (unless the server notices it otherwise), so the client may get .50;
#      method arp, then both: the client gets another address and stderr says
#                   "conflict: 198.18.0.50 ... 02:00:00:00:00:aa ... (answered ARP)".
# With a conflict the server must never OFFER or ACK 198.18.0.50 (its --verbose log).
#
# Usage: conflicts.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools udhcpc nft busybox

POOL_START=198.18.0.50
POOL_END=198.18.0.52
TAKEN=198.18.0.50
SQ_MAC=02:00:00:00:00:aa
CL_MAC=02:00:00:00:00:c1
NS_SQ=$TAG-sq
NS_CL=$TAG-c1

make_server_ns
add_static_host "$NS_SQ" "$SQ_MAC" port1 "$TAKEN/24"
add_host_ns "$NS_CL" "$CL_MAC" port2
prepare_client udhcpc 0     # the leased address is not put on eth0: no second squatter
# The squatter never asks who 198.18.0.1 is: otherwise its kernel's neighbour probes (ARP
# requests from 198.18.0.50, seconds after it last answered the server) may reach the
# server's passive ARP awareness first, and the conflict is reported as "(ARP claim)"
# instead of by the probe this test is about.
quiet_host "$NS_SQ"

config() {
    cat >"$WORK/config-$1.json" <<EOF
{
  "server": {
    "conflict_detection": {"enabled": true, "method": "$1", "attempts": 1, "timeout_ms": 500},
    "decline_quarantine_s": 3600
  },
  "scopes": [{
    "name": "lab",
    "subnet": "198.18.0.0/24",
    "ranges": [{"start": "$POOL_START", "end": "$POOL_END"}],
    "lease_time": 600,
    "router": "198.18.0.1"
  }]
}
EOF
}

# From the server's namespace: does TAKEN answer ping / ARP?
ping_answers() { ip netns exec "$NS_SRV" busybox ping -c 1 -W 1 "$TAKEN" >>"$WORK/probes.out" 2>&1; }
arp_answers() {
    ip netns exec "$NS_SRV" busybox arping -f -c 2 -w 2 -I br0 "$TAKEN" >>"$WORK/probes.out" 2>&1
}

# serve_one METHOD: a server run with a fresh database and conflict detection METHOD; the
# client asks for TAKEN and its address is left in GOT. The server is stopped afterwards.
serve_one() {
    local method=$1 line
    config "$method"
    reset_db
    start_server --config "$WORK/config-$method.json"
    : >"$WORK/udhcpc/events.log"
    start_udhcpc "$NS_CL" udhcpc -r "$TAKEN"
    expect_event udhcpc BOUND 30 "$LAST_PID"; line=$EVENT
    GOT=$(field "$line" ip)
    stop_pid "$LAST_PID"
    in_pool "$GOT" "$POOL_START" "$POOL_END" ||
        fail "method $method: the client got '$GOT', not an address of $POOL_START-$POOL_END"
    log "method $method: the client asking for $TAKEN got $GOT"
}

# expect_conflict METHOD WHAT [MAC]: after serve_one, the client did not get TAKEN, the server
# never offered it, and stderr has the conflict line with "(WHAT)" (and MAC).
expect_conflict() {
    local method=$1 what=$2 mac=${3:-} re line
    [[ $GOT != "$TAKEN" ]] ||
        fail "method $method: the client got $TAKEN, which the squatter $SQ_MAC holds; the server said:
$(server_lines '^leasedesk-server: ')"
    if server_has "^br0 > (OFFER|ACK) xid 0x[0-9a-f]{8} to $CL_MAC: $(re_ip "$TAKEN")([^0-9]|\$)"; then
        fail "method $method: the server offered $TAKEN although it is in use:
$(server_lines "^br0 > (OFFER|ACK) ")"
    fi
    # The line that names this method (the server may report the address more than once,
    # e.g. also from passive ARP awareness).
    re="^leasedesk-server: conflict: $(re_ip "$TAKEN") "
    wait_for 5 server_has "$re.*\($what\)" ||
        fail "method $method: no stderr line 'conflict: $TAKEN ... ($what)'; the server said:
$(server_lines '^leasedesk-server: ')"
    line=$(grep -E -- "$re" "$SERVER_LOG" | grep -F -- "($what)" | head -n 1)
    if [[ -n $mac ]]; then
        grep -qiF -- "$mac" <<<"$line" ||
            fail "method $method: the conflict line does not name the squatter's MAC $mac: $line"
    fi
    log "method $method: $line"
}

# ---- a. the squatter answers ping
ping_answers || fail "the squatter $TAKEN does not answer ping from the server's namespace (see probes.out)"
serve_one icmp
expect_conflict icmp "answered ICMP echo"
stop_server_gracefully TERM

# ---- b. the squatter drops ICMP echo requests; ARP still works (ARP is not IP: nftables'
# inet family never sees it)
ip netns exec "$NS_SQ" nft add table inet e2e
ip netns exec "$NS_SQ" nft add chain inet e2e input '{ type filter hook input priority 0; }'
ip netns exec "$NS_SQ" nft add rule inet e2e input icmp type echo-request drop
! ping_answers || fail "the squatter still answers ping with the nftables rule in place:
$(ip netns exec "$NS_SQ" nft list ruleset)"
arp_answers || fail "the squatter no longer answers ARP for $TAKEN (see probes.out)"
log "the squatter drops ping and answers ARP"

serve_one icmp
if [[ $GOT == "$TAKEN" ]]; then
    log "method icmp, ping dropped: the client got $TAKEN, as expected: ICMP cannot see this squatter"
else
    log "method icmp, ping dropped: the client got $GOT; the server's conflict lines:
$(server_lines '^leasedesk-server: conflict:')"
fi
stop_server_gracefully TERM

serve_one arp
expect_conflict arp "answered ARP" "$SQ_MAC"
stop_server_gracefully TERM

serve_one both
expect_conflict both "answered ARP" "$SQ_MAC"
stop_server_gracefully TERM

if grep -Es 'not sent:|lease store write failed' "$WORK"/server-*.log >&2; then
    fail "the server could not send a reply"
fi
check_host_untouched
