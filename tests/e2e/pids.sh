# shellcheck shell=bash
# pids.sh - stopping only the processes we started (sourced by tests/e2e/lib.sh and
# benchmarks/compare/netns.sh, never run). The caller defines log().
#
# Processes are stopped by PID, never by name, and a PID counts as ours only while it is a
# living child of this shell: a PID the kernel has recycled for someone else is left alone.

# alive PID: PID runs and is a child of this shell.
alive() {
    local ppid
    ppid=$(awk '/^PPid:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
    [[ $ppid == "$$" ]] && ! grep -qs '^State:.*zombie' "/proc/$1/status"
}

# stop_pid PID [SIGNAL]: signal one process we started, wait for it, SIGKILL it when it has
# not gone after 5 s. Its exit status is not kept.
stop_pid() {
    local pid=$1 sig=${2:-TERM} i
    # No status wanted: disowned, bash still reaps it but prints no "Killed" notice.
    disown "$pid" 2>/dev/null || true
    if alive "$pid"; then
        kill "-$sig" "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then
            log "pid $pid ignored SIG$sig, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    # Its leader looks like a zombie while another thread still ends (a lease writer inside
    # an fsync finishes it first), and until the last thread is gone the process keeps its
    # sockets: a server started again at once would find port 67 taken.
    local threads
    for ((i = 0; i < 100; i++)); do
        threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || threads=0
        ((${threads:-0} > 1)) || break
        sleep 0.05
    done
    wait "$pid" 2>/dev/null || true
}

# remove_namespaces NS...: stops what still runs in them (only processes we started, or
# helpers they forked, can live there: TERM, then KILL), deletes them, and fails when one is
# still there afterwards.
remove_namespaces() {
    local ns pid left=0
    for ns in "$@"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            log "stopping leftover pid $pid in namespace $ns"
            kill -TERM "$pid" 2>/dev/null
        done
    done
    (($# == 0)) || sleep 0.2
    for ns in "$@"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -KILL "$pid" 2>/dev/null
        done
        ip netns del "$ns" 2>/dev/null || log "could not delete namespace $ns"
    done
    for ns in "$@"; do
        if ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF "$ns"; then
            log "namespace $ns is still there"
            left=1
        fi
    done
    return "$left"
}

# start_watchdog SECONDS: SIGTERM to this shell after SECONDS, so an overlong run goes through
# its TERM trap (the cleanup) before anyone kills it from outside. Bash runs traps between
# commands, so every wait must be short or interruptible. Sets WATCHDOG_S and WATCHDOG_PID
# (the cleanup stops it with stop_pid).
start_watchdog() {
    # shellcheck disable=SC2034 # read by the sourcing script's TERM trap
    WATCHDOG_S=$1
    (
        trap 'kill "$nap" 2>/dev/null; wait "$nap"; exit 0' TERM
        sleep "$1" &
        nap=$!
        wait "$nap" && kill -TERM $$ # $$ is the sourcing script's shell, also in this subshell
    ) >/dev/null 2>&1 &
    # shellcheck disable=SC2034 # stopped by the sourcing script's cleanup
    WATCHDOG_PID=$!
}
