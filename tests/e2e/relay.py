#!/usr/bin/env python3
"""A DHCP relay agent's side of a conversation, for e2e_relay (relay.sh).

Runs inside the relay namespace. From a UDP socket on port 67 it sends relayed messages
(giaddr set, hops 1, option 82) to the server's address on port 67 and checks the replies
that come back to giaddr:67:

  1. DISCOVER relayed through GIADDR  -> OFFER from the scope of GIADDR
  2. REQUEST (selecting, broadcast flag set) -> ACK for the offered address
  3. INIT-REBOOT for an address on another network -> NAK, broadcast bit set (RFC 2131
     4.3.2: the relay must broadcast it to the client)
  4. DISCOVER through a giaddr no scope contains -> no reply at all

Every reply must come from SERVER:67, be addressed to GIADDR:67 (checked with IP_PKTINFO),
carry our xid, chaddr and giaddr, a yiaddr inside the expected range, mask, router, the
server identifier, the lease time, and option 82 exactly as sent.

Only the addresses given on the command line are used; the test passes addresses from
198.18.0.0/15 and this script refuses anything else.

Exit status 0 when every check passed; otherwise the failed check is printed.
"""
import argparse
import ipaddress
import os
import socket
import struct
import sys
import time

LAB = ipaddress.IPv4Network("198.18.0.0/15")
MAGIC = b"\x63\x82\x53\x63"
IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)   # Linux's value; Python < 3.12 lacks the name


def lab_address(text):
    a = ipaddress.IPv4Address(text)
    if a not in LAB:
        raise argparse.ArgumentTypeError(f"{a} is not in {LAB}")
    return a


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def option(code, data):
    return bytes([code, len(data)]) + data


def message(kind, xid, mac, giaddr, options, flags=0):
    head = struct.pack(
        "!BBBBIHH4s4s4s4s16s64s128s",
        1, 1, 6, 1,                 # BOOTREQUEST, Ethernet, hlen 6, hops 1 (one relay)
        xid, 0, flags,
        bytes(4), bytes(4), bytes(4), giaddr.packed,
        mac + bytes(10), bytes(64), bytes(128))
    body = MAGIC + option(53, bytes([kind])) + b"".join(options) + b"\xff"
    data = head + body
    return data + bytes(max(0, 300 - len(data)))


def parse(data):
    check(len(data) >= 240, f"reply of {len(data)} octets is shorter than a DHCP header")
    (op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr,
     chaddr) = struct.unpack("!BBBBIHH4s4s4s4s16s", data[:44])
    check(data[236:240] == MAGIC, "no magic cookie in the reply")
    opts = {}
    order = []
    i = 240
    while i < len(data):
        code = data[i]
        if code == 0:
            i += 1
            continue
        if code == 255:
            break
        check(i + 1 < len(data), f"option {code} has no length octet")
        n = data[i + 1]
        check(i + 2 + n <= len(data), f"option {code} runs past the end of the reply")
        opts[code] = opts.get(code, b"") + data[i + 2:i + 2 + n]   # RFC 3396 concatenation
        order.append(code)
        i += 2 + n
    check(52 not in opts, "the reply uses option overload (52): not expected for this size")
    return {
        "op": op, "xid": xid, "flags": flags, "hlen": hlen, "chaddr": chaddr[:hlen],
        "ciaddr": ipaddress.IPv4Address(ciaddr), "yiaddr": ipaddress.IPv4Address(yiaddr),
        "giaddr": ipaddress.IPv4Address(giaddr), "options": opts, "order": order,
    }


