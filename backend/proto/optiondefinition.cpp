#include "proto/optiondefinition.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace leasedesk::proto {

namespace {

using T = OptionType;

// Sorted by code, so lookup is a binary search. RFC 2132 in full, then what labs meet:
// PXE (RFC 4578), relay agents (RFC 3046), search lists (RFC 3397), routes (RFC 3442), TFTP
// (RFC 5859), WPAD, and a few modern ones (captive portal, IPv6-only preferred).
constexpr std::array definitions = {
    OptionDefinition{1, "Subnet Mask", T::Ip, "RFC 2132 §3.3"},
    OptionDefinition{2, "Time Offset", T::I32, "RFC 2132 §3.4"},
    OptionDefinition{3, "Router", T::IpList, "RFC 2132 §3.5"},
    OptionDefinition{4, "Time Server", T::IpList, "RFC 2132 §3.6"},
    OptionDefinition{5, "Name Server", T::IpList, "RFC 2132 §3.7"},
    OptionDefinition{6, "Domain Name Server", T::IpList, "RFC 2132 §3.8"},
    OptionDefinition{7, "Log Server", T::IpList, "RFC 2132 §3.9"},
    OptionDefinition{8, "Cookie Server", T::IpList, "RFC 2132 §3.10"},
    OptionDefinition{9, "LPR Server", T::IpList, "RFC 2132 §3.11"},
    OptionDefinition{10, "Impress Server", T::IpList, "RFC 2132 §3.12"},
    OptionDefinition{11, "Resource Location Server", T::IpList, "RFC 2132 §3.13"},
    OptionDefinition{12, "Host Name", T::String, "RFC 2132 §3.14"},
    OptionDefinition{13, "Boot File Size", T::U16, "RFC 2132 §3.15"},
    OptionDefinition{14, "Merit Dump File", T::String, "RFC 2132 §3.16"},
    OptionDefinition{15, "Domain Name", T::String, "RFC 2132 §3.17"},
    OptionDefinition{16, "Swap Server", T::Ip, "RFC 2132 §3.18"},
    OptionDefinition{17, "Root Path", T::String, "RFC 2132 §3.19"},
    OptionDefinition{18, "Extensions Path", T::String, "RFC 2132 §3.20"},
    OptionDefinition{19, "IP Forwarding", T::Bool, "RFC 2132 §4.1"},
    OptionDefinition{20, "Non-Local Source Routing", T::Bool, "RFC 2132 §4.2"},
    OptionDefinition{21, "Policy Filter", T::IpPairs, "RFC 2132 §4.3"},
    OptionDefinition{22, "Maximum Datagram Reassembly Size", T::U16, "RFC 2132 §4.4"},
    OptionDefinition{23, "Default IP Time-to-live", T::U8, "RFC 2132 §4.5"},
    OptionDefinition{24, "Path MTU Aging Timeout", T::U32, "RFC 2132 §4.6"},
    OptionDefinition{25, "Path MTU Plateau Table", T::U16List, "RFC 2132 §4.7"},
    OptionDefinition{26, "Interface MTU", T::U16, "RFC 2132 §5.1"},
    OptionDefinition{27, "All Subnets are Local", T::Bool, "RFC 2132 §5.2"},
    OptionDefinition{28, "Broadcast Address", T::Ip, "RFC 2132 §5.3"},
    OptionDefinition{29, "Perform Mask Discovery", T::Bool, "RFC 2132 §5.4"},
    OptionDefinition{30, "Mask Supplier", T::Bool, "RFC 2132 §5.5"},
    OptionDefinition{31, "Perform Router Discovery", T::Bool, "RFC 2132 §5.6"},
    OptionDefinition{32, "Router Solicitation Address", T::Ip, "RFC 2132 §5.7"},
    OptionDefinition{33, "Static Route", T::IpPairs, "RFC 2132 §5.8"},
    OptionDefinition{34, "Trailer Encapsulation", T::Bool, "RFC 2132 §6.1"},
    OptionDefinition{35, "ARP Cache Timeout", T::U32, "RFC 2132 §6.2"},
    OptionDefinition{36, "Ethernet Encapsulation", T::Bool, "RFC 2132 §6.3"},
    OptionDefinition{37, "TCP Default TTL", T::U8, "RFC 2132 §7.1"},
    OptionDefinition{38, "TCP Keepalive Interval", T::U32, "RFC 2132 §7.2"},
    OptionDefinition{39, "TCP Keepalive Garbage", T::Bool, "RFC 2132 §7.3"},
    OptionDefinition{40, "NIS Domain", T::String, "RFC 2132 §8.1"},
    OptionDefinition{41, "NIS Servers", T::IpList, "RFC 2132 §8.2"},
    OptionDefinition{42, "NTP Servers", T::IpList, "RFC 2132 §8.3"},
    OptionDefinition{43, "Vendor Specific Information", T::Bytes, "RFC 2132 §8.4"},
    OptionDefinition{44, "NetBIOS Name Servers", T::IpList, "RFC 2132 §8.5"},
    OptionDefinition{45, "NetBIOS Datagram Distribution Servers", T::IpList, "RFC 2132 §8.6"},
    OptionDefinition{46, "NetBIOS Node Type", T::U8, "RFC 2132 §8.7"},
    OptionDefinition{47, "NetBIOS Scope", T::String, "RFC 2132 §8.8"},
    OptionDefinition{48, "X Window Font Servers", T::IpList, "RFC 2132 §8.9"},
    OptionDefinition{49, "X Window Display Managers", T::IpList, "RFC 2132 §8.10"},
    OptionDefinition{50, "Requested IP Address", T::Ip, "RFC 2132 §9.1"},
    OptionDefinition{51, "IP Address Lease Time", T::U32, "RFC 2132 §9.2"},
    OptionDefinition{52, "Option Overload", T::U8, "RFC 2132 §9.3"},
    OptionDefinition{53, "DHCP Message Type", T::MessageType, "RFC 2132 §9.6"},
    OptionDefinition{54, "Server Identifier", T::Ip, "RFC 2132 §9.7"},
    OptionDefinition{55, "Parameter Request List", T::U8List, "RFC 2132 §9.8"},
    OptionDefinition{56, "Message", T::String, "RFC 2132 §9.9"},
    OptionDefinition{57, "Maximum DHCP Message Size", T::U16, "RFC 2132 §9.10"},
    OptionDefinition{58, "Renewal (T1) Time", T::U32, "RFC 2132 §9.11"},
    OptionDefinition{59, "Rebinding (T2) Time", T::U32, "RFC 2132 §9.12"},
    OptionDefinition{60, "Vendor Class Identifier", T::String, "RFC 2132 §9.13"},
    OptionDefinition{61, "Client Identifier", T::ClientIdentifier, "RFC 2132 §9.14"},
    OptionDefinition{64, "NIS+ Domain", T::String, "RFC 2132 §8.11"},
    OptionDefinition{65, "NIS+ Servers", T::IpList, "RFC 2132 §8.12"},
    OptionDefinition{66, "TFTP Server Name", T::String, "RFC 2132 §9.4"},
    OptionDefinition{67, "Bootfile Name", T::String, "RFC 2132 §9.5"},
    OptionDefinition{68, "Mobile IP Home Agent", T::IpList, "RFC 2132 §8.13"},
    OptionDefinition{69, "SMTP Servers", T::IpList, "RFC 2132 §8.14"},
    OptionDefinition{70, "POP3 Servers", T::IpList, "RFC 2132 §8.15"},
    OptionDefinition{71, "NNTP Servers", T::IpList, "RFC 2132 §8.16"},
    OptionDefinition{72, "WWW Servers", T::IpList, "RFC 2132 §8.17"},
    OptionDefinition{73, "Finger Servers", T::IpList, "RFC 2132 §8.18"},
    OptionDefinition{74, "IRC Servers", T::IpList, "RFC 2132 §8.19"},
    OptionDefinition{75, "StreetTalk Servers", T::IpList, "RFC 2132 §8.20"},
    OptionDefinition{76, "StreetTalk Directory Assistance Servers", T::IpList, "RFC 2132 §8.21"},
    OptionDefinition{77, "User Class", T::UserClass, "RFC 3004"},
    OptionDefinition{80, "Rapid Commit", T::Empty, "RFC 4039"},
    OptionDefinition{81, "Client FQDN", T::ClientFqdn, "RFC 4702"},
    OptionDefinition{82, "Relay Agent Information", T::RelayAgentInfo, "RFC 3046"},
    OptionDefinition{91, "Client Last Transaction Time", T::U32, "RFC 4388"},
    OptionDefinition{92, "Associated IP", T::IpList, "RFC 4388"},
    OptionDefinition{93, "Client System Architecture", T::U16List, "RFC 4578 §2.1"},
    OptionDefinition{94, "Client Network Interface Identifier", T::ClientNdi, "RFC 4578 §2.2"},
    OptionDefinition{97, "Client Machine Identifier", T::ClientUuid, "RFC 4578 §2.3"},
    OptionDefinition{100, "PCode (POSIX time zone)", T::String, "RFC 4833"},
    OptionDefinition{101, "TCode (tz database zone)", T::String, "RFC 4833"},
    OptionDefinition{108, "IPv6-Only Preferred", T::U32, "RFC 8925"},
    OptionDefinition{114, "Captive Portal URI", T::String, "RFC 8910"},
    OptionDefinition{116, "Auto-Configure", T::U8, "RFC 2563"},
    OptionDefinition{118, "Subnet Selection", T::Ip, "RFC 3011"},
    OptionDefinition{119, "Domain Search", T::DomainList, "RFC 3397"},
    OptionDefinition{121, "Classless Static Route", T::ClasslessRoutes, "RFC 3442"},
    OptionDefinition{125, "Vendor-Identifying Vendor-Specific Information", T::Bytes, "RFC 3925"},
    OptionDefinition{150, "TFTP Server Address", T::IpList, "RFC 5859"},
    OptionDefinition{249, "Microsoft Classless Static Route", T::ClasslessRoutes, "Microsoft"},
    OptionDefinition{252, "Web Proxy Auto-Discovery URL", T::String, "draft-ietf-wrec-wpad"},
};

constexpr bool sortedByCode()
{
    for (std::size_t i = 1; i < definitions.size(); ++i)
        if (definitions[i - 1].code >= definitions[i].code)
            return false;
    return true;
}
static_assert(sortedByCode(), "option definitions must be sorted by code, each code once");

constexpr std::size_t Unbounded = SIZE_MAX;

struct LengthRule
{
    std::size_t minimum;
    std::size_t maximum; // Unbounded: no limit beyond what the wire allows
    std::size_t multipleOf;
    std::string_view wording;
};

LengthRule lengthRule(OptionType type)
{
    switch (type) {
    case T::Empty: return {0, 0, 0, "must be empty"};
    case T::Ip: return {4, 4, 1, "must be exactly 4 octets (one IPv4 address)"};
    case T::IpList:
        return {4, Unbounded, 4, "must be a non-zero multiple of 4 octets (IPv4 addresses)"};
    case T::IpPairs:
        return {8, Unbounded, 8, "must be a non-zero multiple of 8 octets (address pairs)"};
    case T::U8:
    case T::Bool:
    case T::MessageType: return {1, 1, 1, "must be exactly 1 octet"};
    case T::U16: return {2, 2, 1, "must be exactly 2 octets"};
    case T::U32:
    case T::I32: return {4, 4, 1, "must be exactly 4 octets"};
    case T::String: return {1, Unbounded, 1, "must hold at least 1 character"};
    case T::Bytes: return {0, Unbounded, 1, ""};
    case T::U8List: return {1, Unbounded, 1, "must hold at least 1 octet"};
    case T::U16List: return {2, Unbounded, 2, "must be a non-zero multiple of 2 octets"};
    case T::ClientIdentifier:
        return {2, Unbounded, 1,
                "needs a type octet and at least one octet of identifier (2 or more)"};
    case T::RelayAgentInfo:
        return {2, Unbounded, 1, "needs at least one sub-option (2 or more octets)"};
    case T::ClasslessRoutes:
        return {5, Unbounded, 1, "needs at least one route (5 or more octets)"};
    case T::DomainList: return {1, Unbounded, 1, "needs at least one domain name"};
    case T::ClientFqdn:
        return {3, Unbounded, 1, "needs flags, two RCODE octets and a name (3 or more)"};
    case T::UserClass: return {1, Unbounded, 1, "must hold at least 1 octet"};
    case T::ClientNdi: return {3, 3, 1, "must be exactly 3 octets (type, major, minor)"};
    case T::ClientUuid: return {17, 17, 1, "must be exactly 17 octets (type and a 16-octet UUID)"};
    }
    return {0, Unbounded, 1, ""};
}

} // namespace

