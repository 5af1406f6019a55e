#!/usr/bin/env bash
# capture-golden.sh - reproduce the golden DHCPv4 client packets in
# tests/data/golden/ from scratch.
#
# Runs three real DHCPv4 clients (ISC dhclient, busybox udhcpc, dhcpcd) one
# after the other against a throw-away dnsmasq responder, each in its own
# network namespace, captures the traffic with tcpdump in the server
# namespace and extracts the DHCP payloads with tools/pcap-extract.py.
#
# Network (nothing outside these namespaces is touched; only 198.18.0.0/15,
# the benchmarking range, is ever used; IPv6 is disabled in every namespace):
#
#   ns <tag>-srv : br0 (bridge, STP off) 198.18.0.1/24, dnsmasq, tcpdump -i br0
#                  ports port1 port2 port3 enslaved to br0
#   ns <tag>-c1  : eth0 02:00:00:00:00:01  <-veth->  port1   (dhclient)
#   ns <tag>-c2  : eth0 02:00:00:00:00:02  <-veth->  port2   (udhcpc)
#   ns <tag>-c3  : eth0 02:00:00:00:00:03  <-veth->  port3   (dhcpcd)
#   pool 198.18.0.100 - 198.18.0.150, lease 2 min, T1 10 s
#
# Usage (as root):  tools/capture-golden.sh [OUTPUT_DIR]
#   OUTPUT_DIR defaults to tests/data/golden next to this script.
#   KEEP_WORK=1 keeps the temporary directory (pcaps, logs) for inspection.
#
# Needs: iproute2, util-linux (unshare), tcpdump, dnsmasq (dnsmasq-base),
#        isc-dhcp-client, udhcpc, dhcpcd-base, python3.
# No service is started; every process started here is stopped by its PID,
# every namespace created here is deleted, also on failure.

set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
OUT=${1:-$REPO/tests/data/golden}
EXTRACT=$SCRIPT_DIR/pcap-extract.py

TAG=ldgold$$
NS_SRV=$TAG-srv
SERVER_IP=198.18.0.1
POOL_START=198.18.0.100
POOL_END=198.18.0.150
LEASE_TIME=2m          # dnsmasq's minimum
T1_SECONDS=10          # so that a RENEWING request comes quickly
T2_SECONDS=100

declare -A MAC=([dhclient]=02:00:00:00:00:01 [udhcpc]=02:00:00:00:00:02
                [dhcpcd]=02:00:00:00:00:03)
declare -A NS=([dhclient]=$TAG-c1 [udhcpc]=$TAG-c2 [dhcpcd]=$TAG-c3)
declare -A PORT=([dhclient]=port1 [udhcpc]=port2 [dhcpcd]=port3)
CLIENTS=(dhclient udhcpc dhcpcd)

STARTED_PIDS=()
CREATED_NS=()
WORK=

log() { printf '[capture-golden] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- cleanup --

# stop_pid PID [SIGNAL]: signal one process we started, wait for it, and
# SIGKILL it if it does not go away within 5 s.
stop_pid() {
    local pid=$1 sig=${2:-TERM} i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid ignored SIG$sig, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$? i ns pid
    set +e
    trap - EXIT INT TERM HUP
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${STARTED_PIDS[i]}"
    done
    # Helpers forked by our clients (e.g. dhcpcd's privilege-separation
    # processes) live only in our namespaces: stop whatever is left there.
    for ns in "${CREATED_NS[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            log "stopping leftover pid $pid in namespace $ns"
            kill -TERM "$pid" 2>/dev/null
        done
    done
    sleep 0.3
    for ns in "${CREATED_NS[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -KILL "$pid" 2>/dev/null
        done
        ip netns del "$ns" 2>/dev/null || log "could not delete namespace $ns"
    done
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ ${KEEP_WORK:-0} == 1 ]]; then
            log "kept work directory $WORK"
        else
            rm -rf -- "$WORK"
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ------------------------------------------------------------ pre-checks --

[[ $(id -u) == 0 ]] || die "must run as root (network namespaces)"
for tool in ip unshare tcpdump dnsmasq dhclient udhcpc dhcpcd python3 dpkg-query; do
    command -v "$tool" >/dev/null || die "missing tool: $tool"
done
[[ -f $EXTRACT ]] || die "missing $EXTRACT"
for ns in "$NS_SRV" "${NS[@]}"; do
    if ip netns list | awk '{print $1}' | grep -qxF "$ns"; then
        die "namespace $ns already exists"
    fi
done

