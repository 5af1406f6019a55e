#!/usr/bin/env python3
"""Malformed DHCP datagrams for e2e_malformed (malformed.sh): a storm against a live server.

Runs inside a client namespace whose eth0 has an address of its own. Builds COUNT datagrams
first (so the sending loop measures the wire, not the generator), then sends them as fast as
one Python loop can, alternately broadcast (255.255.255.255:67, through eth0) and unicast
(SERVER:67), and prints one line:

  junk: sent 100000 (broken 61234, mutated 38766) in 1.23 s = 81234/s; broadcast 50000,
        unicast 50000, send errors 0

Two families, counted apart because the test needs to know which ones a server may still
read and answer:
  broken  - cannot parse under any reading of RFC 2131 (docs/codec.md lists the rules):
            shorter than 240 octets (truncations at every length, zero-length), op neither 1
            nor 2, no magic cookie, an option running past its field, option 53 twice with
            different values (reassembled into one 2-octet type, RFC 3396), an empty
            client identifier (RFC 2132 §9.14), a bad option overload (RFC 2132 §9.3);
  mutated - random mutations of real DISCOVERs and REQUESTs that may still be readable:
            flipped octets, cuts past the header, bogus option lengths, wrong htype/hlen,
            overlong options, oversize datagrams up to 1500 octets, random bytes.
With --only-broken every datagram is of the first family (the test's exact count).

Only 198.18.0.0/15 addresses are accepted, and the random generator has a fixed seed, so a
failure can be reproduced.
"""
import argparse
import ipaddress
import random
import socket
import struct
import sys
import time

LAB = ipaddress.IPv4Network("198.18.0.0/15")
MAGIC = b"\x63\x82\x53\x63"
SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)
HEADER = 240  # 236-octet fixed header and the cookie (RFC 2131 §3)


def lab_address(text):
    a = ipaddress.IPv4Address(text)
    if a not in LAB:
        raise argparse.ArgumentTypeError(f"{a} is not in {LAB}")
    return str(a)


def opt(code, data):
    return bytes([code, len(data)]) + data


def message(kind, mac, xid, options, op=1, htype=1, hlen=6):
    head = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, htype, hlen, 0, xid, 0, 0x8000,
                       bytes(4), bytes(4), bytes(4), bytes(4), mac + bytes(10), bytes(64),
                       bytes(128))
    body = MAGIC + opt(53, bytes([kind])) + b"".join(options) + b"\xff"
    data = head + body
    return data + bytes(max(0, 300 - len(data)))  # RFC 1542 §2.1 minimum, as clients send


def real_requests(server):
    """DISCOVERs and SELECTING REQUESTs of 20 clients, as dhclient would send them."""
    out = []
    srv = ipaddress.IPv4Address(server).packed
    prl = opt(55, bytes([1, 3, 6, 15, 51, 54]))
    for i in range(1, 21):
        mac = bytes([2, 0, 0, 0, 0x77, i])
        host = opt(12, b"junk%d" % i)
        out.append(message(1, mac, 0x5EED0000 + i, [opt(57, b"\x05\xdc"), host, prl]))
        want = ipaddress.IPv4Address("198.18.0.100").packed
        out.append(message(3, mac, 0x5EED1000 + i, [opt(50, want), opt(54, srv), host, prl]))
    return out


