#!/usr/bin/env bash
# perfdhcp-compare.sh - LeaseDesk, Kea and dnsmasq side by side under perfdhcp (issue 9).
#
#   sudo benchmarks/compare/perfdhcp-compare.sh [PATH/TO/leasedesk-server] [options]
#
# On a network of its own (netns.sh: two namespaces joined by a veth pair, 198.18.0.0/15
# only, all removed on exit), perfdhcp in the client namespace drives each DHCP server in
# turn in the server namespace, and the script prints for each:
#   - DORA exchanges per second at <= 2.5 % lost, the way ISC measures Kea: raise the offered
#     rate until more than 2.5 % of exchanges are lost, then bisect; the figure is the
#     completed exchanges per second of the highest passing rate;
#   - latency (DISCOVER->OFFER, REQUEST->ACK: perfdhcp's average, and median and 99th
#     percentile of its per-exchange timestamps) at a moderate rate;
#   - the server's CPU time (utime + stime of all its threads, /proc/PID/stat) per 1,000
#     completed exchanges at one fixed offered rate, the same for every server;
#   - its peak memory (VmHWM) at the end of that run, and (unless --quick, when strace is
#     there) how many fsync/fdatasync calls it made per 1,000 exchanges;
#   - LeaseDesk's ratios to the others.
# Every measurement starts the server afresh on an empty database/lease file in its own
# directory under /var/tmp (a disk, not tmpfs), so the figures include the lease writes.
#
# perfdhcp acts as a relay (RFC 2131 §4.1: giaddr = its own address, unicast to port 67),
# so each server gets one subnet that holds both the relay's address and the pool.
#
# Options:
#   --quick            a few seconds per step, no bisection: a smoke run (ctest), not figures
#   --rate N           the fixed offered rate of the CPU run (default 4000/s)
#   --duration S       seconds per measurement step (default 5; the CPU run takes 2x)
#   --latency-rate N   the offered rate of the latency run (default 200/s)
#   --servers LIST     comma-separated, from leasedesk,kea,kea-mt,dnsmasq (default: all)
#   --keep             keep the work directory (also KEEP_WORK=1)
#   --cpu-only         only the CPU run at --rate (no search, latency or fsync count): for
#                      profiling; COMPARE_ATTACH="perf record -g -o FILE -p" (or "strace -f
#                      -c -o FILE -p") is then attached to the server during that run
# The server binary may also come from $LEASEDESK_SERVER.
#
# Exit status: 0 done, 1 failure (also when a server answered nothing), 77 skipped (not root,
# or perfdhcp / kea-dhcp4 / dnsmasq missing).

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPORT=$HERE/perfdhcp_report.py
# shellcheck source-path=SCRIPTDIR
source "$HERE/netns.sh"

usage() {
    sed -n '3,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ------------------------------------------------------------------- options --

SERVER_BIN=${LEASEDESK_SERVER:-}
if [[ $# -gt 0 && $1 != -* ]]; then
    SERVER_BIN=$1
    shift
fi
QUICK=0
CPU_ONLY=0
FIX_RATE=4000
DURATION=5
LAT_RATE=200
SERVERS=leasedesk,kea,kea-mt,dnsmasq
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) QUICK=1 ;;
        --rate) FIX_RATE=${2:?}; shift ;;
        --duration) DURATION=${2:?}; shift ;;
        --latency-rate) LAT_RATE=${2:?}; shift ;;
        --servers) SERVERS=${2:?}; shift ;;
        --keep) KEEP_WORK=1 ;;
        --cpu-only) CPU_ONLY=1 ;;
        -h | --help) usage ;;
        *) log "unknown option $1"; usage ;;
    esac
    shift
