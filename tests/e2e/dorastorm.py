#!/usr/bin/env python3
"""Many relayed DHCP clients against a leasedesk-server that is killed again and again.

For e2e_durability (durability.sh, issue 9 "Durability"). Runs inside the relay namespace
and acts as a relay agent (RFC 1542: UDP port 67, giaddr set, unicast to the server), so one
non-blocking socket carries hundreds of clients, each told apart by its chaddr. It also owns
the server: it starts leasedesk-server in the server namespace on one database, lets a storm
of exchanges run, kills the server with SIGKILL after a random delay (many REQUESTs in
flight; 50 ms to 1.2 s into the storm), and restarts it on the same database, --kills
times over.

The clients' memory is the journal: every ACK is recorded the moment it arrives (chaddr ->
address, and the earliest end the ACK can stand for: the REQUEST's first sending plus the
lease time the ACK gave). It lives in this process for the whole run and is appended to
--journal for the logs. The promise under test (design.md: "a lease is durable before its
ACK leaves") is checked three ways:

  after each kill, before the restart (the database file, read-only):
    PRAGMA integrity_check is "ok"; every ACKed client has the lease row of its address,
    state bound, its chaddr, an end no earlier than its ACK promised and still ahead;
    no client holds two bound leases;
  after each restart, on the wire:
    the server logs "serving"; an INIT-REBOOT REQUEST of a recently ACKed client (RFC 2131
    §4.3.2: option 50, no server identifier, ciaddr 0) is ACKed for its address; a newcomer
    asking for such an address (option 50 in its DISCOVER, §4.3.1) is offered another one;
    then the client's own DISCOVER is offered its address;
  always: no OFFER or ACK ever names an address ACKed to another client, and no ACKed
    client is ever ACKed another address.

At the end the server is stopped with SIGTERM (exit status 0) and the file checked again.
The seed fixes the kill delays, the mix of exchanges and the samples; the server's own
timing still varies, so a replay reproduces the schedule, not every packet.
Exit status 0 when every check passed; otherwise the failed check is printed with the
server's log lines and the lease history of the address concerned.
"""
import argparse
import glob
import heapq
import ipaddress
import itertools
import os
import random
import re
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import time

sys.dont_write_bytecode = True   # importing relay.py must leave no __pycache__ in the sources
from relay import Failure, lab_address, message, option, parse  # noqa: E402

DISCOVER, OFFER, REQUEST, ACK, NAK = 1, 2, 3, 5, 6
RETRANSMIT_S = 1.0      # while the server runs it answers in milliseconds
CHECK_DEADLINE_S = 10.0  # a wire check without its answer by then fails (ASan is ~3x slower)
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)


def mac_text(mac):
    return mac.hex(":")


class Binding:
    """What one client knows of its lease: the address, and the end its last ACK promised."""

    def __init__(self, addr, end_min, round_no):
        self.addr, self.end_min, self.round = addr, end_min, round_no


class Journal:
    """The clients' memory of every ACK: in this process for the whole run, and on file."""

    def __init__(self, path):
        self.by_mac = {}
        self.owner = {}           # address -> chaddr of the client that holds its ACK
        self.recent = []          # chaddrs ACKed since the last wire check
        self.file = open(path, "a", encoding="ascii")

    def record(self, mac, addr, end_min, round_no, how):
        b = self.by_mac.get(mac)
        if b is None:
            self.by_mac[mac] = Binding(addr, end_min, round_no)
            self.owner[addr] = mac
            self.recent.append(mac)
        else:
            b.end_min = max(b.end_min, end_min)
        self.file.write(f"{time.time():.3f} round {round_no} {how} {mac_text(mac)} {addr} "
                        f"end>={end_min}\n")
        self.file.flush()


class Exchange:
    """One client's exchange in flight: the datagram it repeats until it is answered."""

    def __init__(self, kind, mac, xid, packet, check):
        self.kind, self.mac, self.xid, self.packet = kind, mac, xid, packet
        self.check = check        # a wire check (fails at its deadline) or storm traffic
        self.due = 0.0
        self.tries = 0
        self.first_wall = None    # time.time() of the first sending of this datagram
        self.deadline = None
        self.addr = None          # the address asked for (option 50) or expected