WORK=$(mktemp -d /tmp/leasedesk-golden.XXXXXX)
mkdir -p "$WORK"/{dhclient,udhcpc,dhcpcd/db,pcap,out}

# ---------------------------------------------------------------- helpers --

# start_bg NAME CMD...: start a process in the background, log to
# $WORK/NAME.log, remember its PID (in $LAST_PID and for cleanup).
start_bg() {
    local name=$1; shift
    "$@" >"$WORK/$name.log" 2>&1 &
    LAST_PID=$!
    STARTED_PIDS+=("$LAST_PID")
    log "started $name (pid $LAST_PID)"
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

alive() { kill -0 "$1" 2>/dev/null; }

# has_lease CLIENT: eth0 of the client namespace carries a pool address.
has_lease() {
    ip -n "${NS[$1]}" -4 addr show dev eth0 | grep -q "inet 198\.18\.0\."
}

# pcap_has PCAP MAC KIND: the capture already holds such a DHCP packet.
pcap_has() {
    python3 "$EXTRACT" list "$1" 2>/dev/null | grep -Eq " $2 $3 +xid="
}

# wait_packet CLIENT KIND SECONDS PID
wait_packet() {
    local c=$1 kind=$2 timeout=$3 pid=$4 i
    for ((i = 0; i < timeout * 5; i++)); do
        pcap_has "$WORK/pcap/$c.pcap" "${MAC[$c]}" "$kind" && return 0
        alive "$pid" || { log "$c exited early, see $c logs"; return 1; }
        sleep 0.2
    done
    return 1
}

start_capture() {
    local c=$1
    start_bg "tcpdump-$c" ip netns exec "$NS_SRV" \
        tcpdump -i br0 -n -U -s 0 -Z root -w "$WORK/pcap/$c.pcap" \
        'udp port 67 or udp port 68'
    TCPDUMP_PID=$LAST_PID
    wait_for 10 grep -q 'listening on' "$WORK/tcpdump-$c.log" ||
        die "tcpdump did not start"
}

stop_capture() {
    sleep 1   # let the last replies arrive
    stop_pid "$TCPDUMP_PID" INT
}

# ---------------------------------------------------------------- network --

ns_sysctl() {
    ip netns exec "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
}

log "creating namespaces (tag $TAG)"
ip netns add "$NS_SRV"
CREATED_NS+=("$NS_SRV")
ns_sysctl "$NS_SRV"
ip -n "$NS_SRV" link set lo up
ip -n "$NS_SRV" link add br0 type bridge stp_state 0 forward_delay 0
ip -n "$NS_SRV" addr add "$SERVER_IP/24" dev br0
ip -n "$NS_SRV" link set br0 up

for c in "${CLIENTS[@]}"; do
    ns=${NS[$c]}
    ip netns add "$ns"
    CREATED_NS+=("$ns")
    ns_sysctl "$ns"
    ip -n "$ns" link set lo up
    # Both ends are created directly inside namespaces: the root namespace
    # never sees these links.
    ip -n "$ns" link add eth0 address "${MAC[$c]}" type veth \
        peer name "${PORT[$c]}" netns "$NS_SRV"
    ip -n "$NS_SRV" link set "${PORT[$c]}" master br0
    ip -n "$NS_SRV" link set "${PORT[$c]}" up
    ip -n "$ns" link set eth0 up
done

# ------------------------------------------------------------- responder --

DNSMASQ_CMD=(dnsmasq --keep-in-foreground --conf-file=/dev/null
    --port=0 --no-resolv --no-hosts --no-ping
    --interface=br0 --bind-interfaces
    --dhcp-range="$POOL_START,$POOL_END,255.255.255.0,$LEASE_TIME"
    --dhcp-option=3 --dhcp-option=6
    --dhcp-option=option:T1,"$T1_SECONDS" --dhcp-option=option:T2,"$T2_SECONDS"
    --dhcp-authoritative
    --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid"
    --user=root --group=root --log-dhcp --log-facility=-)
start_bg dnsmasq ip netns exec "$NS_SRV" "${DNSMASQ_CMD[@]}"
DNSMASQ_PID=$LAST_PID
wait_for 10 grep -q 'DHCP, IP range' "$WORK/dnsmasq.log" ||
    die "dnsmasq did not start: $(cat "$WORK/dnsmasq.log")"

# ------------------------------------------------------------ hook scripts --

# Used by dhclient (-sf) and udhcpc (-s). It only puts the leased
# 198.18/15 address on eth0 inside the client namespace (needed for the
# unicast RENEWING request); it never writes resolv.conf, routes or the
# hostname, and refuses to run in the root network namespace.
cat >"$WORK/hook-addr.sh" <<'EOF'
#!/bin/sh
[ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] || exit 1
iface=${interface:-}
[ -n "$iface" ] || exit 0
ours() { case "$1" in 198.18.*|198.19.*) return 0 ;; esac; return 1; }
case "${reason:-$1}" in
    PREINIT) ip link set dev "$iface" up ;;
    BOUND|RENEW|REBIND|REBOOT)
        ours "$new_ip_address" &&
            ip addr replace "$new_ip_address/$new_subnet_mask" dev "$iface" ;;
    EXPIRE|FAIL|RELEASE|STOP)
        [ -n "${old_ip_address:-}" ] && ours "$old_ip_address" &&
            ip addr del "$old_ip_address/$old_subnet_mask" dev "$iface" ;;
    bound|renew)
        ours "$ip" && ip addr replace "$ip/${subnet:-255.255.255.0}" dev "$iface" ;;
    deconfig) ip -4 addr flush dev "$iface" ;;
