#!/usr/bin/env bash
# e2e_rogue: a second DHCP server on the segment is found and described at start, and one
# the configuration allows is reported as known instead.
#
#   ns <tag>-srv : br0 198.18.0.1/24, leasedesk-server --interface br0 (pool .100-.120)
#   ns <tag>-rg  : eth0 02:aa:bb:cc:dd:ee 198.18.0.9/24 <-> port1   dnsmasq: pool
#                  198.18.0.150-198.18.0.160, lease 120 s, router .254, DNS .253
#   ns <tag>-c1  : eth0 02:00:00:00:00:c1 <-> port2   udhcpc
#
# 1. dnsmasq really serves: udhcpc (before leasedesk-server runs) gets an address of
#    .150-.160 from server 198.18.0.9 with router .254 and DNS .253.
# 2. leasedesk-server with rogue detection (listen 3 s), without --verbose: stderr has
#    "rogue DHCP server: 198.18.0.9 (MAC 02:aa:bb:cc:dd:ee) on br0 offers 198.18.0.15x"
#    naming the router and DNS server dnsmasq offers, a "self-check br0:" line, and the
#    server never reports itself (198.18.0.1); dnsmasq did receive its DISCOVER, with a
#    locally administered chaddr.
# 3. "allowed": ["198.18.0.9"]: "known DHCP server: 198.18.0.9", no "rogue DHCP server:".
# 4. "allowed": ["02:aa:bb:cc:dd:ee"] (by MAC): the same.
#
# Usage: rogue.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools dnsmasq udhcpc

ROGUE_IP=198.18.0.9
ROGUE_MAC=02:aa:bb:cc:dd:ee
ROGUE_START=198.18.0.150
ROGUE_END=198.18.0.160
ROGUE_ROUTER=198.18.0.254
ROGUE_DNS=198.18.0.253
LISTEN_S=3
CL_MAC=02:00:00:00:00:c1
NS_RG=$TAG-rg
NS_CL=$TAG-c1

make_server_ns
add_static_host "$NS_RG" "$ROGUE_MAC" port1 "$ROGUE_IP/24"
add_host_ns "$NS_CL" "$CL_MAC" port2
prepare_client udhcpc 0

# dnsmasq as a DHCP server only (--port=0: no DNS), on eth0 of its namespace, with no
# configuration, hosts or resolv.conf of the machine, its lease and pid files in $WORK,
# logging to stderr only (no syslog), no ping before offering (its offers come at once).
start_bg dnsmasq.out ip netns exec "$NS_RG" dnsmasq --no-daemon --conf-file=/dev/null \
    --port=0 --interface=eth0 --bind-interfaces --no-hosts --no-resolv --no-ping \
    --dhcp-range="$ROGUE_START,$ROGUE_END,255.255.255.0,120" \
    --dhcp-option=option:router,"$ROGUE_ROUTER" --dhcp-option=option:dns-server,"$ROGUE_DNS" \
    --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" \
    --log-facility=- --log-dhcp
DNSMASQ_PID=$LAST_PID
dnsmasq_ready() { alive "$DNSMASQ_PID" && grep -qs 'DHCP, IP range' "$WORK/dnsmasq.out"; }
wait_for 10 dnsmasq_ready || fail "dnsmasq did not start serving DHCP (see dnsmasq.out)"

# ---- 1. dnsmasq answers a real client
start_udhcpc "$NS_CL" udhcpc
expect_event udhcpc BOUND 30 "$LAST_PID"; line=$EVENT
stop_pid "$LAST_PID"
log "udhcpc served by dnsmasq: $line"
ip=$(field "$line" ip)
in_pool "$ip" "$ROGUE_START" "$ROGUE_END" || fail "dnsmasq gave udhcpc '$ip', not an address of $ROGUE_START-$ROGUE_END"
[[ $(field "$line" server) == "$ROGUE_IP" ]] || fail "udhcpc was served by '$(field "$line" server)', not dnsmasq at $ROGUE_IP"
[[ $(field "$line" router) == "$ROGUE_ROUTER" ]] || fail "dnsmasq offered router '$(field "$line" router)', not $ROGUE_ROUTER"
[[ $(field "$line" dns) == "$ROGUE_DNS" ]] || fail "dnsmasq offered DNS '$(field "$line" dns)', not $ROGUE_DNS"

config() {
    cat >"$WORK/config.json" <<EOF
{
  "server": {
    "rogue_detection": {"enabled": true, "interval_s": 600, "listen_s": $LISTEN_S, "allowed": [$1]}
  },
  "scopes": [{
    "name": "lab",
    "subnet": "198.18.0.0/24",
    "ranges": [{"start": "198.18.0.100", "end": "198.18.0.120"}],
    "lease_time": 600,
    "router": "198.18.0.1"
  }]
}
EOF
}
RE_FINDING='^leasedesk-server: (rogue|known) DHCP server: '
RE_ROGUE="^leasedesk-server: rogue DHCP server: $(re_ip "$ROGUE_IP") "
RE_KNOWN="^leasedesk-server: known DHCP server: $(re_ip "$ROGUE_IP") "
# expect_finding WHAT: wait for the server's first line about dnsmasq, rogue or known.
expect_finding() {
    wait_for $((LISTEN_S + 10)) server_has "^leasedesk-server: (rogue|known) DHCP server: $(re_ip "$ROGUE_IP") " ||
        fail "$1: no stderr line '(rogue|known) DHCP server: $ROGUE_IP ...' within $((LISTEN_S + 10)) s; the server said:
$(server_lines '^leasedesk-server: ')"
}

