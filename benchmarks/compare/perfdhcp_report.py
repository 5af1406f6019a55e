#!/usr/bin/env python3
"""Helper of perfdhcp-compare.sh: reads perfdhcp's reports and prints the final tables.

  perfdhcp_report.py parse FILE
      One line of ten fields from one perfdhcp report (DHCPv4, DORA):
      do_sent do_rcvd ra_sent ra_rcvd do_avg ra_avg do_med ra_med do_p99 ra_p99
      Counts are packets; delays are milliseconds, "-" where perfdhcp gave none. The
      medians and 99th percentiles need the per-exchange timestamps of `perfdhcp -x t`.
      perfdhcp counts an exchange as received only when the answer matched the request
      (OFFER to DISCOVER, ACK to REQUEST); a NAK is counted as a drop.

  perfdhcp_report.py table FILE
      FILE holds one line per server of key=value fields (written by the script); prints
      the results table and LeaseDesk's ratios to the others as Markdown, ready to paste.
"""

import re
import statistics
import sys

SECTION = re.compile(r"^\*\*\*Statistics for: (DISCOVER-OFFER|REQUEST-ACK)\*\*\*")
STAMPS = re.compile(r"^\*\*\*Timestamps for packets: (DISCOVER-OFFER|REQUEST-ACK)\*\*\*")
STAMP = re.compile(r"^sent / received: ([0-9.]+) / ([0-9.]+)")
FIELD = re.compile(r"^(sent packets|received packets|avg delay): ([0-9.]+)")


def parse(path):
    stats = {"DISCOVER-OFFER": {}, "REQUEST-ACK": {}}
    delays = {"DISCOVER-OFFER": [], "REQUEST-ACK": []}
    where, stamps = None, None
    with open(path, encoding="utf-8", errors="replace") as report:
        for line in report:
            line = line.strip()
            if m := SECTION.match(line):
                where, stamps = m.group(1), None
            elif m := STAMPS.match(line):
                where, stamps = None, m.group(1)
            elif stamps and (m := STAMP.match(line)):
                delays[stamps].append((float(m.group(2)) - float(m.group(1))) * 1000.0)
            elif where and (m := FIELD.match(line)):
                stats[where].setdefault(m.group(1), m.group(2))

    def get(kind, key, default="0"):
        return stats[kind].get(key, default)

    def pct(values, q):
        if not values:
            return "-"
        values = sorted(values)
        return f"{values[min(len(values) - 1, int(q * len(values)))]:.3f}"

    def med(values):
        return f"{statistics.median(values):.3f}" if values else "-"

    fields = [
        get("DISCOVER-OFFER", "sent packets"),
        get("DISCOVER-OFFER", "received packets"),
        get("REQUEST-ACK", "sent packets"),
        get("REQUEST-ACK", "received packets"),
        get("DISCOVER-OFFER", "avg delay", "-"),
        get("REQUEST-ACK", "avg delay", "-"),
        med(delays["DISCOVER-OFFER"]),
        med(delays["REQUEST-ACK"]),
        pct(delays["DISCOVER-OFFER"], 0.99),
        pct(delays["REQUEST-ACK"], 0.99),
    ]
    print(" ".join(fields))


LABELS = {
    "leasedesk": "LeaseDesk",
    "kea": "Kea memfile, 1 thread",
    "kea-mt": "Kea memfile, MT 2 threads",
    "dnsmasq": "dnsmasq",
}


def read_results(path):
    rows = []
    with open(path, encoding="utf-8") as results:
        for line in results:
            row = dict(f.split("=", 1) for f in line.split() if "=" in f)
            if row:
                row["label"] = LABELS.get(row["server"], row["server"])
                rows.append(row)
    return rows


def num(row, key):
    try:
        return float(row.get(key, ""))
    except ValueError:
        return None


def fmt_int(value):
    return "–" if value is None else f"{value:,.0f}"


def fmt_ms(value):
    if value in (None, "", "-"):
        return "–"
    return f"{float(value):.2f}"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}"