esac
exit 0
EOF
# dhcpcd configures the interface itself; its hook script does nothing.
printf '#!/bin/sh\nexit 0\n' >"$WORK/hook-noop.sh"
chmod 755 "$WORK/hook-addr.sh" "$WORK/hook-noop.sh"

# ---------------------------------------------------------------- dhclient --

cat >"$WORK/dhclient/dhclient.conf" <<'EOF'
option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
send host-name "golden-dhclient";
request subnet-mask, broadcast-address, time-offset, routers,
        domain-name, domain-name-servers, domain-search, host-name,
        netbios-name-servers, netbios-scope, interface-mtu,
        rfc3442-classless-static-routes, ntp-servers;
timeout 30;
retry 10;
EOF
DHCLIENT_CMD=(dhclient -4 -d -v -cf "$WORK/dhclient/dhclient.conf"
    -lf "$WORK/dhclient/dhclient.leases" -pf "$WORK/dhclient/dhclient.pid"
    -sf "$WORK/hook-addr.sh" eth0)

# in_client CLIENT CMD...: run CMD in the client's network namespace, in a
# private UTS namespace whose hostname is golden-CLIENT. It replaces the
# calling (background) shell, so start_bg records the client's own PID.
in_client() {
    local c=$1; shift
    exec ip netns exec "${NS[$c]}" unshare --uts \
        sh -c 'hostname "$0" && exec "$@"' "golden-$c" "$@"
}

log "dhclient: DISCOVER, REQUEST (selecting), REQUEST (renewing)"
start_capture dhclient
start_bg dhclient-run1 in_client dhclient "${DHCLIENT_CMD[@]}"
pid=$LAST_PID
wait_for 40 has_lease dhclient || die "dhclient got no lease"
wait_packet dhclient request-renewing $((T1_SECONDS + 80)) "$pid" ||
    log "WARNING: no RENEWING request from dhclient"
# SIGKILL: no DHCPRELEASE, the lease stays in the lease file as after a crash
# or power loss; the next start then goes through INIT-REBOOT.
stop_pid "$pid" KILL
rm -f "$WORK/dhclient/dhclient.pid"
ip -n "${NS[dhclient]}" -4 addr flush dev eth0
log "dhclient: REQUEST (init-reboot) from a restart with the old lease file"
start_bg dhclient-run2 in_client dhclient "${DHCLIENT_CMD[@]}"
pid=$LAST_PID
wait_packet dhclient request-initreboot 30 "$pid" ||
    log "WARNING: no INIT-REBOOT request from dhclient"
wait_for 20 has_lease dhclient || log "WARNING: dhclient reboot not acknowledged"
stop_pid "$pid" KILL
stop_capture

# ----------------------------------------------------------------- udhcpc --

UDHCPC_CMD=(udhcpc -f -i eth0 -s "$WORK/hook-addr.sh"
    -p "$WORK/udhcpc/udhcpc.pid" -x hostname:golden-udhcpc -t 5 -T 2 -A 5)

log "udhcpc: DISCOVER, REQUEST (selecting), REQUEST (renewing after SIGUSR1)"
start_capture udhcpc
start_bg udhcpc in_client udhcpc "${UDHCPC_CMD[@]}"
pid=$LAST_PID
wait_for 40 has_lease udhcpc || die "udhcpc got no lease"
sleep 1
kill -USR1 "$pid"
wait_packet udhcpc request-renewing 20 "$pid" ||
    log "WARNING: no RENEWING request from udhcpc"
