#!/usr/bin/env bash
# e2e_clients: three real DHCPv4 clients get a working lease from leasedesk-server.
#
#   ns <tag>-srv : br0 198.18.0.1/24, leasedesk-server --interface br0
#   ns <tag>-c1  : eth0 02:00:00:00:00:01 <-> port1   dhclient (isc-dhcp-client)
#   ns <tag>-c2  : eth0 02:00:00:00:00:02 <-> port2   udhcpc (busybox)
#   ns <tag>-c3  : eth0 02:00:00:00:00:03 <-> port3   dhcpcd (dhcpcd-base)
#
# All three start at once. Each must report (from its hook script's environment) an
# address in the pool, mask 255.255.255.0, router 198.18.0.1, both DNS servers, domain
# lab.test and a 600 s lease; the three addresses differ; the server logs each lease
# ("acknowledged ... for 600 s") and its ACK; the server stops cleanly on SIGTERM.
#
# Usage: clients.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools dhclient udhcpc dhcpcd

POOL_START=198.18.0.100
POOL_END=198.18.0.150
declare -A MAC=([dhclient]=02:00:00:00:00:01 [udhcpc]=02:00:00:00:00:02 [dhcpcd]=02:00:00:00:00:03)
declare -A NS=([dhclient]=$TAG-c1 [udhcpc]=$TAG-c2 [dhcpcd]=$TAG-c3)
declare -A PID
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
    "lease_time": 600,
    "router": "198.18.0.1",
    "dns": ["198.18.0.1", "198.18.0.2"],
    "domain": "lab.test"
}]}
EOF
start_server --config "$WORK/config.json"

prepare_client dhclient 1
prepare_client udhcpc 1
prepare_client dhcpcd 0     # dhcpcd configures eth0 itself
start_dhclient "${NS[dhclient]}" dhclient;  PID[dhclient]=$LAST_PID
start_udhcpc "${NS[udhcpc]}" udhcpc;        PID[udhcpc]=$LAST_PID
start_dhcpcd "${NS[dhcpcd]}" dhcpcd;        PID[dhcpcd]=$LAST_PID

declare -A GOT
for c in "${CLIENTS[@]}"; do
    expect_event "$c" BOUND 40 "${PID[$c]}"; line=$EVENT
    log "$c: $line"
    ip=$(field "$line" ip)
    in_pool "$ip" "$POOL_START" "$POOL_END" || fail "$c got $ip, not in $POOL_START-$POOL_END"
    [[ $(field "$line" mask) == 255.255.255.0 ]] || fail "$c: subnet mask $(field "$line" mask)"
    [[ $(field "$line" router) == 198.18.0.1 ]] || fail "$c: router $(field "$line" router)"
    [[ $(field "$line" dns) == 198.18.0.1,198.18.0.2 ]] || fail "$c: DNS servers $(field "$line" dns)"
    [[ $(field "$line" domain) == lab.test ]] || fail "$c: domain $(field "$line" domain)"
    [[ $(field "$line" lease) == 600 ]] || fail "$c: lease time $(field "$line" lease)"
    [[ $(field "$line" server) == "$SERVER_IP" ]] || fail "$c: server identifier $(field "$line" server)"
    GOT[$c]=$ip
    mac=${MAC[$c]}
    expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $mac: acknowledged $(re_ip "$ip") for 600 s$" \
        "$c's lease of $ip"
    expect_server "^br0 > ACK xid 0x[0-9a-f]{8} to $mac: $(re_ip "$ip")" "the ACK to $c"
    wait_for 10 ns_has_addr "${NS[$c]}" "$ip" || fail "$c: $ip is not on eth0 of its namespace"
done
[[ ${GOT[dhclient]} != "${GOT[udhcpc]}" && ${GOT[dhclient]} != "${GOT[dhcpcd]}" &&
   ${GOT[udhcpc]} != "${GOT[dhcpcd]}" ]] ||
    fail "two clients got the same address: ${GOT[*]}"
# dhcpcd installs the router it was given as its default route (in its own namespace).
ip -n "${NS[dhcpcd]}" -4 route show default | grep -q 'via 198\.18\.0\.1 ' ||
    fail "dhcpcd set no default route via 198.18.0.1: $(ip -n "${NS[dhcpcd]}" -4 route)"
# Every DISCOVER was answered and nothing failed on the server's side.
server_has 'not sent:|lease store write failed' && fail "the server could not send a reply"
for c in "${CLIENTS[@]}"; do
    n_disc=$(grep -cE "^br0 < DISCOVER .* from ${MAC[$c]}: (offered|probing) " "$SERVER_LOG" || true)
    ((n_disc >= 1)) || fail "no DISCOVER from $c was offered an address"
done

for c in "${CLIENTS[@]}"; do stop_pid "${PID[$c]}"; done
stop_server_gracefully TERM
check_host_untouched
log "dhclient ${GOT[dhclient]}, udhcpc ${GOT[udhcpc]}, dhcpcd ${GOT[dhcpcd]}"