class Storm:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.journal = Journal(args.journal)
        self.sock = self.open_socket()
        self.dest = (str(args.server), 67)
        self.live = {}            # xid -> Exchange
        self.heap = []            # (due, seq, xid) for retransmissions
        self.seq = itertools.count()
        self.macs = itertools.count(1)
        self.storming = False
        self.pending_checks = []
        self.round = 0
        self.macs_cache = []
        self.last_start_s = 0.0
        self.proc = None
        self.runs = 0
        self.seconds = dict(checks=0.0, storm=0.0, kill=0.0, database=0.0, restart=0.0)
        self.stats = dict(acks=0, reboot_acks=0, naks=0, kills=0, kills_mid_request=0,
                          max_requests_at_kill=0, db_rows_checked=0, wire_reboots=0,
                          wire_discovers=0, wire_newcomers=0, offers_checked=0)

    # ------------------------------------------------------------------ plumbing --

    def open_socket(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:   # bursts of replies must not be dropped here: root may exceed rmem_max
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.bind(("0.0.0.0", 67))
        s.setblocking(False)
        return s

    def new_xid(self):
        while True:
            xid = self.rng.getrandbits(32)
            if xid not in self.live:
                return xid

    def new_mac(self):
        return bytes([0x02, 0x64]) + next(self.macs).to_bytes(4, "big")

    def packet(self, kind, xid, mac, extra=()):
        opts = [option(55, bytes([1, 3, 6, 51, 54]))] + list(extra)
        return message(kind, xid, mac, self.a.giaddr, opts)

    def start(self, ex):
        self.live[ex.xid] = ex
        if ex.check:
            ex.deadline = time.monotonic() + CHECK_DEADLINE_S
        self.send(ex, time.monotonic())

    def send(self, ex, now):
        if ex.first_wall is None:
            ex.first_wall = time.time()
        try:
            self.sock.sendto(ex.packet, self.dest)
        except BlockingIOError:
            pass   # the retransmission takes it
        ex.tries += 1
        ex.due = now + RETRANSMIT_S
        heapq.heappush(self.heap, (ex.due, next(self.seq), ex.xid))

    def finish(self, ex):
        self.live.pop(ex.xid, None)

    def retransmit(self, now):
        """Send what is due; returns the seconds until the next retransmission."""
        while self.heap:
            due, _, xid = self.heap[0]
            ex = self.live.get(xid)
            if ex is None or ex.due != due:
                heapq.heappop(self.heap)
                continue
            if due > now:
                return due - now
            heapq.heappop(self.heap)
            if ex.check and now > ex.deadline:
                raise Failure(f"no answer to the {ex.kind} of {mac_text(ex.mac)} "
                              f"({ex.addr}) within {CHECK_DEADLINE_S:.0f} s, {ex.tries} tries",
                              ex.mac, ex.addr)
            self.send(ex, now)
        return 1.0

    def pump(self, done, timeout, what):
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            # Refilled before done() is asked: the storm ends (the server is killed) with
            # the window full, not in the gap after a wave of ACKs.
            self.fill(now)
            if done():
                return
            if now >= deadline:
                raise Failure(f"{what} did not finish within {timeout:.0f} s")
            wait = min(self.retransmit(now), deadline - now, 0.02)
            readable, _, _ = select.select([self.sock], [], [], max(wait, 0))
            if readable:
                self.receive_all()

    def receive_all(self):
        for _ in range(512):
            try:
                data, src = self.sock.recvfrom(4096)
            except BlockingIOError:
                return
            if src != self.dest:
                raise Failure(f"a datagram from {src}, not from the server {self.dest}")
            self.on_reply(parse(data))

    # -------------------------------------------------------------------- replies --

    def on_reply(self, m):
        kind = m["options"].get(53, b"\x00")[0]
        mac, addr = m["chaddr"], m["yiaddr"]
        if kind in (OFFER, ACK):
            self.check_owner(kind, mac, addr)
        ex = self.live.get(m["xid"])
        if ex is None or ex.mac != mac:
            return   # an answer to a retransmission already answered
        if kind == NAK:
            self.on_nak(ex, m)
        elif kind == OFFER and ex.kind in ("DISCOVER", "DISCOVER check", "newcomer DISCOVER"):
            self.on_offer(ex, m, addr)
        elif kind == ACK and ex.kind in ("REQUEST", "INIT-REBOOT"):
            self.on_ack(ex, m, addr)

    def check_owner(self, kind, mac, addr):
        """No address ACKed to one client may be offered or ACKed to another, and an ACKed
        client is never ACKed another address (the lease is 1 h, longer than the test)."""
        what = "OFFER" if kind == OFFER else "ACK"
        owner = self.journal.owner.get(addr)
        if owner is not None and owner != mac:
            b = self.journal.by_mac[owner]
            raise Failure(f"{what} of {addr} to {mac_text(mac)}, but {addr} was ACKed to "
                          f"{mac_text(owner)} in round {b.round} (lease until {b.end_min} "
                          f"or later)", owner, addr)
        mine = self.journal.by_mac.get(mac)
        if kind == ACK and mine is not None and mine.addr != addr:
            raise Failure(f"ACK of {addr} to {mac_text(mac)}, which holds an ACK for "
                          f"{mine.addr} (round {mine.round})", mac, mine.addr)
        if kind == OFFER:
            self.stats["offers_checked"] += 1

    def on_nak(self, ex, m):
        text = m["options"].get(56, b"").decode(errors="replace")
        if ex.kind == "INIT-REBOOT":
            raise Failure(f"NAK to the INIT-REBOOT of {mac_text(ex.mac)} for its address "
                          f"{ex.addr}: {text!r}", ex.mac, ex.addr)
        if ex.kind == "REQUEST":   # an offer made before a kill may be gone: start again
            self.stats["naks"] += 1
            self.finish(ex)
            self.start_discover(ex.mac)

    def on_offer(self, ex, m, addr):
        lo, hi = self.a.pool
        if not lo <= addr <= hi:
            raise Failure(f"OFFER of {addr} to {mac_text(ex.mac)}, outside the pool {lo}-{hi}")
        self.finish(ex)
        if ex.kind == "DISCOVER":
            server_id = m["options"].get(54, b"")
            self.start_request(ex.mac, addr, server_id)
        elif ex.kind == "DISCOVER check" and addr != ex.addr:
            raise Failure(f"the DISCOVER of {mac_text(ex.mac)} was offered {addr}, not its "
                          f"address {ex.addr}", ex.mac, ex.addr)
        elif ex.kind == "newcomer DISCOVER" and addr == ex.addr:
            raise Failure(f"newcomer {mac_text(ex.mac)} asked for {addr} and was offered it, "
                          f"but it is ACKed to another client", None, addr)

    def on_ack(self, ex, m, addr):
        if addr != ex.addr:
            raise Failure(f"ACK of {addr} to the {ex.kind} of {mac_text(ex.mac)} for {ex.addr}",
                          ex.mac, ex.addr)
        lease = m["options"].get(51, b"")
        if len(lease) != 4:
            raise Failure(f"ACK of {addr} to {mac_text(ex.mac)} without a lease time")
        # The server's clock read at least the REQUEST's first sending when it decided.
        end_min = int(ex.first_wall) + int.from_bytes(lease, "big")
        self.journal.record(ex.mac, addr, end_min, self.round, ex.kind)
        self.stats["acks" if ex.kind == "REQUEST" else "reboot_acks"] += 1
        self.finish(ex)

    # ------------------------------------------------------------------ exchanges --

    def start_discover(self, mac):
        xid = self.new_xid()
        self.start(Exchange("DISCOVER", mac, xid, self.packet(DISCOVER, xid, mac), False))

    def start_request(self, mac, addr, server_id):
        # Selecting (RFC 2131 §4.3.2): option 50 and the server identifier of the OFFER.
        xid = self.new_xid()
        pkt = self.packet(REQUEST, xid, mac, [option(50, addr.packed), option(54, server_id)])
        ex = Exchange("REQUEST", mac, xid, pkt, False)
        ex.addr = addr
        self.start(ex)

    def reboot(self, mac, check):
        # INIT-REBOOT (RFC 2131 §4.3.2): option 50, no server identifier, ciaddr 0.
        addr = self.journal.by_mac[mac].addr
        xid = self.new_xid()
        ex = Exchange("INIT-REBOOT", mac, xid,
                      self.packet(REQUEST, xid, mac, [option(50, addr.packed)]), check)
        ex.addr = addr
        return ex

    def discover_check(self, mac):
        xid = self.new_xid()
        ex = Exchange("DISCOVER check", mac, xid, self.packet(DISCOVER, xid, mac), True)
        ex.addr = self.journal.by_mac[mac].addr
        return ex

    def newcomer(self, wanted):
        mac, xid = self.new_mac(), self.new_xid()
        ex = Exchange("newcomer DISCOVER", mac, xid,
                      self.packet(DISCOVER, xid, mac, [option(50, wanted.packed)]), True)
        ex.addr = wanted
        return ex

    def fill(self, now):
        """Keep the window full: wire checks first, then the storm (if on)."""
        room = self.a.window - len(self.live)
        while room > 0 and self.pending_checks:
            self.start(self.pending_checks.pop())
            room -= 1
        while room > 0 and self.storming:
            bound = self.journal.by_mac
            if bound and self.rng.random() < self.a.rebind_share:   # bound rows change too
                mac = self.rng.choice(self.journal_macs())
                if not any(e.mac == mac for e in self.live.values()):
                    self.start(self.reboot(mac, False))
            else:
                self.start_discover(self.new_mac())
            room -= 1

    def journal_macs(self):
        if len(self.macs_cache) != len(self.journal.by_mac):
            self.macs_cache = list(self.journal.by_mac)
        return self.macs_cache

    # --------------------------------------------------------------------- server --

    def start_server(self):
        self.runs += 1
        log_path = os.path.join(self.a.logs, f"server-{self.runs}.log")
        cmd = ["ip", "netns", "exec", self.a.server_ns, self.a.server_bin, "--db", self.a.db,
               "--interface", self.a.interface, "--verbose"]
        if self.runs == 1:
            cmd += ["--config", self.a.config]
        with open(log_path, "wb") as out:
            # ip netns exec replaces itself with the server: the PID is the server's.
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        t0 = time.monotonic()
        deadline = t0 + 20
        while time.monotonic() < deadline:
            with open(log_path, "rb") as f:
                if re.search(rb"^leasedesk-server: serving ", f.read(), re.M):
                    break
            if self.proc.poll() is not None:
                raise Failure(f"server run {self.runs} exited with status "
                              f"{self.proc.returncode} before serving ({log_path})")
            time.sleep(0.01)
        else:
            raise Failure(f"server run {self.runs} did not log 'serving' within 20 s")
        now = time.monotonic()
        self.last_start_s = now - t0
        for ex in self.live.values():   # the clients left waiting try again, a bit spread
            ex.due = now + self.rng.uniform(0, 0.1)
            heapq.heappush(self.heap, (ex.due, next(self.seq), ex.xid))

    def kill_server(self):
        requests = sum(1 for e in self.live.values()
                       if e.kind in ("REQUEST", "INIT-REBOOT") and not e.check)
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = None
        self.stats["kills"] += 1
        self.stats["kills_mid_request"] += requests > 0
        self.stats["max_requests_at_kill"] = max(self.stats["max_requests_at_kill"], requests)
        # What the server sent before it died is in our socket (or on its way): take it in,
        # so its ACKs are in the journal before the database is judged.
        end = time.monotonic() + 0.05
        while time.monotonic() < end:
            if select.select([self.sock], [], [], 0.01)[0]:
                self.receive_all()
        return requests

    def stop_server(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired as e:
            raise Failure("the server still runs 10 s after SIGTERM") from e
        self.proc = None
        if rc != 0:
            raise Failure(f"the server exited with status {rc} after SIGTERM")
        with open(os.path.join(self.a.logs, f"server-{self.runs}.log"), "rb") as f:
            if not re.search(rb"^leasedesk-server: stopping on signal 15$", f.read(), re.M):
                raise Failure("the server did not log 'stopping on signal 15'")

    def abandon(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    # ------------------------------------------------------------------- database --

    def check_database(self, when):
        """The file as the next run will find it; read-only, so this changes nothing."""
        con = sqlite3.connect(f"file:{self.a.db}?mode=ro", uri=True, timeout=5)
        try:
            verdict = con.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                text = "; ".join(str(v[0]) for v in verdict).replace("\n", "; ")
                raise Failure(f"PRAGMA integrity_check {when}: {text[:400]}")
            rows = {a: (bytes(hw or b""), state, end) for a, hw, state, end in
                    con.execute('SELECT address, hardware_address, state, "end" FROM leases')}
        finally:
            con.close()
        now = int(time.time())
        for mac, b in self.journal.by_mac.items():
            row = rows.get(int(b.addr))
            who = f"{mac_text(mac)} (ACKed {b.addr} in round {b.round})"
            if row is None:
                raise Failure(f"{when}: no lease row for {b.addr}, though {who}", mac, b.addr)
            hw, state, end = row
            if hw != mac:
                raise Failure(f"{when}: the lease of {b.addr} belongs to {mac_text(hw)}, "
                              f"not to {who}", mac, b.addr)
            if state != "bound":
                raise Failure(f"{when}: the lease of {who} is {state!r}, not 'bound'",
                              mac, b.addr)
            if end < b.end_min or end <= now:
                raise Failure(f"{when}: the lease of {who} ends at {end}, but its ACK promised "
                              f"{b.end_min} (now {now})", mac, b.addr)
        held = {}
        for a, (hw, state, end) in rows.items():
            if state == "bound" and end > now and hw in held:
                raise Failure(f"{when}: {mac_text(hw)} holds two bound leases, "
                              f"{ipaddress.IPv4Address(held[hw])} and "
                              f"{ipaddress.IPv4Address(a)}", hw, ipaddress.IPv4Address(a))
            if state == "bound" and end > now:
                held[hw] = a
        self.stats["db_rows_checked"] += len(self.journal.by_mac)
        return len(rows)

    # ----------------------------------------------------------------------- runs --

    def wire_checks(self, older):
        """INIT-REBOOT and DISCOVER of the clients ACKed since the last time (the newest
        --sample-recent) and of OLDER others, newcomers wanting their addresses; returns how
        many exchanges that took. The clients' own DISCOVERs come last: a server that lost a
        lease could offer the address back to its client by chance (the lowest free one) and
        so hide the loss from the INIT-REBOOT and the newcomers."""
        recent = self.journal.recent[-self.a.sample_recent:]
        self.journal.recent = []
        macs = self.journal_macs()
        sample = list(dict.fromkeys(recent + self.rng.sample(macs, min(older, len(macs)))))
        wanted = [self.journal.by_mac[m].addr for m in (recent or sample)]
        newcomers = self.a.newcomers if wanted else 0
        first = [self.reboot(m, True) for m in sample]
        first += [self.newcomer(self.rng.choice(wanted)) for _ in range(newcomers)]
        for phase in (first, [self.discover_check(m) for m in sample]):
            self.rng.shuffle(phase)
            self.pending_checks = phase
            self.pump(lambda: not self.pending_checks and not any(
                e.check for e in self.live.values()), 60, "the wire checks")
        self.stats["wire_reboots"] += len(sample)
        self.stats["wire_discovers"] += len(sample)
        self.stats["wire_newcomers"] += newcomers
        return 2 * len(sample) + newcomers

    def one_round(self):
        self.round += 1
        t0 = time.monotonic()
        checks = self.wire_checks(self.a.sample_old)
        t_checks = time.monotonic() - t0
        self.seconds["checks"] += t_checks
        acks_before = self.stats["acks"]
        delay = self.rng.uniform(self.a.kill_min, self.a.kill_max)
        kill_at = time.monotonic() + delay
        self.storming = True
        self.pump(lambda: time.monotonic() >= kill_at, delay + 5, "the storm")
        self.storming = False
        t0 = time.monotonic()
        self.seconds["storm"] += t0 - kill_at + delay
        requests = self.kill_server()
        self.seconds["kill"] += time.monotonic() - t0
        t0 = time.monotonic()
        rows = self.check_database(f"after kill {self.round}")
        t_db = time.monotonic() - t0
        self.seconds["database"] += t_db
        self.start_server()
        self.seconds["restart"] += self.last_start_s
        print(f"dorastorm: round {self.round}: {checks} wire checks ok ({t_checks:.2f} s); "
              f"killed after {delay * 1000:.0f} ms with {requests} REQUESTs in flight, "
              f"{self.stats['acks'] - acks_before} new ACKs; database ok "
              f"({len(self.journal.by_mac)} ACKed clients, {rows} lease rows, {t_db:.2f} s); "
              f"serving again after {self.last_start_s:.2f} s", flush=True)

    def run(self):
        self.start_server()
        for _ in range(self.a.kills):
            self.one_round()
        self.round += 1
        checks = self.wire_checks(self.a.final_sample)
        self.check_database("while the last run serves")
        self.stop_server()
        self.check_database("after the last run stopped")
        s = self.stats
        print(f"dorastorm: final: {checks} wire checks ok, integrity ok, SIGTERM exit 0")
        print("dorastorm: totals: " + ", ".join(f"{k} {v}" for k, v in s.items()))
        print("dorastorm: seconds spent in the rounds: " +
              ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        if s["kills_mid_request"] * 2 < s["kills"]:
            raise Failure(f"only {s['kills_mid_request']} of {s['kills']} kills landed with "
                          f"REQUESTs in flight: the storm does not stress what it should")
        if s["acks"] < 10 * s["kills"]:
            raise Failure(f"only {s['acks']} ACKs in {s['kills']} rounds: too little traffic")


def explain(args, mac, addr):
    """The server's log lines and the database's history of one client and address."""
    pats = []
    if mac:
        pats.append(re.escape(mac_text(mac)))
    if addr:
        pats.append(re.escape(str(addr)) + r"(?![0-9])")
    if not pats:
        return
    rx = re.compile("|".join(pats))
    print("dorastorm: server log lines about " + " / ".join(
        x for x in (mac and mac_text(mac), addr and str(addr)) if x) + ":")
    files = sorted(glob.glob(os.path.join(args.logs, "server-*.log")),
                   key=lambda p: int(re.findall(r"\d+", os.path.basename(p))[0]))
    lines = []
    for path in files:
        with open(path, errors="replace") as f:
            lines += [f"  {os.path.basename(path)}: {ln.rstrip()}" for ln in f if rx.search(ln)]
    print("\n".join(lines[-30:]) or "  (none)")
    if addr:
        try:
            con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True, timeout=5)
            hist = con.execute('SELECT "when", hex(hardware_address), from_state, to_state, '
                               'reason FROM lease_history WHERE address = ? ORDER BY id',
                               (int(addr),)).fetchall()
            con.close()
            print(f"dorastorm: lease_history of {addr}:")
            print("\n".join(f"  {h}" for h in hist[-10:]) or "  (none)")
        except sqlite3.Error as e:
            print(f"dorastorm: cannot read the history of {addr}: {e}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--server-bin", required=True)
    p.add_argument("--server-ns", required=True)
    p.add_argument("--interface", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--config", required=True, help="imported by the first run only")
    p.add_argument("--logs", required=True, help="directory for server-N.log")
    p.add_argument("--journal", required=True)
    p.add_argument("--server", type=lab_address, required=True)
    p.add_argument("--giaddr", type=lab_address, required=True)
    p.add_argument("--pool", nargs=2, type=lab_address, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--kills", type=int, default=24)
    p.add_argument("--kill-min", type=float, default=0.05, help="seconds")
    p.add_argument("--kill-max", type=float, default=1.2, help="seconds")
    p.add_argument("--window", type=int, default=64, help="exchanges in flight")
    p.add_argument("--rebind-share", type=float, default=0.5,
                   help="share of the storm that is INIT-REBOOTs of ACKed clients")
    p.add_argument("--sample-recent", type=int, default=200)
    p.add_argument("--sample-old", type=int, default=30)
    p.add_argument("--newcomers", type=int, default=20)
    p.add_argument("--final-sample", type=int, default=1000,
                   help="older clients checked on the wire at the end")
    args = p.parse_args()
    os.makedirs(args.logs, exist_ok=True)

    storm = Storm(args)
    # The test's watchdog stops us with SIGTERM: the server must not outlive us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"dorastorm: seed {args.seed}, {args.kills} kills, window {args.window}", flush=True)
    try:
        storm.run()
    except Failure as f:
        print(f"dorastorm: FAIL in round {storm.round}: {f.args[0]}", flush=True)
        storm.abandon()
        mac, addr = (list(f.args[1:]) + [None, None])[:2]
        explain(args, mac, addr)
        print(f"dorastorm: replay the schedule with DURABILITY_SEED={args.seed}", flush=True)
        return 1
    finally:
        storm.abandon()
    return 0


if __name__ == "__main__":
    sys.exit(main())