def rate_cell(row):
    rate = num(row, "rate")
    note = row.get("rate_note", "")
    if note == "below":
        return f"< {fmt_int(num(row, 'rate_min'))}"
    cell = fmt_int(rate)
    if note == "client":
        cell = f"≥ {cell} (perfdhcp limit)"
    elif note == "quick":
        cell = f"≥ {cell} (quick)" if rate else "– (quick)"
    return cell


def fixed_cell(row):
    drop = num(row, "fix_drop")
    cell = f"{num(row, 'cpu_ms'):.0f}" if num(row, "cpu_ms") is not None else "–"
    if drop is not None and drop > 2.5:
        cell += f" (overloaded: {drop:.1f} % lost)"
    return cell


def latency_cell(row, kind):
    return f"{fmt_ms(row.get(kind + '_avg'))} / {fmt_ms(row.get(kind + '_med'))} / " \
           f"{fmt_ms(row.get(kind + '_p99'))}"


def table(path):
    rows = read_results(path)
    if not rows:
        print("(no results)")
        return
    lat_rate = rows[0].get("lat_rate", "?")
    fix_rate = rows[0].get("fix_rate", "?")
    print(f"| server | DORA/s at ≤ 2.5 % lost | DISCOVER→OFFER ms avg / median / p99 "
          f"at {lat_rate}/s | REQUEST→ACK ms avg / median / p99 at {lat_rate}/s "
          f"| CPU ms per 1,000 DORA at {fix_rate}/s | peak RSS MiB | fsync per 1,000 DORA |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        hwm = num(row, "hwm_kib")
        fsyncs = num(row, "fsync_per_1000")
        lat_drop = num(row, "lat_drop")
        name = row["label"]
        if lat_drop is not None and lat_drop > 2.5:
            name += f" (latency run lost {lat_drop:.1f} %)"
        print(f"| {name} | {rate_cell(row)} | {latency_cell(row, 'do')} | "
              f"{latency_cell(row, 'ra')} | {fixed_cell(row)} | "
              f"{'–' if hwm is None else f'{hwm / 1024:.1f}'} | "
              f"{'–' if fsyncs is None else f'{fsyncs:.0f}'} |")
    ours = next((r for r in rows if r["server"] == "leasedesk"), None)
    others = [r for r in rows if r["server"] != "leasedesk"]
    if not ours or not others:
        return
    print()
    print("| LeaseDesk vs | rate ratio (> 1: LeaseDesk serves more) "
          "| CPU ratio (< 1: LeaseDesk spends less per DORA) |")
    print("|---|---:|---:|")
    for row in others:
        print(f"| {row['label']} | {fmt_ratio(num(ours, 'rate'), num(row, 'rate'))} | "
              f"{fmt_ratio(num(ours, 'cpu_ms'), num(row, 'cpu_ms'))} |")
    if ours.get("rate_note") != "quick":
        targets(ours, [r for r in others if r["server"].startswith("kea")])


def targets(ours, keas):
    """Issue 9's targets: more DORA/s than the faster Kea mode, at most half its CPU."""
    if not keas:
        return
    rates = [(num(r, "rate"), r["label"]) for r in keas if num(r, "rate") is not None]
    cpus = [(num(r, "cpu_ms"), r["label"]) for r in keas if num(r, "cpu_ms") is not None]
    our_rate, our_cpu = num(ours, "rate"), num(ours, "cpu_ms")
    print()
    if rates and our_rate is not None:
        best, label = max(rates)
        verdict = "met" if our_rate > best else "not met"
        print(f"Target rate > faster Kea ({label}, {best:,.0f}/s): "
              f"{our_rate:,.0f}/s, {verdict}.")
    if cpus and our_cpu is not None:
        best, label = min(cpus)
        verdict = "met" if our_cpu <= best / 2 else "not met"
        print(f"Target CPU ≤ half of the cheaper Kea ({label}, {best:.0f} ms per 1,000): "
              f"{our_cpu:.0f} ms, {verdict}.")


def main(argv):
    if len(argv) == 3 and argv[1] == "parse":
        parse(argv[2])
    elif len(argv) == 3 and argv[1] == "table":
        table(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
