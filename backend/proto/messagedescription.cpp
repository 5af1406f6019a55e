#include "proto/messagedescription.h"

#include "proto/dhcpcodec.h"
#include "proto/optiondefinition.h"
#include "proto/optiontext.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace leasedesk::proto {

namespace {

std::string hex32(std::uint32_t v)
{
    char buf[12];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

std::string messageLabel(const DhcpMessage &m)
{
    const auto type = m.messageType();
    if (!type)
        return m.op == BootRequest ? "BOOTREQUEST" : "BOOTREPLY";
    const std::string_view name = messageTypeName(*type);
    return name.empty() ? "message type " + std::to_string(*type) : std::string(name);
}

DescribedField describeOption(std::uint8_t code, std::span<const std::uint8_t> data)
{
    const OptionDefinition def = optionDefinitionOrGeneric(code);
    std::string name = "Option " + std::to_string(code);
    if (!def.name.empty())
        name += " " + std::string(def.name);
    std::string value = formatOption(code, data);
    if (value.empty())
        value = "(no value)";
    return {std::move(name), std::move(value), code};
}

} // namespace

std::vector<DescribedField> describeMessage(const DhcpMessage &m)
{
    std::vector<DescribedField> out;
    out.push_back({"op", m.op == BootRequest ? "BOOTREQUEST (1)" : "BOOTREPLY (2)"});
    out.push_back({"htype / hlen", std::to_string(m.htype) + " / " + std::to_string(m.hlen)});
    out.push_back({"hops", std::to_string(m.hops)});
    out.push_back({"xid", hex32(m.xid)});
    out.push_back({"secs", std::to_string(m.secs)});
    char flags[8];
    std::snprintf(flags, sizeof flags, "0x%04x", m.flags);
    out.push_back(
        {"flags", std::string(flags) + (m.broadcastFlag() ? " (broadcast)" : " (unicast)")});
    out.push_back({"ciaddr", m.ciaddr.toString()});
    out.push_back({"yiaddr", m.yiaddr.toString()});
    out.push_back({"siaddr", m.siaddr.toString()});
    out.push_back({"giaddr", m.giaddr.toString()});
    out.push_back({"chaddr", formatHex(m.hardwareAddress())});
    if (const std::string s = m.serverName(); !s.empty())
        out.push_back({"sname", s});
    if (const std::string f = m.bootFileName(); !f.empty())
        out.push_back({"file", f});
    for (const DhcpOption &opt : m.options)
        out.push_back(describeOption(opt.code, opt.data));
    return out;
}

namespace {

struct HeaderSpan
{
    std::string_view name; // as describeMessage names the line
    std::size_t offset;
    std::size_t length;
};

// RFC 2131 §2, figure 1. htype and hlen share one line, so they share one span.
constexpr std::array<HeaderSpan, 13> HeaderLayout = {{
    {"op", 0, 1},
    {"htype / hlen", 1, 2},
    {"hops", 3, 1},
    {"xid", 4, 4},
    {"secs", 8, 2},
    {"flags", 10, 2},
    {"ciaddr", 12, 4},
    {"yiaddr", 16, 4},
    {"siaddr", 20, 4},
    {"giaddr", 24, 4},
    {"chaddr", 28, 16},
    {"sname", DhcpMessage::SnameOffset, 64},
    {"file", DhcpMessage::FileOffset, 128},
}};

const HeaderSpan *headerSpan(std::string_view name)
{
    const auto it = std::find_if(HeaderLayout.begin(), HeaderLayout.end(),
                                 [name](const HeaderSpan &h) { return h.name == name; });
    return it == HeaderLayout.end() ? nullptr : &*it;
}

// One option instance as it lies in the bytes: code, length and data (RFC 2132 §2).
struct WireOption
{
    std::uint8_t code;
    std::size_t offset;
    std::span<const std::uint8_t> data;
    std::size_t length() const { return 2 + data.size(); }
};

// Walks one options area as the codec reads it (RFC 2131 §4.1): PAD and END are single
// octets; the walk stops at END, at the area's end, or at an option that does not fit.
void walkArea(std::span<const std::uint8_t> bytes, std::size_t begin, std::size_t end,
              std::vector<WireOption> &out)
{
    end = std::min(end, bytes.size());
    std::size_t i = begin;
    while (i < end && bytes[i] != OptionCode::End) {
        if (bytes[i] == OptionCode::Pad) {
            ++i;
            continue;
        }
        if (i + 2 > end || i + 2 + bytes[i + 1] > end)
            return;
        out.push_back({bytes[i], i, bytes.subspan(i + 2, bytes[i + 1])});
        i += 2 + bytes[i + 1];
    }
}

// The instances in the order the codec concatenates them: options, then file, then sname
// when option 52 says they hold options (RFC 2131 §4.1, RFC 3396 §5).
std::vector<WireOption> walkOptions(std::span<const std::uint8_t> bytes, std::uint8_t overload)
{
    std::vector<WireOption> out;
    walkArea(bytes, DhcpCodec::MinimumSize, bytes.size(), out);
    if (overload & 1)
        walkArea(bytes, DhcpMessage::FileOffset, DhcpMessage::FileOffset + 128, out);
    if (overload & 2)
        walkArea(bytes, DhcpMessage::SnameOffset, DhcpMessage::SnameOffset + 64, out);
    return out;
}

LocatedField locatedCookie(std::span<const std::uint8_t> bytes)
{
    return {{"magic cookie", formatHex(bytes.subspan(DhcpMessage::HeaderSize, 4), ' ')},
            DhcpMessage::HeaderSize,
            DhcpMessage::CookieSize};
}

// The header lines whose bytes are all there, located by their fixed place.
void appendHeader(std::vector<DescribedField> lines, std::size_t available,
                  std::vector<LocatedField> &out)
{
    for (DescribedField &line : lines) {
        const HeaderSpan *span = line.code < 0 ? headerSpan(line.name) : nullptr;
        if (span && span->offset + span->length <= available)
            out.push_back({std::move(line), span->offset, span->length});
    }
}

// Each option's line at its first instance (the first part of a split option, RFC 3396).
// Option 52 has no line in describeMessage (the codec consumes it) but has bytes, so it gets
// one here, where it lies in the options field.
void appendOptions(std::vector<DescribedField> lines, const std::vector<WireOption> &wire,
                   std::vector<LocatedField> &out)
{
    std::array<bool, 256> done{};
    for (const WireOption &w : wire) {
        if (done[w.code])
            continue;
        done[w.code] = true;
        if (w.code == OptionCode::Overload) {
            if (w.offset >= DhcpCodec::MinimumSize)
                out.push_back({describeOption(w.code, w.data), w.offset, w.length()});
            continue;
        }
        const auto line = std::find_if(lines.begin(), lines.end(),
                                       [&w](const DescribedField &f) { return f.code == w.code; });
        if (line != lines.end())
            out.push_back({std::move(*line), w.offset, w.length()});
    }
}

// The header of a message that may be cut short, zeros where the bytes end.
DhcpMessage partialHeader(std::span<const std::uint8_t> bytes)
{
    std::array<std::uint8_t, DhcpMessage::HeaderSize> h{};
    std::copy_n(bytes.begin(), std::min(bytes.size(), h.size()), h.begin());
    const auto be32 = [&h](std::size_t at) {
        return std::uint32_t(h[at]) << 24 | std::uint32_t(h[at + 1]) << 16
            | std::uint32_t(h[at + 2]) << 8 | h[at + 3];
    };
    DhcpMessage m;
    m.op = h[0];
    m.htype = h[1];
    m.hlen = h[2];
    m.hops = h[3];
    m.xid = be32(4);
    m.secs = std::uint16_t(h[8] << 8 | h[9]);
    m.flags = std::uint16_t(h[10] << 8 | h[11]);
    m.ciaddr = Ipv4Address(be32(12));
    m.yiaddr = Ipv4Address(be32(16));
    m.siaddr = Ipv4Address(be32(20));
    m.giaddr = Ipv4Address(be32(24));
    std::copy_n(h.begin() + 28, m.chaddr.size(), m.chaddr.begin());
    std::copy_n(h.begin() + DhcpMessage::SnameOffset, m.sname.size(), m.sname.begin());
    std::copy_n(h.begin() + DhcpMessage::FileOffset, m.file.size(), m.file.begin());
    return m;
}

// What can be said of bytes the codec refused: the header fields that are there, the
// cookie, and, when the cookie is DHCP's, each option instance of the options field that
// fits, formatted on its own (nothing is concatenated: the message as a whole is unusable).
std::vector<LocatedField> describeFragment(std::span<const std::uint8_t> bytes)
{
    const DhcpMessage m = partialHeader(bytes);
    std::vector<DescribedField> lines = describeMessage(m);
    if (m.op != BootRequest && m.op != BootReply)
        lines.front().value = std::to_string(m.op) + " (neither BOOTREQUEST nor BOOTREPLY)";
    std::vector<LocatedField> out;
    appendHeader(std::move(lines), bytes.size(), out);
    if (bytes.size() < DhcpCodec::MinimumSize)
        return out;
    out.push_back(locatedCookie(bytes));
    constexpr std::array<std::uint8_t, 4> Cookie = {99, 130, 83, 99}; // RFC 2131 §3
    if (!std::equal(Cookie.begin(), Cookie.end(), bytes.begin() + DhcpMessage::HeaderSize))
        return out;
    std::vector<WireOption> wire;
    walkArea(bytes, DhcpCodec::MinimumSize, bytes.size(), wire);
    for (const WireOption &w : wire)
        out.push_back({describeOption(w.code, w.data), w.offset, w.length()});
    return out;
}

} // namespace

std::vector<LocatedField> describeWire(std::span<const std::uint8_t> bytes, std::string *error)
{
    const ParseResult parsed = DhcpCodec::parse(bytes);
    if (error)
        *error = parsed ? std::string() : parsed.error.reason;
    if (!parsed)
        return describeFragment(bytes);
    std::vector<DescribedField> lines = describeMessage(*parsed.message);
    std::vector<LocatedField> out;
    appendHeader(lines, bytes.size(), out);
    out.push_back(locatedCookie(bytes));
    appendOptions(std::move(lines), walkOptions(bytes, parsed.overload), out);
    return out;
}

std::string summarizeMessage(const DhcpMessage &m)
{
    std::string line = messageLabel(m) + " xid " + hex32(m.xid);
    line += m.op == BootRequest ? " from " : " to ";
    line += formatHex(m.hardwareAddress());
    if (!m.yiaddr.isZero())
        line += " yiaddr " + m.yiaddr.toString();
    if (!m.ciaddr.isZero())
        line += " ciaddr " + m.ciaddr.toString();
    if (!m.giaddr.isZero())
        line += " via relay " + m.giaddr.toString();
    return line;
}

} // namespace leasedesk::proto