std::span<const OptionDefinition> optionDefinitions()
{
    return definitions;
}

const OptionDefinition *findOptionDefinition(std::uint8_t code)
{
    auto it =
        std::lower_bound(definitions.begin(), definitions.end(), code,
                         [](const OptionDefinition &d, std::uint8_t c) { return d.code < c; });
    return it != definitions.end() && it->code == code ? &*it : nullptr;
}

OptionDefinition optionDefinitionOrGeneric(std::uint8_t code)
{
    if (const OptionDefinition *def = findOptionDefinition(code))
        return *def;
    return OptionDefinition{code, "", T::Bytes, ""};
}

std::string_view optionTypeName(OptionType type)
{
    switch (type) {
    case T::Empty: return "empty";
    case T::Ip: return "ip";
    case T::IpList: return "ip-list";
    case T::IpPairs: return "ip-pairs";
    case T::U8: return "u8";
    case T::U16: return "u16";
    case T::U32: return "u32";
    case T::I32: return "i32";
    case T::Bool: return "bool";
    case T::String: return "string";
    case T::Bytes: return "bytes";
    case T::U8List: return "u8-list";
    case T::U16List: return "u16-list";
    case T::MessageType: return "message-type";
    case T::ClientIdentifier: return "client-id";
    case T::RelayAgentInfo: return "relay-agent-info";
    case T::ClasslessRoutes: return "classless-routes";
    case T::DomainList: return "domain-list";
    case T::ClientFqdn: return "client-fqdn";
    case T::UserClass: return "user-class";
    case T::ClientNdi: return "client-ndi";
    case T::ClientUuid: return "client-uuid";
    }
    return "bytes";
}

