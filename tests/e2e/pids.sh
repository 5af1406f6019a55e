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
    wait "$pid" 2>/dev/null || true
}