done
[[ $FIX_RATE =~ ^[1-9][0-9]*$ && $LAT_RATE =~ ^[1-9][0-9]*$ ]] || fail "--rate and --latency-rate take a positive integer"
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || fail "--duration takes whole seconds"
IFS=, read -r -a SERVER_LIST <<<"$SERVERS"
for s in "${SERVER_LIST[@]}"; do
    [[ $s =~ ^(leasedesk|kea|kea-mt|dnsmasq)$ ]] || fail "unknown server '$s' in --servers"
done

# Step lengths. The CPU run is longer than a search step, so a 10 ms clock tick is noise.
# perfdhcp waits WAIT_US after its last DISCOVER for the answers still under way (its drop
# time is 1 s); the quick run waits less, to stay within its time.
if ((QUICK)); then
    STEP_S=1 FIX_S=2 LAT_S=1 MAX_STEPS=1 WAIT_US=500000
else
    STEP_S=$DURATION FIX_S=$((2 * DURATION)) LAT_S=$DURATION MAX_STEPS=20 WAIT_US=1000000
fi
START_RATE=1000 MIN_RATE=50 MAX_RATE=64000
MAX_LOST_PCT=2.5

# The network: one /15 subnet; the pool is all of it above 198.18.1.0 (130,814 addresses).
# perfdhcp picks each client's MAC at random among CLIENTS; with so many, a client seldom
# comes back within a step, so almost every exchange is a new lease, as in ISC's tests. A
# step never asks for more than MAX_EXCHANGES leases, so the pool never runs out.
POOL_START=198.18.1.0
POOL_END=198.19.255.254
POOL_MASK=255.254.0.0
LEASE_TIME=3600
CLIENTS=10000000
MAX_EXCHANGES=100000

# ------------------------------------------------------------------ checks --

[[ $(id -u) == 0 ]] || skip "needs root to create network namespaces"
need_tool() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed ($2)"; }
need_tool perfdhcp "Debian package kea-admin"
need_tool ip "iproute2"
for s in "${SERVER_LIST[@]}"; do
    case $s in
        kea | kea-mt) need_tool kea-dhcp4 "Debian package kea-dhcp4-server" ;;
        dnsmasq) need_tool dnsmasq "Debian package dnsmasq-base" ;;
        leasedesk)
            [[ -n $SERVER_BIN && -x $SERVER_BIN ]] ||
                fail "usage: $0 PATH/TO/leasedesk-server [options] (got '${SERVER_BIN}')"
            ;;
    esac
done
HAVE_STRACE=0
((QUICK || CPU_ONLY)) || ! command -v strace >/dev/null 2>&1 || HAVE_STRACE=1
CLK_TCK=$(getconf CLK_TCK)

# The watchdog ends an overlong run cleanly; COMPARE_TIMEOUT=S overrides its limit.
if ((QUICK)); then
    start_watchdog "${COMPARE_TIMEOUT:-75}" # ctest's TIMEOUT is 120 s: clean up before it
else
    start_watchdog "${COMPARE_TIMEOUT:-$((${#SERVER_LIST[@]} * (30 * (DURATION + 4) + 60) + 120))}"
fi
make_work_dir
make_network
RESULTS=$WORK/results.txt
: >"$RESULTS"

# ------------------------------------------------------------------ servers --

label_of() {
    case $1 in
        leasedesk) echo "LeaseDesk" ;;
        kea) echo "Kea memfile, 1 thread" ;;
        kea-mt) echo "Kea memfile, MT 2 threads" ;;
        dnsmasq) echo "dnsmasq" ;;
    esac
}

# LeaseDesk: conflict detection off (Kea and dnsmasq --no-ping do not probe either) and no
# rogue-server checks (they send DISCOVERs of their own). docs/configuration.md.
start_leasedesk() {
    local dir=$1
    cat >"$dir/leasedesk.json" <<EOF
{
  "server": {
    "conflict_detection": {"enabled": false},
    "rogue_detection": {"enabled": false}
  },
  "scopes": [{
    "name": "bench",
    "subnet": "198.18.0.0/$NET_PREFIX",
    "ranges": [{"start": "$POOL_START", "end": "$POOL_END"}],
    "lease_time": $LEASE_TIME
  }]
}
EOF
    start_bg "$dir/server.log" ip netns exec "$NS_SRV" "$SERVER_BIN" \
        --config "$dir/leasedesk.json" --db "$dir/leasedesk.sqlite" --interface "$SRV_IF"
}