# ---- 2. not allowed: a rogue server, reported without --verbose
config ""
SERVER_VERBOSE=0
discovers_before=$(grep -c 'DHCPDISCOVER' "$WORK/dnsmasq.out" || true)
start_server --config "$WORK/config.json"
expect_finding "not allowed"
server_has "$RE_ROGUE" || fail "dnsmasq is not allowed, but not reported as 'rogue DHCP server: $ROGUE_IP ...':
$(server_lines "$RE_FINDING")"
line=$(grep -E -- "$RE_ROGUE" "$SERVER_LOG" | head -n 1)
log "$line"
re="^leasedesk-server: rogue DHCP server: $(re_ip "$ROGUE_IP") \(MAC ([0-9A-Fa-f:]{17})\) on br0 offers ([0-9.]+)"
[[ $line =~ $re ]] ||
    fail "the rogue line does not read 'rogue DHCP server: $ROGUE_IP (MAC ...) on br0 offers ADDRESS': $line"
mac=${BASH_REMATCH[1],,}
offered=${BASH_REMATCH[2]}
[[ $mac == "$ROGUE_MAC" ]] || fail "the rogue line names MAC $mac, dnsmasq's is $ROGUE_MAC: $line"
in_pool "$offered" "$ROGUE_START" "$ROGUE_END" ||
    fail "the rogue line says dnsmasq offers $offered, its pool is $ROGUE_START-$ROGUE_END: $line"
for what in "router $ROGUE_ROUTER" "DNS $ROGUE_DNS"; do
    [[ " $line " =~ [^0-9.]$(re_ip "${what#* }")[^0-9.] ]] ||
        fail "the rogue line does not name the ${what% *} dnsmasq offers (${what#* }): $line"
done
wait_for $((LISTEN_S + 5)) server_has "^leasedesk-server: self-check br0: " ||
    fail "no 'self-check br0: ...' line; the server said:
$(server_lines '^leasedesk-server: ')"
if server_has "^leasedesk-server: (rogue|known) DHCP server: $(re_ip "$SERVER_IP")[^0-9]"; then
    fail "the server reports itself as another DHCP server:
$(server_lines "$RE_FINDING")"
fi
# The probe's DISCOVERs, as dnsmasq saw them: a locally administered chaddr (second bit of
# the first octet), so that it never stands for a real machine.
probes=$(tail -n +$((discovers_before + 1)) <(grep 'DHCPDISCOVER' "$WORK/dnsmasq.out") |
    grep -oE 'DHCPDISCOVER\(eth0\)( [0-9.]+)? [0-9a-f:]{17}' | awk '{print $NF}' | sort -u)
[[ -n $probes ]] || fail "dnsmasq saw no DISCOVER from leasedesk-server's probe (see dnsmasq.out)"
for chaddr in $probes; do
    (((16#${chaddr:0:2} & 2) != 0)) ||
        fail "the probe's DISCOVER has chaddr $chaddr, which is not locally administered"
done
log "the probe's chaddr as dnsmasq saw it: $probes"
stop_server_gracefully TERM
SERVER_VERBOSE=1

# expect_known WHAT: the server run with ALLOWED names dnsmasq as known and never as rogue
# (checked once its listening window is over).
expect_known() {
    local what=$1 pass
    start_server --config "$WORK/config.json"
    expect_finding "allowed by $what"
    # Any other answer to the probe comes within listen_s of the first.
    for pass in 1 2; do
        if server_has '^leasedesk-server: rogue DHCP server: '; then
            fail "allowed by $what, dnsmasq is still reported as a rogue server:
$(server_lines "$RE_FINDING")"
        fi
        ((pass == 2)) || sleep "$LISTEN_S"
    done
    server_has "$RE_KNOWN" || fail "allowed by $what: no stderr line 'known DHCP server: $ROGUE_IP ...':
$(server_lines "$RE_FINDING")"
    log "allowed by $what: $(grep -E -- "$RE_KNOWN" "$SERVER_LOG" | head -n 1)"
    stop_server_gracefully TERM
}

# ---- 3. allowed by address
config "\"$ROGUE_IP\""
expect_known "address $ROGUE_IP"

# ---- 4. allowed by MAC
config "\"$ROGUE_MAC\""
expect_known "MAC $ROGUE_MAC"

alive "$DNSMASQ_PID" || fail "dnsmasq stopped during the test (see dnsmasq.out)"
check_host_untouched