sleep 1
stop_pid "$pid" TERM
stop_capture

# ----------------------------------------------------------------- dhcpcd --

cat >"$WORK/dhcpcd/dhcpcd.conf" <<EOF
# Fixed identity: hostname, client id from the MAC (not a time-based DUID),
# a vendor class that does not reveal the build machine's kernel.
hostname golden-dhcpcd
clientid
vendorclassid dhcpcd-9.4.1:golden
option domain_name_servers, domain_name, domain_search, host_name
option classless_static_routes
option interface_mtu
option rapid_commit
require dhcp_server_identifier
ipv4only
noipv4ll
script $WORK/hook-noop.sh
EOF
# dhcpcd's state directories are compiled in (/var/lib/dhcpcd, /run/dhcpcd):
# give it a private mount namespace where /var/lib/dhcpcd is our empty
# directory and /run a fresh tmpfs, so the host's files are never used.
DHCPCD_CMD=(dhcpcd -4 -B -d -f "$WORK/dhcpcd/dhcpcd.conf" eth0)
log "dhcpcd: DISCOVER, REQUEST (selecting), REQUEST (renewing after SIGUSR1)"
start_capture dhcpcd
start_bg dhcpcd ip netns exec "${NS[dhcpcd]}" unshare --uts --mount \
    --propagation private sh -c '
        hostname golden-dhcpcd &&
        mount -t tmpfs -o mode=0755 golden-run /run &&
        mount --bind "$0" /var/lib/dhcpcd &&
        exec "$@"' "$WORK/dhcpcd/db" "${DHCPCD_CMD[@]}"
pid=$LAST_PID
wait_for 40 has_lease dhcpcd || die "dhcpcd got no lease"
sleep 2
kill -USR1 "$pid"
wait_packet dhcpcd request-renewing 20 "$pid" ||
    log "WARNING: no RENEWING request from dhcpcd"
sleep 1
stop_pid "$pid" TERM
stop_capture
stop_pid "$DNSMASQ_PID" TERM

# ---------------------------------------------------------------- extract --

# client kind file-suffix dhcp-message-type required(1/0)
WANTED=(
    "dhclient discover           discover    1 1"
    "dhclient request-selecting  request     3 1"
    "dhclient request-initreboot initreboot  3 0"
    "dhclient request-renewing   renew       3 0"
    "udhcpc   discover           discover    1 1"
    "udhcpc   request-selecting  request     3 1"
    "udhcpc   request-renewing   renew       3 0"
    "dhcpcd   discover           discover    1 1"
    "dhcpcd   request-selecting  request     3 1"
    "dhcpcd   request-renewing   renew       3 0"
)
PRODUCED=()
for w in "${WANTED[@]}"; do
    read -r c kind suffix type required <<<"$w"
    name=$c-$suffix
    if python3 "$EXTRACT" extract "$WORK/pcap/$c.pcap" --chaddr "${MAC[$c]}" \
        --kind "$kind" --bin "$WORK/out/$name.bin" \
        --pcap-out "$WORK/out/$name.pcap"; then
        python3 "$EXTRACT" check "$WORK/out/$name.bin" --type "$type"
        tcpdump -r "$WORK/out/$name.pcap" -vvv -n >"$WORK/out/$name.txt" \
            2>/dev/null
        PRODUCED+=("$name")
    elif [[ $required == 1 ]]; then
        die "required packet $name missing"
    fi
done

# ----------------------------------------------------------------- output --

mkdir -p "$OUT"
for name in "${PRODUCED[@]}"; do
    cp "$WORK/out/$name.bin" "$WORK/out/$name.txt" "$OUT/"
done

pkgver() { dpkg-query -W -f='${Package} ${Version}' "$1" 2>/dev/null || echo "$1 ?"; }
cmdline() { local s; s=$(printf '%s ' "$@"); printf '%s' "${s% }" | sed "s|$WORK|\$WORK|g"; }