# Kea: memfile persisted to a file of this run, lease file cleanup (LFC) off, UDP sockets
# (all traffic is relayed), logging at WARN to a file so that no per-packet lines are
# written (LeaseDesk and dnsmasq write none either). Its pid and lock files go to the run's
# directory (KEA_PIDFILE_DIR, KEA_LOCKFILE_DIR), never to /run or /var/lib/kea.
start_kea() {
    local dir=$1 mt=$2
    cat >"$dir/kea-dhcp4.json" <<EOF
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["$SRV_IF"], "dhcp-socket-type": "udp"},
  "lease-database": {"type": "memfile", "persist": true, "lfc-interval": 0,
                     "name": "$dir/kea-leases4.csv"},
  "valid-lifetime": $LEASE_TIME,
  "multi-threading": {"enable-multi-threading": $mt, "thread-pool-size": 2,
                      "packet-queue-size": 64},
  "subnet4": [{"id": 1, "subnet": "198.18.0.0/$NET_PREFIX",
               "pools": [{"pool": "$POOL_START - $POOL_END"}]}],
  "loggers": [{"name": "kea-dhcp4", "severity": "WARN",
               "output_options": [{"output": "$dir/kea-dhcp4.log"}]}]
}}
EOF
    start_bg "$dir/server.log" ip netns exec "$NS_SRV" \
        env KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" kea-dhcp4 -c "$dir/kea-dhcp4.json"
}

# dnsmasq: DHCP only (--port=0), no ping before offering, leases in the run's directory,
# no configuration file of the host, only the server namespace's interface, no per-packet
# log lines (--quiet-dhcp; what it still logs goes to a file of the run, not syslog).
start_dnsmasq() {
    local dir=$1
    start_bg "$dir/server.log" ip netns exec "$NS_SRV" dnsmasq --no-daemon \
        --conf-file=/dev/null --port=0 --no-ping --interface="$SRV_IF" --bind-interfaces \
        --dhcp-range="$POOL_START,$POOL_END,$POOL_MASK,$LEASE_TIME" \
        --dhcp-lease-max=200000 --dhcp-leasefile="$dir/dnsmasq.leases" \
        --pid-file="$dir/dnsmasq.pid" --log-facility="$dir/dnsmasq.log" --quiet-dhcp
}

# start_server NAME DIR: start it and wait until it answers a DISCOVER (SERVER_PID).
start_server() {
    local name=$1 dir=$2 deadline=$((SECONDS + 15))
    case $name in
        leasedesk) start_leasedesk "$dir" ;;
        kea) start_kea "$dir" false ;;
        kea-mt) start_kea "$dir" true ;;
        dnsmasq) start_dnsmasq "$dir" ;;
    esac
    SERVER_PID=$LAST_PID
    while ((SECONDS < deadline)); do
        alive "$SERVER_PID" || server_died "$name" "$dir" "before answering"
        answers_discover "$dir" && return 0
        sleep 0.2
    done
    server_died "$name" "$dir" "(no OFFER to a DISCOVER within 15 s)"
}

# answers_discover DIR: one DISCOVER, and its OFFER came back (the REQUEST is not sent:
# perfdhcp stops sending once -n is reached).
answers_discover() {
    local rc=0 fields
    run_fg "$1/ready.out" ip netns exec "$NS_CLI" perfdhcp -4 -g single -l "$CLI_IP" \
        -n 1 -r 1 -W 300000 "$SRV_IP" || rc=$?
    ((rc == 0 || rc == 3)) || return 1
    fields=$(python3 "$REPORT" parse "$1/ready.out") || return 1
    [[ $(cut -d' ' -f2 <<<"$fields") -ge 1 ]]
}

