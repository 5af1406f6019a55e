#!/usr/bin/env bash
# e2e_refusals: leasedesk-server says in one line what is wrong and exits non-zero when it
# cannot serve: without the rights to bind port 67, and when another DHCP server already
# holds port 67 in the same network namespace. The first server keeps serving.
#
#   ns <tag>-srv : br0 198.18.0.1/24; server 1 serving, then server 2 (same namespace)
# Usage: refusals.sh PATH/TO/leasedesk-server   (ctest passes it; exit 77 = skipped)
source "$(dirname "$0")/lib.sh" "$@"
require_tools setpriv

make_server_ns
cat >"$WORK/config.json" <<'EOF2'
{"scopes": [{"name": "lab", "subnet": "198.18.0.0/24",
             "ranges": [{"start": "198.18.0.100", "end": "198.18.0.150"}]}]}
EOF2
chmod 755 "$WORK"
mkdir -m 777 "$WORK/noprivs"

# Without privileges: an unprivileged user with no capabilities.
rc=0
run_fg noprivs.log ip netns exec "$NS_SRV" setpriv --reuid 65534 --regid 65534 --clear-groups \
    --inh-caps=-all "$SERVER_BIN" --db "$WORK/noprivs/db.sqlite" --config "$WORK/config.json" \
    --interface br0 || rc=$?
((rc != 0)) || fail "without privileges the server exited with status 0"
grep -q "cannot bind UDP port 67: permission denied.*setcap cap_net_bind_service,cap_net_raw+ep" \
    "$WORK/noprivs.log" || fail "no one-line explanation of the missing privilege: $(cat "$WORK/noprivs.log")"
log "without privileges: exit status $rc and the setcap advice"

# Port 67 already served by another program in this namespace.
start_server --config "$WORK/config.json"
rc=0
run_fg second.log ip netns exec "$NS_SRV" "$SERVER_BIN" --db "$WORK/second.sqlite" \
    --config "$WORK/config.json" --interface br0 || rc=$?
((rc != 0)) || fail "a second server on the same port 67 exited with status 0"
grep -Eq "port 67.*(already in use|also listens)|(already in use|also listens).*port 67" "$WORK/second.log" &&
    grep -Eq "\(leasedesk-serve, pid [0-9]+\)" "$WORK/second.log" ||
    fail "the second server did not name the one holding port 67: $(cat "$WORK/second.log")"
grep -q '^leasedesk-server: serving ' "$WORK/second.log" && fail "the second server started serving"
alive "$SERVER_PID" || fail "the first server stopped"
log "second server refused with exit status $rc"
stop_server_gracefully TERM
check_host_untouched
