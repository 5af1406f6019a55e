#!/usr/bin/env bash
# e2e_durability (issue 9, "Durability"): leasedesk-server is killed with SIGKILL at random
# moments while hundreds of relayed clients run DORA and INIT-REBOOT exchanges, and
# restarted on the same database each time (24 kills by default). No client that received
# an ACK may lose its address or see it offered or ACKed to another client, and
# PRAGMA integrity_check must say "ok" after every kill and at the end. dorastorm.py is the
# relay agent, the clients' memory (a journal of every ACK) and the one that kills and
# restarts the server; its docstring lists every check.
#
#   ns <tag>-srv   : br0 198.18.0.1/24, leasedesk-server --interface br0 --db $WORK/db.sqlite,
#                    route 198.19.0.0/16 via 198.18.0.2 (the relay)
#   ns <tag>-relay : eth0 198.18.0.2/24, 02:00:00:00:00:40 <-> port1 of br0
#                    lan0 198.19.0.1/16 (a veth whose peer stays here: the relayed segment);
#                    dorastorm.py on UDP port 67, giaddr 198.19.0.1
#
# Scope: relayed 198.19.0.0/16, pool 198.19.0.10-198.19.255.250, lease 3600 s (longer than
# the test: no lease may end meanwhile), no conflict probes (nothing answers in the relayed
# segment, and a probe would only slow the OFFERs), authoritative (a lost lease gets a NAK
# at once rather than silence).
#
# Usage: durability.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
# DURABILITY_SEED=N replays a run's schedule (kill delays, traffic mix, samples);
# DURABILITY_KILLS=N changes the number of kills; KEEP_WORK=1 keeps the journal and logs.
E2E_TIMEOUT=${E2E_TIMEOUT:-105}   # ctest's TIMEOUT is 120 s; ASan runs take ~2x a dev run
source "$(dirname "$0")/lib.sh" "$@"
require_tools python3

NS_RELAY=$TAG-relay
RELAY_IP=198.18.0.2
GIADDR=198.19.0.1
POOL_START=198.19.0.10
POOL_END=198.19.255.250
SEED=${DURABILITY_SEED:-$(((RANDOM << 15) | RANDOM))}
KILLS=${DURABILITY_KILLS:-24}

make_server_ns
add_host_ns "$NS_RELAY" 02:00:00:00:00:40 port1
ip -n "$NS_RELAY" addr add "$RELAY_IP/24" dev eth0
ip -n "$NS_RELAY" link add lan0 address 02:00:00:00:00:41 type veth peer name lan0peer
ip -n "$NS_RELAY" addr add "$GIADDR/16" dev lan0
ip -n "$NS_RELAY" link set lan0peer up
ip -n "$NS_RELAY" link set lan0 up
ip -n "$NS_SRV" route add 198.19.0.0/16 via "$RELAY_IP" dev br0

cat >"$WORK/config.json" <<EOF
{
  "server": {
    "authoritative": true,
    "conflict_detection": {"enabled": false},
    "rogue_detection": {"enabled": false}
  },
  "scopes": [{
    "name": "relayed",
    "subnet": "198.19.0.0/16",
    "ranges": [{"start": "$POOL_START", "end": "$POOL_END"}],
    "lease_time": 3600,
    "router": "$GIADDR"
  }]
}
EOF

log "seed $SEED, $KILLS kills (replay: DURABILITY_SEED=$SEED)"
rc=0
run_fg dorastorm.out ip netns exec "$NS_RELAY" python3 "$E2E_DIR/dorastorm.py" \
    --server-bin "$SERVER_BIN" --server-ns "$NS_SRV" --interface br0 \
    --db "$WORK/db.sqlite" --config "$WORK/config.json" \
    --logs "$WORK/servers" --journal "$WORK/journal.txt" \
    --server "$SERVER_IP" --giaddr "$GIADDR" --pool "$POOL_START" "$POOL_END" \
    --seed "$SEED" --kills "$KILLS" || rc=$?
# On failure the cleanup shows the end of dorastorm.out (and of nothing else: the server
# logs are in servers/, and dorastorm.py has printed the lines of them that matter).
((rc == 0)) || fail "dorastorm.py failed (exit $rc; seed $SEED)"
cat "$WORK/dorastorm.out" >&2

n=$(grep -l '^leasedesk-server: serving ' "$WORK"/servers/server-*.log | wc -l)
((n == KILLS + 1)) || fail "$n of $((KILLS + 1)) server runs logged 'serving'"
if grep -Eh 'not sent:|lease store write failed' "$WORK"/servers/server-*.log >&2; then
    fail "the server could not send a reply or write a lease"
fi
check_host_untouched