server_died() {
    local name=$1 dir=$2
    log "$(label_of "$name") log:"
    tail -n 20 "$dir"/*.log 2>/dev/null | sed 's/^/    /' >&2 || true
    fail "$(label_of "$name") stopped or never answered $3"
}

# ---------------------------------------------------------------- measuring --

cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
peak_rss_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
calc() { awk "BEGIN { printf \"%.${1}f\", ($2) }"; }

# measure NAME RATE SECONDS [timestamps|strace]: one perfdhcp run against a fresh server.
# Sets M_SENT (DISCOVERs), M_ACKS, M_LOST (% of DISCOVERs without an ACK), M_RATE (ACKs per
# second), M_CPU (ms per 1,000 ACKs), M_HWM (KiB), M_CLIENT_BOUND (perfdhcp could not send
# at RATE), the latency fields M_DO_*/M_RA_*, and with strace M_FSYNC (per 1,000 ACKs).
RUN=0
measure() {
    local name=$1 rate=$2 secs=$3 mode=${4:-} dir rc=0 t0 t1 tracer='' fields
    # Never more leases in one step than the pool holds (MAX_EXCHANGES).
    secs=$(awk -v s="$secs" -v r="$rate" -v m="$MAX_EXCHANGES" 'BEGIN { print ((r * s > m) ? m / r : s) }')
    RUN=$((RUN + 1))
    dir=$WORK/run-$RUN-$name
    mkdir "$dir"
    start_server "$name" "$dir"
    local args=(-4 -g single -l "$CLI_IP" -r "$rate" -R "$CLIENTS" -p "$secs" -W "$WAIT_US")
    [[ $mode == timestamps ]] && args+=(-x t)
    if [[ $mode == strace ]]; then
        start_bg "$dir/strace.txt" strace -f -c -e trace=fsync,fdatasync -p "$SERVER_PID"
        tracer=$LAST_PID
        sleep 0.5 # attached to every thread
    elif [[ $mode == attach ]]; then
        # Word splitting is the point: COMPARE_ATTACH is a command and its options.
        # shellcheck disable=SC2086
        start_bg "$dir/attach.txt" $COMPARE_ATTACH "$SERVER_PID"
        tracer=$LAST_PID
        sleep 0.5
    fi
    t0=$(cpu_ticks "$SERVER_PID")
    run_fg "$dir/perfdhcp.out" ip netns exec "$NS_CLI" perfdhcp "${args[@]}" "$SRV_IP" || rc=$?
    alive "$SERVER_PID" || server_died "$name" "$dir" "during the run"
    t1=$(cpu_ticks "$SERVER_PID")
    M_HWM=$(peak_rss_kib "$SERVER_PID")
    if [[ -n $tracer ]]; then
        stop_pid "$tracer" TERM # (INT is ignored by background jobs)
        forget_pid "$tracer"
    fi
    stop_pid "$SERVER_PID"
    forget_pid "$SERVER_PID"
    ((rc == 0 || rc == 3)) || { tail -n 20 "$dir/perfdhcp.out" >&2; fail "perfdhcp exited with status $rc"; }
    fields=$(python3 "$REPORT" parse "$dir/perfdhcp.out")
    read -r M_SENT _ _ M_ACKS M_DO_AVG M_RA_AVG M_DO_MED M_RA_MED M_DO_P99 M_RA_P99 <<<"$fields"
    [[ -n $M_RA_P99 ]] || fail "could not read perfdhcp's report $dir/perfdhcp.out"
    M_LOST=$(calc 2 "$M_SENT > 0 ? 100 * (1 - $M_ACKS / $M_SENT) : 100")
    M_RATE=$(calc 0 "$M_ACKS / $secs")
    M_CPU=$(calc 1 "$M_ACKS > 0 ? ($t1 - $t0) * 1000 / $CLK_TCK * 1000 / $M_ACKS : 0")
    M_CLIENT_BOUND=$(calc 0 "$M_SENT < 0.9 * $rate * $secs ? 1 : 0")
    M_FSYNC=
    if [[ $mode == strace ]]; then
        M_FSYNC=$(awk -v acks="$M_ACKS" '$NF ~ /^(fsync|fdatasync)$/ { n += $4 }
            END { printf "%.0f", (acks > 0 ? n * 1000 / acks : 0) }' "$dir/strace.txt")
    fi
    TOTAL_ACKS=$((TOTAL_ACKS + M_ACKS))
    log "$(printf '%-9s %6s/s for %4ss: %7s DISCOVERs, %7s ACKs (%6s/s), lost %6s %%, CPU %7s ms per 1,000%s' \
        "$name" "$rate" "$secs" "$M_SENT" "$M_ACKS" "$M_RATE" "$M_LOST" "$M_CPU" \
        "$( ((M_CLIENT_BOUND)) && echo ', perfdhcp could not send faster')")"
    [[ ${KEEP_WORK:-0} == 1 ]] || rm -rf -- "$dir"
}

passed() { (($(calc 0 "$M_ACKS > 0 && $M_LOST <= $MAX_LOST_PCT ? 1 : 0"))); }

# search NAME: ISC's method (kb.isc.org, "Kea Performance Tests"): the offered rate goes up
# until more than 2.5 % of the exchanges are lost, then bisection between the last rate that
# passed and the first that did not, to within 10 %. Sets S_RATE (completed exchanges per
# second at the highest passing rate) and S_NOTE (client: perfdhcp's own limit was reached
# first; below: even MIN_RATE lost more).
search() {
    local name=$1 rate=$START_RATE lo=0 hi=0 steps=0 mid
    S_RATE=0 S_NOTE=
    while :; do
        measure "$name" "$rate" "$STEP_S"
        steps=$((steps + 1))
        if passed; then
            lo=$rate S_RATE=$M_RATE
            ((M_CLIENT_BOUND)) && { S_NOTE=client; return 0; }
            ((hi > 0)) && break
            rate=$((rate * 2))
            ((rate <= MAX_RATE)) || { S_NOTE=client; return 0; }
        else
            hi=$rate
            ((lo > 0)) && break
            rate=$((rate / 2))
            ((rate >= MIN_RATE)) || { S_NOTE=below; return 0; }
        fi
        ((steps < MAX_STEPS)) || return 0
    done
    while ((10 * hi > 11 * lo && steps < MAX_STEPS)); do
        mid=$(((lo + hi) / 2))
        measure "$name" "$mid" "$STEP_S"
        steps=$((steps + 1))
        if passed; then
            lo=$mid S_RATE=$M_RATE
            ((M_CLIENT_BOUND)) && { S_NOTE=client; return 0; }
        else
            hi=$mid
        fi
    done
    return 0
}

# bench NAME: every measurement of one server, appended to RESULTS as key=value fields.
bench() {
    local name=$1 row
    TOTAL_ACKS=0
    log "---- $(label_of "$name")"
    row="server=$name lat_rate=$LAT_RATE fix_rate=$FIX_RATE"
    if ((CPU_ONLY)); then
        S_RATE=0 S_NOTE=cpu-only M_LOST=0 M_DO_AVG=0 M_DO_MED=0 M_DO_P99=0 M_RA_AVG=0 M_RA_MED=0 M_RA_P99=0
    elif ((QUICK)); then
        # One step at the latency rate stands for both the search and the latency run.
        measure "$name" "$LAT_RATE" "$LAT_S" timestamps
        S_RATE=0 S_NOTE=quick
        ! passed || S_RATE=$M_RATE
    else
        search "$name"
        measure "$name" "$LAT_RATE" "$LAT_S" timestamps
    fi
    row+=" rate=$S_RATE rate_note=$S_NOTE rate_min=$MIN_RATE"
    row+=" lat_drop=$M_LOST do_avg=$M_DO_AVG do_med=$M_DO_MED do_p99=$M_DO_P99"
    row+=" ra_avg=$M_RA_AVG ra_med=$M_RA_MED ra_p99=$M_RA_P99"
    measure "$name" "$FIX_RATE" "$FIX_S" "$( ((CPU_ONLY)) && [[ -n ${COMPARE_ATTACH:-} ]] && echo attach)"
    row+=" fix_drop=$M_LOST fix_acks=$M_ACKS cpu_ms=$M_CPU hwm_kib=$M_HWM"
    if ((HAVE_STRACE)); then
        # A separate, slow run: strace stops the server at every traced call.
        measure "$name" 200 2 strace
        row+=" fsync_per_1000=$M_FSYNC"
    fi
    echo "$row" >>"$RESULTS"
    ((TOTAL_ACKS > 0)) || SILENT+=("$(label_of "$name")")
}

# ------------------------------------------------------------------- report --

print_header() {
    local cpu
    cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    echo "### perfdhcp-compare: $START_DATE$( ((QUICK)) && echo ' (--quick: a smoke run, not figures)')"
    echo
    echo "- machine: $(nproc) cores, $cpu, Linux $(uname -r); load average at the start $START_LOAD, at the end $(cut -d' ' -f1 /proc/loadavg)"
    echo "- versions: kea-dhcp4 $(kea-dhcp4 -V 2>/dev/null | head -n 1 || echo '?'),"\
        "$(dnsmasq --version 2>/dev/null | head -n 1 | cut -d' ' -f1-3 || echo 'dnsmasq ?'),"\
        "perfdhcp $(perfdhcp -v 2>&1 | awk '{print $NF; exit}'),"\
        "leasedesk-server $([[ -n $SERVER_BIN ]] && "$SERVER_BIN" --version 2>/dev/null | awk '{print $NF; exit}' || echo '-')"
    echo "- steps: ${STEP_S} s per search step, latency run ${LAT_S} s at ${LAT_RATE}/s, CPU run ${FIX_S} s at ${FIX_RATE}/s;"\
        "pool $POOL_START-$POOL_END (/15), lease $LEASE_TIME s; every step on a fresh server and an empty"\
        "lease store in /var/tmp"
    echo "- perfdhcp -g single: one thread, so it takes one of the $(nproc) cores; where it cannot send"\
        "faster, the rate is marked (perfdhcp limit) and the CPU column is the comparison that holds"
}

print_notes() {
    echo
    echo "Lost = DISCOVERs without an ACK within 1 s. CPU = utime+stime of all the server's"\
        "threads during the run, per 1,000 ACKs. Peak RSS = VmHWM after the CPU run."
    echo "Durability: LeaseDesk commits each lease to SQLite (WAL, synchronous=FULL) before its"\
        "ACK; Kea memfile appends each lease to its CSV file with write() and never calls"\
        "fsync (an ACKed lease can be lost in a power cut); dnsmasq rewrites its whole lease"\
        "file and fsyncs it after changes. The fsync column counts the calls (strace, 200/s)."
    echo "Kea MT runs 2 packet threads on a 2-core machine where perfdhcp takes one core."
}

START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
START_LOAD=$(cut -d' ' -f1 /proc/loadavg)
((QUICK)) && log "quick run: rough figures, only to prove that every server is driven and answers"
SILENT=()
for s in "${SERVER_LIST[@]}"; do
    bench "$s"
done

print_header
echo
python3 "$REPORT" table "$RESULTS"
print_notes
((${#SILENT[@]} == 0)) || fail "no ACK at all from: ${SILENT[*]}"