def receive(sock, xid, timeout):
    """The next reply with our xid: (message, source, destination address)."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            data, anc, _flags, src = sock.recvmsg(4096, socket.CMSG_SPACE(12))
        except socket.timeout:
            return None
        dst = None
        for level, ctype, cdata in anc:
            if level == socket.IPPROTO_IP and ctype == IP_PKTINFO:
                # struct in_pktinfo { int ifindex; in_addr spec_dst; in_addr addr; }
                dst = ipaddress.IPv4Address(cdata[8:12])
        if len(data) < 8 or struct.unpack("!I", data[4:8])[0] != xid:
            print(f"relay: ignoring a datagram from {src} with another xid", file=sys.stderr)
            continue
        return parse(data), src, dst


def expect_reply(sock, xid, kind, args, mac, opt82, lo, hi, what):
    got = receive(sock, xid, args.timeout)
    check(got is not None, f"no reply to the relayed {what} within {args.timeout} s")
    m, src, dst = got
    check(src == (str(args.server), 67), f"{what}: reply came from {src}, not {args.server}:67")
    check(dst == args.giaddr, f"{what}: reply was sent to {dst}, not to giaddr {args.giaddr}")
    check(m["op"] == 2, f"{what}: op {m['op']} is not BOOTREPLY")
    t = m["options"].get(53, b"")
    check(t == bytes([kind]), f"{what}: message type {t.hex()} instead of {kind}")
    check(m["chaddr"] == mac, f"{what}: chaddr {m['chaddr'].hex(':')} is not ours")
    check(m["giaddr"] == args.giaddr, f"{what}: giaddr {m['giaddr']} not echoed")
    check(lo <= m["yiaddr"] <= hi, f"{what}: yiaddr {m['yiaddr']} is not in {lo}-{hi}")
    o = m["options"]
    check(o.get(1) == args.mask.packed, f"{what}: subnet mask {o.get(1, b'').hex()}")
    check(o.get(3) == args.router.packed, f"{what}: router {o.get(3, b'').hex()}")
    check(o.get(54) == args.server.packed, f"{what}: server identifier {o.get(54, b'').hex()}")
    check(o.get(51) == struct.pack("!I", args.lease),
          f"{what}: lease time {o.get(51, b'').hex()} instead of {args.lease}")
    check(82 in o, f"{what}: option 82 was not echoed")
    check(o[82] == opt82, f"{what}: option 82 changed: sent {opt82.hex()}, got {o[82].hex()}")
    check(m["order"][-1] == 82, f"{what}: option 82 is not the last option ({m['order']})")
    print(f"relay: {what} -> type {kind} yiaddr {m['yiaddr']} from {src[0]}:{src[1]} "
          f"to {dst}:67, option 82 {o[82].hex()} echoed")
    return m


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--server", type=lab_address, required=True)
    p.add_argument("--giaddr", type=lab_address, required=True)
    p.add_argument("--unknown-giaddr", type=lab_address, required=True)
    p.add_argument("--wrong-address", type=lab_address, required=True,
                   help="an address outside giaddr's scope, for the NAK")
    p.add_argument("--pool", nargs=2, type=lab_address, required=True)
    p.add_argument("--router", type=lab_address, required=True)
    p.add_argument("--mask", type=ipaddress.IPv4Address, required=True)
    p.add_argument("--lease", type=int, required=True)
    p.add_argument("--mac", required=True)
    p.add_argument("--circuit-id", required=True)
    p.add_argument("--timeout", type=float, default=5.0)
    args = p.parse_args()

    mac = bytes.fromhex(args.mac.replace(":", ""))
    sub1 = args.circuit_id.encode()
    sub2 = bytes([0x02, 0x00, 0x00, 0x00, 0x00, 0xaa])
    opt82 = bytes([1, len(sub1)]) + sub1 + bytes([2, len(sub2)]) + sub2
    common = [option(61, b"\x01" + mac),
              option(55, bytes([1, 3, 6, 15, 51, 54, 58, 59])),
              option(12, b"e2e-relayed")]
    lo, hi = args.pool

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    sock.bind(("0.0.0.0", 67))
    dest = (str(args.server), 67)

    try:
        xid = int.from_bytes(os.urandom(4), "big")
        sock.sendto(message(1, xid, mac, args.giaddr, common + [option(82, opt82)]), dest)
        offer = expect_reply(sock, xid, 2, args, mac, opt82, lo, hi, "DISCOVER")

        # Selecting, with the broadcast flag: the reply still goes to the relay (RFC 2131 4.1).
        req = common + [option(50, offer["yiaddr"].packed), option(54, args.server.packed),
                        option(82, opt82)]
        sock.sendto(message(3, xid, mac, args.giaddr, req, flags=0x8000), dest)
        ack = expect_reply(sock, xid, 5, args, mac, opt82, lo, hi, "REQUEST")
        check(ack["yiaddr"] == offer["yiaddr"],
              f"ACK for {ack['yiaddr']}, but {offer['yiaddr']} was offered and requested")

        # INIT-REBOOT for an address of the server's own segment: wrong network here.
        xid3 = int.from_bytes(os.urandom(4), "big")
        wrong = ipaddress.IPv4Address(args.wrong_address)
        sock.sendto(message(3, xid3, mac, args.giaddr,
                            common + [option(50, wrong.packed), option(82, opt82)]), dest)
        got = receive(sock, xid3, args.timeout)
        check(got is not None, f"no reply to a relayed INIT-REBOOT for {wrong}")
        nak, src, dst = got
        o = nak["options"]
        check(o.get(53) == b"\x06", f"INIT-REBOOT for {wrong}: type {o.get(53, b'').hex()}, not NAK")
        check(src == (str(args.server), 67) and dst == args.giaddr,
              f"the NAK went from {src} to {dst}, not from {args.server}:67 to {args.giaddr}:67")
        check(nak["flags"] & 0x8000, "the relayed NAK lacks the broadcast bit")
        check(nak["yiaddr"] == ipaddress.IPv4Address(0), f"the NAK has yiaddr {nak['yiaddr']}")
        check(o.get(82) == opt82, f"the NAK changed option 82: {o.get(82, b'').hex()}")
        print(f"relay: INIT-REBOOT for {wrong} -> NAK to {dst}:67 with the broadcast bit, "
              f"option 82 echoed, message {o.get(56, b'').decode(errors='replace')!r}")

        # A giaddr that no scope contains: the server must stay silent.
        xid2 = int.from_bytes(os.urandom(4), "big")
        mac2 = mac[:5] + bytes([mac[5] ^ 0x02])   # another client behind the same relay
        sock.sendto(message(1, xid2, mac2, args.unknown_giaddr,
                            [option(61, b"\x01" + mac2), option(82, opt82)]), dest)
        got = receive(sock, xid2, 2.0)
        check(got is None, f"a reply to a DISCOVER through {args.unknown_giaddr}, which no scope contains")
        print(f"relay: DISCOVER through {args.unknown_giaddr} -> no reply (as expected)")
    except Failure as f:
        print(f"relay: FAIL: {f}", file=sys.stderr)
        return 1
    print(f"relay: leased {ack['yiaddr']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
