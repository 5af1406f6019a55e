#!/usr/bin/env bash
# e2e_relay: a relayed DISCOVER/REQUEST is served from the scope of giaddr, the replies go
# to the relay (giaddr:67) with option 82 echoed unchanged (last), a relayed INIT-REBOOT for
# another network is NAKed to the relay with the broadcast bit, and a giaddr that no scope
# contains gets no reply. The relay's side is relay.py.
#
#   ns <tag>-srv   : br0 198.18.0.1/24, leasedesk-server --interface br0,
#                    route 198.19.0.0/16 via 198.18.0.2 (the relay)
#   ns <tag>-relay : eth0 198.18.0.2/24, 02:00:00:00:00:20 <-> port1 of br0
#                    lan0 198.19.0.1/24 and 198.19.1.1/24 (a veth whose peer stays in this
#                    namespace: the relayed segment); relay.py on UDP port 67
#
# Scopes: lab 198.18.0.0/24 (the server's own segment) and relayed 198.19.0.0/24
# (pool 198.19.0.100-150, router 198.19.0.1, lease 900 s).
# Usage: relay.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools python3

NS_RELAY=$TAG-relay
RELAY_IP=198.18.0.2
GIADDR=198.19.0.1
UNKNOWN_GIADDR=198.19.1.1
CLIENT_MAC=02:00:00:00:00:21

make_server_ns
add_host_ns "$NS_RELAY" 02:00:00:00:00:20 port1
ip -n "$NS_RELAY" addr add "$RELAY_IP/24" dev eth0
ip -n "$NS_RELAY" link add lan0 address 02:00:00:00:00:22 type veth peer name lan0peer
ip -n "$NS_RELAY" addr add "$GIADDR/24" dev lan0
ip -n "$NS_RELAY" addr add "$UNKNOWN_GIADDR/24" dev lan0
ip -n "$NS_RELAY" link set lan0peer up
ip -n "$NS_RELAY" link set lan0 up
ip -n "$NS_SRV" route add 198.19.0.0/16 via "$RELAY_IP" dev br0

cat >"$WORK/config.json" <<'EOF'
{"scopes": [
  {
    "name": "lab",
    "subnet": "198.18.0.0/24",
    "ranges": [{"start": "198.18.0.100", "end": "198.18.0.150"}],
    "lease_time": 600,
    "router": "198.18.0.1"
  },
  {
    "name": "relayed",
    "subnet": "198.19.0.0/24",
    "ranges": [{"start": "198.19.0.100", "end": "198.19.0.150"}],
    "lease_time": 900,
    "router": "198.19.0.1",
    "dns": ["198.18.0.1"],
    "domain": "relayed.lab.test"
  }
]}
EOF
start_server --config "$WORK/config.json"

rc=0
run_fg relay.out ip netns exec "$NS_RELAY" python3 "$E2E_DIR/relay.py" \
    --server "$SERVER_IP" --giaddr "$GIADDR" --unknown-giaddr "$UNKNOWN_GIADDR" \
    --wrong-address 198.18.0.120 \
    --pool 198.19.0.100 198.19.0.150 --router 198.19.0.1 --mask 255.255.255.0 --lease 900 \
    --mac "$CLIENT_MAC" --circuit-id "e2e-relay/port7" || rc=$?
cat "$WORK/relay.out" >&2
((rc == 0)) || fail "relay.py failed (exit $rc)"
leased=$(sed -n 's/^relay: leased //p' "$WORK/relay.out")

expect_server "^br0 < DISCOVER xid 0x[0-9a-f]{8} from $CLIENT_MAC: (offered|probing) $(re_ip "$leased") " \
    "the relayed DISCOVER"
expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $CLIENT_MAC: acknowledged $(re_ip "$leased") for 900 s$" \
    "the relayed REQUEST"
expect_server "^br0 > ACK xid 0x[0-9a-f]{8} to $CLIENT_MAC: $(re_ip "$GIADDR"):67" \
    "the ACK sent to the relay"
expect_server "^br0 < REQUEST xid 0x[0-9a-f]{8} from $CLIENT_MAC: NAK: 198\.18\.0\.120 is not on this network \(relayed\)$" \
    "the NAK of the relayed INIT-REBOOT for the wrong network"
expect_server "^br0 > NAK xid 0x[0-9a-f]{8} to $CLIENT_MAC: $(re_ip "$GIADDR"):67" "the NAK sent to the relay"
expect_server "^br0 < DISCOVER xid 0x[0-9a-f]{8} from 02:00:00:00:00:23: no scope for giaddr $(re_ip "$UNKNOWN_GIADDR")$" \
    "the DISCOVER through a giaddr in no scope"
server_has 'not sent:|lease store write failed' && fail "the server could not send a reply"
grep -E '^br0 ' "$SERVER_LOG" | sed 's/^/    /' >&2

stop_server_gracefully TERM
check_host_untouched
