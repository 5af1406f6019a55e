#pragma once

#include "proto/ipv4address.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace leasedesk {

// ICMP echo (RFC 792, "Echo or Echo Reply Message") for conflict probes through a raw
// IPPROTO_ICMP socket: the request is only the ICMP message (the kernel writes the IPv4
// header, raw(7)), while what such a socket receives starts with the IPv4 header. Standard
// C++ only.
class IcmpEcho
{
public:
    static constexpr std::uint8_t EchoReply = 0; // RFC 792 types
    static constexpr std::uint8_t EchoRequest = 8;
    static constexpr std::size_t HeaderSize = 8; // type, code, checksum, identifier, sequence

    // The data a request carries when none is given: the reply echoes it (RFC 792), and a
    // few recognisable octets help whoever looks at a capture.
    static std::span<const std::uint8_t> defaultData();

    // What a raw ICMP socket delivered: the IPv4 source and the ICMP fields that match a
    // reply to its request.
    struct Received
    {
        proto::Ipv4Address source;
        std::uint8_t type = 0;
        std::uint8_t code = 0;
        std::uint16_t identifier = 0;
        std::uint16_t sequence = 0;
    };

    // An echo request with its checksum (RFC 1071 over the whole ICMP message, RFC 792).
    static std::vector<std::uint8_t>
    buildRequest(std::uint16_t identifier, std::uint16_t sequence,
                 std::span<const std::uint8_t> data = defaultData());

    // Parses an IPv4 packet that carries ICMP: version 4, a header length (IHL) of at least
    // five words, a total length that fits, not a fragment after the first, protocol 1, a
    // correct IPv4 header checksum and a correct ICMP checksum. The type is not checked: an
    // echo reply is the caller's business. Nothing for anything else.
    static std::optional<Received> parse(std::span<const std::uint8_t> ipPacket);
};

} // namespace leasedesk