{
    cat <<EOF
# Golden DHCPv4 client packets

Real DHCPv4 messages sent by three Linux DHCP clients, captured on a private
virtual network, for LeaseDesk's parser tests. Each \`<client>-<message>.bin\`
is the raw UDP payload (the BOOTP/DHCP message starting at the \`op\` byte);
\`<client>-<message>.txt\` is an independent decode of the same packet by
\`tcpdump -r <one-packet.pcap> -vvv -n\` (tcpdump $(tcpdump --version 2>&1 | head -n1 | awk '{print $3}')).

Regenerate everything with \`sudo tools/capture-golden.sh\` (needs network
namespaces; see the header of that script). \`xid\`, \`secs\` and the
timestamps in the .txt files differ from run to run; MAC addresses,
hostnames and option lists do not.

Captured: $(date -u +%Y-%m-%d) (UTC).

## Clients and tools (dpkg)

- $(pkgver isc-dhcp-client) (\`dhclient\`, $(dhclient --version 2>&1 | head -n1))
- $(pkgver udhcpc) (busybox \`udhcpc\`)
- $(pkgver dhcpcd-base) (\`dhcpcd\`)
- $(pkgver dnsmasq-base) (responder only)
- $(pkgver tcpdump)

## Network

All addresses are from 198.18.0.0/15; IPv6 disabled in every namespace;
nothing in the host's own network namespace is touched.

    ns srv : br0 (bridge, STP off) 198.18.0.1/24 -- dnsmasq, tcpdump -i br0
    ns c1  : eth0 02:00:00:00:00:01 <-veth-> port1@br0   dhclient, hostname golden-dhclient
    ns c2  : eth0 02:00:00:00:00:02 <-veth-> port2@br0   udhcpc,   hostname golden-udhcpc
    ns c3  : eth0 02:00:00:00:00:03 <-veth-> port3@br0   dhcpcd,   hostname golden-dhcpcd
    pool 198.18.0.100-198.18.0.150, lease 2 min, T1 ${T1_SECONDS} s, T2 ${T2_SECONDS} s
    capture filter: udp port 67 or udp port 68

Each client runs in its own UTS namespace with hostname golden-<client>, with
config, lease and pid files in a temporary directory (\$WORK) and a hook
script that only sets the leased address on eth0 of its namespace (dhcpcd:
a no-op script; dhcpcd's /var/lib/dhcpcd and /run are private mounts).

## Commands

    responder: $(cmdline "${DNSMASQ_CMD[@]}")
    dhclient:  $(cmdline "${DHCLIENT_CMD[@]}")
    udhcpc:    $(cmdline "${UDHCPC_CMD[@]}")
    dhcpcd:    $(cmdline "${DHCPCD_CMD[@]}")

\$WORK/dhclient/dhclient.conf:

$(sed 's/^/    /' "$WORK/dhclient/dhclient.conf")

\$WORK/dhcpcd/dhcpcd.conf:

$(sed 's/^/    /' "$WORK/dhcpcd/dhcpcd.conf" | sed "s|$WORK|\$WORK|g")

Sequence: dhclient starts (DISCOVER, OFFER, REQUEST in SELECTING, ACK),
renews at T1 (unicast REQUEST in RENEWING, ciaddr set), is killed with
SIGKILL (no RELEASE) and restarted with the same lease file (REQUEST in
INIT-REBOOT: option 50, no option 54, ciaddr 0). udhcpc and dhcpcd get a
lease and are sent SIGUSR1 (renew), giving their RENEWING requests.
The payloads were cut out of the pcaps by \`tools/pcap-extract.py\`.
dhclient-renew.bin comes from the first dhclient run (same xid as its
DISCOVER), dhclient-initreboot.bin from the second.

Notes for tests:

- Leased addresses (options 50, ciaddr) come from dnsmasq, which derives
  them from the MAC, so they are normally the same on every run.
- Unicast RENEWING requests are sent through the kernel's UDP socket on a
  veth with checksum offload, so tcpdump reports "bad udp cksum" for them in
  the .txt; the DHCP payload is unaffected. Broadcast packets are built by
  the clients themselves (raw sockets) and have correct checksums.
- dhclient and udhcpc pad their messages with zeros after END up to the
  300-byte BOOTP minimum (udhcpc-request.bin is longer than that and has
  no padding); dhcpcd sends no padding at all.
- dhcpcd-discover.bin carries a zero-length option (80, Rapid Commit) and
  option 145 (Forcerenew Nonce Capable); dhcpcd puts option 50 before 53 in
  its selecting REQUEST.

## Files

One line per packet (from \`tools/pcap-extract.py describe\`): options are
\`code:length\` in wire order; the last item says whether the options end
with END (255) and how many bytes (padding) follow it.

EOF
    for name in "${PRODUCED[@]}"; do
        printf -- '- `%s.bin`: %s\n' "$name" \
            "$(python3 "$EXTRACT" describe "$OUT/$name.bin")"
    done
} >"$WORK/README.md"
cp "$WORK/README.md" "$OUT/README.md"

log "wrote ${#PRODUCED[@]} packets to $OUT"
