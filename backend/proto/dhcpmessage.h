#pragma once

#include "proto/ipv4address.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leasedesk::proto {

// Option codes the codec and the server act on. The full list, with names and value types,
// is the option definition table (optiondefinition.h).
namespace OptionCode {
inline constexpr std::uint8_t Pad = 0;
inline constexpr std::uint8_t SubnetMask = 1;
inline constexpr std::uint8_t Router = 3;
inline constexpr std::uint8_t DomainNameServer = 6;
inline constexpr std::uint8_t HostName = 12;
inline constexpr std::uint8_t DomainName = 15;
inline constexpr std::uint8_t RequestedAddress = 50;
inline constexpr std::uint8_t LeaseTime = 51;
inline constexpr std::uint8_t Overload = 52;
inline constexpr std::uint8_t MessageType = 53;
inline constexpr std::uint8_t ServerIdentifier = 54;
inline constexpr std::uint8_t ParameterRequestList = 55;
inline constexpr std::uint8_t Message = 56;
inline constexpr std::uint8_t MaxMessageSize = 57;
inline constexpr std::uint8_t RenewalTime = 58;
inline constexpr std::uint8_t RebindingTime = 59;
inline constexpr std::uint8_t VendorClass = 60;
inline constexpr std::uint8_t ClientIdentifier = 61;
inline constexpr std::uint8_t TftpServerName = 66;
inline constexpr std::uint8_t BootfileName = 67;
inline constexpr std::uint8_t UserClass = 77;
inline constexpr std::uint8_t ClientFqdn = 81;
inline constexpr std::uint8_t RelayAgentInformation = 82;
inline constexpr std::uint8_t ClientArchitecture = 93;
inline constexpr std::uint8_t ClientNdi = 94;
inline constexpr std::uint8_t ClientUuid = 97;
inline constexpr std::uint8_t DomainSearch = 119;
inline constexpr std::uint8_t ClasslessStaticRoute = 121;
inline constexpr std::uint8_t TftpServerAddress = 150;
inline constexpr std::uint8_t End = 255;
} // namespace OptionCode

// RFC 2132 §9.6 message types, with the RFC 4388 leasequery values for completeness.
enum class MessageType : std::uint8_t {
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
    ForceRenew = 9,
    LeaseQuery = 10,
    LeaseUnassigned = 11,
    LeaseUnknown = 12,
    LeaseActive = 13,
};

// "DISCOVER", "OFFER", ...; empty for values no RFC defines.
std::string_view messageTypeName(std::uint8_t type);

inline constexpr std::uint8_t BootRequest = 1;
inline constexpr std::uint8_t BootReply = 2;

struct DhcpOption
{
    std::uint8_t code = 0;
    std::vector<std::uint8_t> data;

    bool operator==(const DhcpOption &) const = default;
};

// One DHCPv4/BOOTP message (RFC 2131 §2, Table 1) with its options already reassembled:
// every code appears once, instances that arrived split (RFC 3396) are concatenated in
// arrival order, and option 52 is gone because the codec owns the overload decision.
struct DhcpMessage
{
    static constexpr std::uint16_t BroadcastFlag = 0x8000;
    static constexpr std::size_t HeaderSize = 236;
    static constexpr std::size_t CookieSize = 4;
    static constexpr std::size_t SnameOffset = 44;
    static constexpr std::size_t FileOffset = 108;

    std::uint8_t op = BootRequest;
    std::uint8_t htype = 1; // Ethernet
    std::uint8_t hlen = 6;
    std::uint8_t hops = 0;
    std::uint32_t xid = 0;
    std::uint16_t secs = 0;
    std::uint16_t flags = 0;
    Ipv4Address ciaddr;
    Ipv4Address yiaddr;
    Ipv4Address siaddr;
    Ipv4Address giaddr;
    std::array<std::uint8_t, 16> chaddr{};
    std::array<std::uint8_t, 64> sname{};
    std::array<std::uint8_t, 128> file{};
    std::vector<DhcpOption> options;

    bool operator==(const DhcpMessage &) const = default;

    // RFC 2131 §2: only the B bit has a meaning; servers ignore the MBZ bits.
    bool broadcastFlag() const { return flags & BroadcastFlag; }
    // Option 53, or nothing for a BOOTP message (or a 53 of the wrong length).
    std::optional<std::uint8_t> messageType() const;

    const DhcpOption *findOption(std::uint8_t code) const;
    bool hasOption(std::uint8_t code) const { return findOption(code) != nullptr; }
    // Replaces the option's data, or appends the option at the end.
    void setOption(std::uint8_t code, std::vector<std::uint8_t> data);
    bool removeOption(std::uint8_t code);

    // Fixed-size option values; nothing when absent or of the wrong length.
    std::optional<Ipv4Address> addressOption(std::uint8_t code) const;
    std::optional<std::uint32_t> u32Option(std::uint8_t code) const;
    std::optional<std::uint16_t> u16Option(std::uint8_t code) const;

    // chaddr cut to hlen, which is clamped to the 16 octets chaddr holds (a client may claim
    // more; see conformance P-10).
    std::span<const std::uint8_t> hardwareAddress() const;
    // sname and file are not trusted to be NUL terminated (P-12): read up to the first NUL
    // or the end of the field.
    std::string serverName() const;
    std::string bootFileName() const;
    // False when the text does not fit the field (63 or 127 characters and a NUL).
    bool setServerName(std::string_view name);
    bool setBootFileName(std::string_view name);
};

// "02:00:00:00:00:01"
std::string formatHex(std::span<const std::uint8_t> bytes, char separator = ':');

} // namespace leasedesk::proto
