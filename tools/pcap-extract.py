#!/usr/bin/env python3
"""Extract DHCPv4 messages (UDP payloads) from a pcap file.

Self-contained: parses the classic pcap container, Ethernet (optionally
802.1Q tagged) or Linux cooked (SLL/SLL2) link layers, IPv4 and UDP by hand,
so it needs nothing beyond the Python standard library.

Sub-commands:
  list PCAP
      one line per DHCP packet: index, time, chaddr, message type, kind,
      xid, ciaddr, IP source -> destination.
  extract PCAP --kind KIND [--chaddr MAC] [--nth N] --bin OUT [--pcap OUT]
      write the DHCP payload (starting at the op byte) of the N-th (1-based)
      packet of that kind to --bin, and optionally that single packet as a
      one-packet pcap (for an independent decode with tcpdump/tshark).
  describe FILE.bin...
      one-line summary per file: op, xid, flags, ciaddr, chaddr, options in
      wire order as code:length, END marker and padding after it.
  check FILE.bin --type N
      exit non-zero unless op == 1, the magic cookie is at offset 236 and
      option 53 carries message type N.

KIND is one of: discover, offer, request-selecting, request-initreboot,
request-renewing, request-rebinding, decline, ack, nak, release, inform, any.
"""

import argparse
import ipaddress
import struct
import sys

MAGIC_COOKIE = b"\x63\x82\x53\x63"
COOKIE_OFFSET = 236
OPTIONS_OFFSET = 240

MSG_TYPES = {
    1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE", 5: "ACK",
    6: "NAK", 7: "RELEASE", 8: "INFORM",
}

# Options whose value is printable text; shown quoted in summaries.
TEXT_OPTIONS = {12, 14, 15, 17, 40, 56, 60, 66, 67}

LINKTYPE_ETHERNET = 1
LINKTYPE_LINUX_SLL = 113
LINKTYPE_LINUX_SLL2 = 276


class PcapError(Exception):
    pass


def read_pcap(path):
    """Yield (linktype, ts_sec, ts_frac, raw_record_header, frame) tuples."""
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) < 24:
        raise PcapError("file too short for a pcap global header")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise PcapError("not a classic pcap file (pcapng is not supported)")
    _vmaj, _vmin, _tz, _sig, _snap, linktype = struct.unpack(
        endian + "HHiIII", data[4:24])
    linktype &= 0x0FFFFFFF
    pos = 24
    while pos + 16 <= len(data):
        rec_hdr = data[pos:pos + 16]
        ts_sec, ts_frac, incl_len, _orig_len = struct.unpack(
            endian + "IIII", rec_hdr)
        pos += 16
        frame = data[pos:pos + incl_len]
        pos += incl_len
        if len(frame) < incl_len:
            break  # truncated last record
        yield data[:24], linktype, ts_sec, ts_frac, rec_hdr, frame


def link_payload(linktype, frame):
    """Return (src_mac or None, ethertype, l3 bytes) or None."""
    if linktype == LINKTYPE_ETHERNET:
        if len(frame) < 14:
            return None
        src = frame[6:12]
        ethertype = struct.unpack("!H", frame[12:14])[0]
        off = 14
        while ethertype in (0x8100, 0x88A8) and len(frame) >= off + 4:
            ethertype = struct.unpack("!H", frame[off + 2:off + 4])[0]
            off += 4
        return src, ethertype, frame[off:]
    if linktype == LINKTYPE_LINUX_SLL:
        if len(frame) < 16:
            return None
        addr_len = struct.unpack("!H", frame[4:6])[0]
        src = frame[6:6 + min(addr_len, 8)]
        ethertype = struct.unpack("!H", frame[14:16])[0]
        return src, ethertype, frame[16:]
    if linktype == LINKTYPE_LINUX_SLL2:
        if len(frame) < 20:
            return None
        ethertype = struct.unpack("!H", frame[0:2])[0]
        addr_len = frame[11]
        src = frame[12:12 + min(addr_len, 8)]
        return src, ethertype, frame[20:]
    return None