class Storm:
    def __init__(self, seed, server):
        self.r = random.Random(seed)
        self.real = real_requests(server)
        self.cut = 0  # truncations walk through every length in turn

    def pick(self):
        return bytearray(self.r.choice(self.real))

    # ---- broken: never a readable message (docs/codec.md, "Reading") ----
    def short(self):
        self.cut = (self.cut + 1) % HEADER
        return bytes(self.pick()[: self.cut])  # 0 … 239 octets, zero-length included

    def bad_op(self):
        m = self.pick()
        m[0] = self.r.choice([0] + list(range(3, 256)))
        return bytes(m)

    def no_cookie(self):
        m = self.pick()
        m[236:240] = self.r.choice([bytes(4), self.r.randbytes(4), b"\x63\x82\x53\x64"])
        return bytes(m)

    def overrun(self):
        # The last option claims more octets than its field has left (RFC 2131 §4.1).
        m = self.pick()[:HEADER]
        code = self.r.choice([1, 12, 53, 55, 61, 82, 150, 224])
        return bytes(m) + bytes([code, self.r.randint(3, 255)]) + b"\x01\x02"

    def two_types(self):
        # Option 53 twice with different values: reassembled into one 2-octet type.
        m = self.pick()[:HEADER]
        return bytes(m) + opt(53, b"\x01") + opt(53, b"\x03") + b"\xff" + bytes(54)

    def empty_client_id(self):
        m = self.pick()[:HEADER]
        return bytes(m) + opt(53, b"\x01") + b"\x3d\x00\xff" + bytes(55)

    def bad_overload(self):
        m = self.pick()[:HEADER]
        value = self.r.choice([b"\x00", b"\x04", b"\x01\x01", b""])
        return bytes(m) + opt(53, b"\x01") + opt(52, value) + b"\xff" + bytes(50)

    def overloaded_file(self):
        # Overload says "file holds options"; there a hostname of 200 octets overruns it.
        m = self.pick()[:HEADER]
        m[108:110] = b"\x0c\xc8"
        return bytes(m) + opt(53, b"\x01") + opt(52, b"\x01") + b"\xff" + bytes(50)

    # ---- mutated: random damage to a real request, which may or may not leave it readable ----
    def flip(self):
        m = self.pick()
        for _ in range(self.r.randint(1, 8)):
            m[self.r.randrange(len(m))] = self.r.randrange(256)
        return bytes(m)

    def long_cut(self):
        m = self.pick()
        return bytes(m[: self.r.randint(HEADER, len(m))])

    def bogus_length(self):
        m = self.pick()
        i = HEADER + 3  # the first option after option 53
        m[i + 1] = self.r.randrange(256)
        return bytes(m)

    def header_fields(self):
        m = self.pick()
        m[1] = self.r.randrange(256)  # htype
        m[2] = self.r.choice([0, 1, 17, 255, self.r.randrange(256)])  # hlen, also past chaddr
        return bytes(m)

    def overlong(self):
        m = self.pick()
        end = m.index(0xFF, HEADER)
        filler = bytes([self.r.choice([43, 60, 77, 125, 224])]) + b"\xff" + self.r.randbytes(255)
        return bytes(m[:end]) + filler + b"\xff"

    def oversize(self):
        m = self.pick()
        return bytes(m) + self.r.randbytes(self.r.randint(1473, 1500) - len(m))

    def garbage(self):
        return self.r.randbytes(self.r.randint(1, 1500))

    BROKEN = ("short", "bad_op", "no_cookie", "overrun", "two_types", "empty_client_id",
              "bad_overload", "overloaded_file")
    MUTATED = ("flip", "long_cut", "bogus_length", "header_fields", "overlong", "oversize",
               "garbage")

    def make(self, count, only_broken):
        out = []
        broken = 0
        for i in range(count):
            if only_broken or i % 2 == 0:
                name = self.BROKEN[(i // 2) % len(self.BROKEN)]
                broken += 1
            else:
                name = self.MUTATED[(i // 2) % len(self.MUTATED)]
            out.append(getattr(self, name)())
        return out, broken


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", type=lab_address, required=True)
    p.add_argument("--interface", default="eth0")
    p.add_argument("--count", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=20261130)
    p.add_argument("--only-broken", action="store_true")
    a = p.parse_args()

    datagrams, broken = Storm(a.seed, a.server).make(a.count, a.only_broken)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    # Broadcasts leave through eth0 of this namespace only (no route is needed for them).
    s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, a.interface.encode())
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    targets = [("255.255.255.255", 67), (a.server, 67)]
    sent = [0, 0]
    errors = 0
    start = time.monotonic()
    for i, d in enumerate(datagrams):
        try:
            s.sendto(d, targets[i & 1])
            sent[i & 1] += 1
        except OSError:
            errors += 1  # e.g. ENOBUFS: not sent, so not counted as sent
    took = time.monotonic() - start
    total = sent[0] + sent[1]
    print(f"junk: sent {total} (broken {broken}, mutated {a.count - broken}) in {took:.2f} s "
          f"= {total / max(took, 1e-6):.0f}/s; broadcast {sent[0]}, unicast {sent[1]}, "
          f"send errors {errors}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
