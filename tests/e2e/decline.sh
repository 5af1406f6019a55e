#!/usr/bin/env bash
# e2e_decline: a client that finds its offered address in use declines it (DHCPDECLINE,
# RFC 2131 §3.1 step 5); the server quarantines the address for decline_quarantine_s, says
# so on stderr, never offers it during the quarantine, and offers it again afterwards.
#
#   ns <tag>-srv : br0 198.18.0.1/24, leasedesk-server --interface br0
#   ns <tag>-sq  : eth0 02:00:00:00:00:aa 198.18.0.50/24 (static) <-> port1   the squatter,
#                  quiet: it sends no ARP request of its own (quiet_host in lib.sh)
#   ns <tag>-c1  : eth0 02:00:00:00:00:d1 <-> port2   udhcpc -a -r 198.18.0.50 (ARP check)
#   ns <tag>-c2  : eth0 02:00:00:00:00:d2 <-> port3   udhcpc -r 198.18.0.50
#   ns <tag>-c3  : eth0 02:00:00:00:00:d3 <-> port4   udhcpc
#
# Pool 198.18.0.50-198.18.0.52, conflict detection off, quarantine 15 s.
# 1. c1 asks for .50 and is given it; its ARP check finds the squatter, it declines and then
#    binds another pool address. The server logs one DECLINE and stderr says
#    "conflict: 198.18.0.50 ... (declined by ... 02:00:00:00:00:d1)".
# 2. The squatter's address is removed (checked: nobody answers ARP for .50 any more).
# 3. c2 asks for .50 during the quarantine: it gets the third address instead.
# 4. c3 starts at once: only .50 is left, so it binds .50, and not before the quarantine is
#    over (measured from the moment the DECLINE was seen, 1 s of slack), and within 15 s
#    after it ended. The server logs exactly one DECLINE.
#
# Usage: decline.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools udhcpc busybox

POOL_START=198.18.0.50
POOL_END=198.18.0.52
TAKEN=198.18.0.50
QUARANTINE_S=15
SQ_MAC=02:00:00:00:00:aa
MAC1=02:00:00:00:00:d1; MAC2=02:00:00:00:00:d2; MAC3=02:00:00:00:00:d3
NS_SQ=$TAG-sq; NS1=$TAG-c1; NS2=$TAG-c2; NS3=$TAG-c3

make_server_ns
add_static_host "$NS_SQ" "$SQ_MAC" port1 "$TAKEN/24"
add_host_ns "$NS1" "$MAC1" port2
add_host_ns "$NS2" "$MAC2" port3
add_host_ns "$NS3" "$MAC3" port4
quiet_host "$NS_SQ"     # no ARP request of its own: the server does not learn of it passively
prepare_client c1 1     # each client holds its address on eth0 and answers ARP for it
prepare_client c2 1
prepare_client c3 1

