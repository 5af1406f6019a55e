#include "proto/messagedescription.h"

#include "proto/optiondefinition.h"
#include "proto/optiontext.h"

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
    for (const DhcpOption &opt : m.options) {
        const OptionDefinition def = optionDefinitionOrGeneric(opt.code);
        std::string name = "Option " + std::to_string(opt.code);
        if (!def.name.empty())
            name += " " + std::string(def.name);
        std::string value = formatOption(opt.code, opt.data);
        if (value.empty())
            value = "(no value)";
        out.push_back({std::move(name), std::move(value), opt.code});
    }
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