def udp_payload(l3):
    """Parse IPv4+UDP; return (src_ip, dst_ip, sport, dport, payload)."""
    if len(l3) < 20 or (l3[0] >> 4) != 4:
        return None
    ihl = (l3[0] & 0x0F) * 4
    total_len = struct.unpack("!H", l3[2:4])[0]
    frag = struct.unpack("!H", l3[6:8])[0]
    if frag & 0x3FFF:  # fragmented (MF set or offset != 0): not handled
        return None
    if l3[9] != 17 or ihl < 20 or len(l3) < ihl + 8:
        return None
    l3 = l3[:total_len] if total_len >= ihl else l3
    src_ip = ipaddress.IPv4Address(l3[12:16])
    dst_ip = ipaddress.IPv4Address(l3[16:20])
    udp = l3[ihl:]
    sport, dport, ulen = struct.unpack("!HHH", udp[:6])
    if ulen < 8:
        return None
    return src_ip, dst_ip, sport, dport, udp[8:ulen]


def parse_options(msg):
    """Return (options, end_found, bytes_after_end).

    options is a list of (code, length, value) in wire order; PAD (0)
    bytes before END are reported as (0, 0, b"") entries.
    """
    opts = []
    pos = OPTIONS_OFFSET
    while pos < len(msg):
        code = msg[pos]
        if code == 0:
            opts.append((0, 0, b""))
            pos += 1
            continue
        if code == 255:
            return opts, True, msg[pos + 1:]
        if pos + 1 >= len(msg):
            raise ValueError("option %d truncated (no length byte)" % code)
        length = msg[pos + 1]
        value = msg[pos + 2:pos + 2 + length]
        if len(value) != length:
            raise ValueError("option %d truncated" % code)
        opts.append((code, length, value))
        pos += 2 + length
    return opts, False, b""


class Dhcp:
    def __init__(self, msg):
        if len(msg) < OPTIONS_OFFSET:
            raise ValueError("message shorter than 240 bytes")
        self.raw = msg
        (self.op, self.htype, self.hlen, self.hops, self.xid, self.secs,
         self.flags) = struct.unpack("!BBBBIHH", msg[:12])
        self.ciaddr = ipaddress.IPv4Address(msg[12:16])
        self.yiaddr = ipaddress.IPv4Address(msg[16:20])
        self.siaddr = ipaddress.IPv4Address(msg[20:24])
        self.giaddr = ipaddress.IPv4Address(msg[24:28])
        self.chaddr_raw = msg[28:44]
        self.cookie_ok = msg[COOKIE_OFFSET:OPTIONS_OFFSET] == MAGIC_COOKIE
        self.options, self.end_found, self.after_end = parse_options(msg)

    @property
    def chaddr(self):
        n = self.hlen if 0 < self.hlen <= 16 else 6
        return ":".join("%02x" % b for b in self.chaddr_raw[:n])

    def option(self, code):
        for c, _l, v in self.options:
            if c == code:
                return v
        return None

    @property
    def msg_type(self):
        v = self.option(53)
        return v[0] if v and len(v) == 1 else None

    def kind(self, dst_ip=None):
        t = self.msg_type
        if t == 3:
            if int(self.ciaddr) == 0:
                if self.option(54) is not None:
                    return "request-selecting"
                return "request-initreboot"
            if dst_ip is not None and dst_ip == ipaddress.IPv4Address(
                    "255.255.255.255"):
                return "request-rebinding"
            return "request-renewing"
        return MSG_TYPES.get(t, "unknown").lower()


def dhcp_packets(path):
    """Yield dicts for every DHCPv4 packet in the pcap."""
    for idx, (ghdr, linktype, ts_sec, ts_frac, rec_hdr, frame) in enumerate(
            read_pcap(path), start=1):
        lp = link_payload(linktype, frame)
        if lp is None or lp[1] != 0x0800:
            continue
        up = udp_payload(lp[2])
        if up is None:
            continue
        src_ip, dst_ip, sport, dport, payload = up
        if not ({sport, dport} & {67, 68}):
            continue
        try:
            d = Dhcp(payload)
        except ValueError:
            continue
        yield {
            "index": idx, "ts": "%d.%06d" % (ts_sec, ts_frac),
            "src_ip": src_ip, "dst_ip": dst_ip, "sport": sport,
            "dport": dport, "dhcp": d, "kind": d.kind(dst_ip),
            "global_header": ghdr, "record": rec_hdr + frame,
        }