cat >"$WORK/config.json" <<EOF
{
  "server": {
    "conflict_detection": {"enabled": false, "method": "arp", "attempts": 1, "timeout_ms": 500},
    "decline_quarantine_s": $QUARANTINE_S
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
arp_answers() {
    ip netns exec "$NS_SRV" busybox arping -f -c 2 -w 2 -I br0 "$TAKEN" >>"$WORK/probes.out" 2>&1
}
now() { printf '%s' "$EPOCHREALTIME"; }
# elapsed_ms FROM TO: milliseconds between two now() values
elapsed_ms() { echo $(((10#${2//[.,]/} - 10#${1//[.,]/}) / 1000)); }
RE_DECLINE="^br0 < DECLINE xid 0x[0-9a-f]{8} from $MAC1: "

arp_answers || fail "the squatter does not answer ARP for $TAKEN (see probes.out)"
start_server --config "$WORK/config.json"

# ---- 1. c1 declines .50 and binds another address
start_udhcpc "$NS1" c1 -a1000 -r "$TAKEN"
PID1=$LAST_PID
wait_for 20 server_has "$RE_DECLINE" ||
    fail "c1 ($MAC1) sent no DECLINE within 20 s (the server's log of it:
$(server_lines "from $MAC1"))"
T_DECLINE=$(now)
log "the server saw c1's DECLINE: $(grep -E -- "$RE_DECLINE" "$SERVER_LOG" | head -n 1)"
expect_event c1 BOUND 30 "$PID1"
IP1=$(field "$EVENT" ip)
log "c1 ($MAC1) bound $IP1 after declining $TAKEN"
grep -q " ip=$(re_ip "$TAKEN") " "$WORK/c1/events.log" &&
    fail "c1 configured $TAKEN although the squatter holds it: $(cat "$WORK/c1/events.log")"
{ in_pool "$IP1" "$POOL_START" "$POOL_END" && [[ $IP1 != "$TAKEN" ]]; } ||
    fail "c1 bound '$IP1'; expected another address of $POOL_START-$POOL_END than $TAKEN"
RE_CONFLICT="^leasedesk-server: conflict: $(re_ip "$TAKEN") .*\(declined by [^)]*$MAC1\)"
wait_for 5 server_has "$RE_CONFLICT" ||
    fail "no stderr line 'conflict: $TAKEN ... (declined by $MAC1)' after c1's DECLINE; the server said:
$(server_lines '^leasedesk-server: ')"
log "$(grep -E -- "$RE_CONFLICT" "$SERVER_LOG" | head -n 1)"

# ---- 2. the squatter leaves
ip -n "$NS_SQ" -4 addr flush dev eth0
! arp_answers || fail "something still answers ARP for $TAKEN after the squatter left"

# ---- 3. c2 asks for .50 during the quarantine
start_udhcpc "$NS2" c2 -r "$TAKEN"
expect_event c2 BOUND 20 "$LAST_PID"
T2=$(now)
IP2=$(field "$EVENT" ip)
log "c2 ($MAC2) asking for $TAKEN during the quarantine bound $IP2 ($(elapsed_ms "$T_DECLINE" "$T2") ms after the DECLINE)"
(($(elapsed_ms "$T_DECLINE" "$T2") < (QUARANTINE_S - 1) * 1000)) ||
    fail "the test was too slow: c2 was served only $(elapsed_ms "$T_DECLINE" "$T2") ms after the DECLINE, the quarantine is $QUARANTINE_S s"
[[ $IP2 != "$TAKEN" ]] ||
    fail "c2 was given $TAKEN $(elapsed_ms "$T_DECLINE" "$T2") ms after it was declined, during its $QUARANTINE_S s quarantine"
{ in_pool "$IP2" "$POOL_START" "$POOL_END" && [[ $IP2 != "$IP1" ]]; } ||
    fail "c2 bound '$IP2'; expected the pool address that is neither $TAKEN nor c1's $IP1"

# ---- 4. c3: only the quarantined address is left
start_udhcpc "$NS3" c3 -t 60     # a DISCOVER every second, no pause after 10 of them
expect_event c3 BOUND $((QUARANTINE_S + 15)) "$LAST_PID"
T3=$(now)
IP3=$(field "$EVENT" ip)
ms=$(elapsed_ms "$T_DECLINE" "$T3")
log "c3 ($MAC3) bound $IP3 $ms ms after the DECLINE (quarantine $QUARANTINE_S s)"
[[ $IP3 == "$TAKEN" ]] || fail "c3 bound '$IP3'; expected $TAKEN, the only address left once its quarantine ended"
((ms >= (QUARANTINE_S - 1) * 1000)) ||
    fail "c3 was given $TAKEN $ms ms after it was declined, during its $QUARANTINE_S s quarantine"

n=$(grep -cE '^br0 < DECLINE ' "$SERVER_LOG" || true)
((n == 1)) || fail "the server saw $n DECLINEs, expected one (was $TAKEN offered again during its quarantine?):
$(server_lines '^br0 (< DECLINE|> OFFER) ')"
server_has 'not sent:|lease store write failed' && fail "the server could not send a reply"
stop_server_gracefully TERM
check_host_untouched
log "c1 $IP1, c2 $IP2, c3 $IP3 (declined $TAKEN, quarantine $QUARANTINE_S s)"