std::string optionLabel(std::uint8_t code)
{
    std::string label = "option " + std::to_string(code);
    if (const OptionDefinition *def = findOptionDefinition(code))
        label += " (" + std::string(def->name) + ")";
    return label;
}

std::optional<std::string> checkOptionLength(const OptionDefinition &def, std::size_t length)
{
    const LengthRule rule = lengthRule(def.type);
    const bool tooShort = length < rule.minimum;
    const bool tooLong = length > rule.maximum;
    const bool misaligned = rule.multipleOf > 1 && length % rule.multipleOf != 0;
    if (!tooShort && !tooLong && !misaligned)
        return std::nullopt;
    return optionLabel(def.code) + " is " + std::to_string(length)
        + (length == 1 ? " octet" : " octets") + " long; it " + std::string(rule.wording);
}

std::string_view clientArchitectureName(std::uint16_t type)
{
    // IANA "Processor Architecture Types" registry (RFC 4578 §2.1 and later additions).
    switch (type) {
    case 0: return "BIOS x86";
    case 1: return "NEC/PC98";
    case 2: return "Itanium";
    case 3: return "DEC Alpha";
    case 4: return "Arc x86";
    case 5: return "Intel Lean Client";
    case 6: return "UEFI x86";
    case 7: return "UEFI x64";
    case 8: return "UEFI Xscale";
    case 9: return "UEFI x64 (EBC)";
    case 10: return "UEFI ARM32";
    case 11: return "UEFI ARM64";
    case 15: return "UEFI x86 HTTP";
    case 16: return "UEFI x64 HTTP";
    case 18: return "UEFI ARM32 HTTP";
    case 19: return "UEFI ARM64 HTTP";
    case 22: return "UEFI RISC-V 32";
    case 25: return "UEFI RISC-V 64";
    default: return "";
    }
}

std::string_view relaySubOptionName(std::uint8_t code)
{
    switch (code) {
    case 1: return "Circuit ID";
    case 2: return "Remote ID";
    case 4: return "DOCSIS Device Class";
    case 5: return "Link Selection";
    case 6: return "Subscriber ID";
    case 7: return "RADIUS Attributes";
    case 8: return "Authentication";
    case 9: return "Vendor-Specific";
    case 10: return "Relay Agent Flags";
    case 11: return "Server Identifier Override";
    case 12: return "Relay Agent Identifier";
    case 151: return "Virtual Subnet Selection";
    case 152: return "Virtual Subnet Selection Control";
    default: return "";
    }
}

} // namespace leasedesk::proto