def fmt_value(code, value):
    if code in TEXT_OPTIONS and value and all(32 <= b < 127 for b in value):
        return '"%s"' % value.decode("ascii")
    return value.hex()


def summary(d, with_values=False, max_value=16):
    parts = []
    for code, length, value in d.options:
        if code == 0:
            parts.append("0(pad)")
            continue
        s = "%d:%d" % (code, length)
        if with_values and length <= max_value:
            s += ":" + (fmt_value(code, value) if length else "")
        parts.append(s)
    if d.end_found:
        pad = d.after_end
        tail = "255(end) + %d byte(s) after END%s" % (
            len(pad), "" if not pad else
            (" (all zero)" if not any(pad) else " (NON-ZERO)"))
    else:
        tail = "no END option"
    return ("op=%d xid=0x%08x secs=%d flags=0x%04x ciaddr=%s chaddr=%s "
            "len=%d options: %s ; %s" % (
                d.op, d.xid, d.secs, d.flags, d.ciaddr, d.chaddr,
                len(d.raw), " ".join(parts), tail))


def cmd_list(args):
    for p in dhcp_packets(args.pcap):
        d = p["dhcp"]
        print("#%-3d %s %s %-18s xid=0x%08x ciaddr=%s %s:%d -> %s:%d" % (
            p["index"], p["ts"], d.chaddr, p["kind"], d.xid, d.ciaddr,
            p["src_ip"], p["sport"], p["dst_ip"], p["dport"]))
    return 0


def cmd_extract(args):
    n = 0
    for p in dhcp_packets(args.pcap):
        d = p["dhcp"]
        if args.chaddr and d.chaddr.lower() != args.chaddr.lower():
            continue
        if args.kind != "any" and p["kind"] != args.kind:
            continue
        n += 1
        if n != args.nth:
            continue
        with open(args.bin, "wb") as fh:
            fh.write(d.raw)
        if args.pcap_out:
            with open(args.pcap_out, "wb") as fh:
                fh.write(p["global_header"])
                fh.write(p["record"])
        print("%s: packet #%d, %d bytes, %s" % (
            args.bin, p["index"], len(d.raw), p["kind"]))
        return 0
    print("no packet #%d of kind %s%s in %s" % (
        args.nth, args.kind,
        " for chaddr " + args.chaddr if args.chaddr else "", args.pcap),
        file=sys.stderr)
    return 1


def cmd_describe(args):
    for path in args.files:
        with open(path, "rb") as fh:
            d = Dhcp(fh.read())
        prefix = (path.rsplit("/", 1)[-1] + ": ") if len(args.files) > 1 \
            or args.name else ""
        print(prefix + summary(d, with_values=args.values))
    return 0


def cmd_check(args):
    with open(args.file, "rb") as fh:
        raw = fh.read()
    d = Dhcp(raw)
    errors = []
    if d.op != 1:
        errors.append("op is %d, expected 1 (BOOTREQUEST)" % d.op)
    if not d.cookie_ok:
        errors.append("no magic cookie 63825363 at offset 236")
    if d.msg_type != args.type:
        errors.append("option 53 is %r, expected %d" % (d.msg_type, args.type))
    if not d.end_found:
        errors.append("options area has no END (255)")
    if errors:
        for e in errors:
            print("%s: %s" % (args.file, e), file=sys.stderr)
        return 1
    print("%s: ok (op=1, cookie at 236, option 53 = %d %s)" % (
        args.file, args.type, MSG_TYPES.get(args.type, "?")))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("list")
    p.add_argument("pcap")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("extract")
    p.add_argument("pcap")
    p.add_argument("--kind", required=True)
    p.add_argument("--chaddr")
    p.add_argument("--nth", type=int, default=1)
    p.add_argument("--bin", required=True)
    p.add_argument("--pcap-out", dest="pcap_out")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("describe")
    p.add_argument("files", nargs="+")
    p.add_argument("--values", action="store_true",
                   help="append short option values (hex or quoted text)")
    p.add_argument("--name", action="store_true",
                   help="prefix the file name even for a single file")
    p.set_defaults(func=cmd_describe)

    p = sub.add_parser("check")
    p.add_argument("file")
    p.add_argument("--type", type=int, required=True)
    p.set_defaults(func=cmd_check)

    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, PcapError, ValueError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
