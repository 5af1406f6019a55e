#pragma once

#include "proto/ipv4address.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace leasedesk {

// An IPv4 packet carrying one UDP datagram, built by hand for the AF_PACKET path: a reply to
// a client that has no address yet goes straight to its MAC (RFC 2131 §4.1), so the kernel's
// IP and UDP layers, which would need an ARP entry, are bypassed and the headers are ours.
// The parser reads what a packet socket captures: DHCP server replies seen on the wire (rogue
// server detection). Standard C++ only.
class Ipv4UdpPacket
{
public:
    struct Header
    {
        proto::Ipv4Address source;
        std::uint16_t sourcePort = 0;
        proto::Ipv4Address destination;
        std::uint16_t destinationPort = 0;
        std::uint8_t ttl = 64;
        std::uint16_t identification = 0;
    };

    static constexpr std::size_t Ipv4HeaderSize = 20; // no options (IHL 5)
    static constexpr std::size_t UdpHeaderSize = 8;
    static constexpr std::size_t HeadersSize = Ipv4HeaderSize + UdpHeaderSize;
    static constexpr std::size_t MaxPayload = 0xFFFF - HeadersSize;

    struct Parsed
    {
        Header header;
        std::span<const std::uint8_t> payload; // the UDP payload, inside the parsed packet
    };

    // The whole IPv4 packet with both checksums filled in; empty when the payload is larger
    // than MaxPayload (the IPv4 total length field has 16 bits, RFC 791 §3.1).
    static std::vector<std::uint8_t> build(const Header &header,
                                           std::span<const std::uint8_t> payload);

    // The headers and payload of an IPv4 packet that carries a whole UDP datagram: version 4,
    // a header length (IHL, options allowed) and total length that fit, not a fragment
    // (RFC 791 §3.1: MF clear, offset zero), protocol 17, a correct IPv4 header checksum and
    // a UDP length that fits. Octets past the total length (Ethernet padding) are ignored.
    // The UDP checksum is not checked: a packet socket sees frames whose checksum the
    // sending stack left to the hardware (packet(7), TP_STATUS_CSUMNOTREADY), and Ethernet's
    // own frame check has already caught damage on the wire. Nothing for anything else.
    static std::optional<Parsed> parse(std::span<const std::uint8_t> packet);

    // The Internet checksum (RFC 1071): the one's complement of the one's complement sum of
    // 16-bit big-endian words, an odd last octet padded with zero. `partialSum` continues a
    // sum (used for the UDP pseudo-header).
    static std::uint16_t checksum(std::span<const std::uint8_t> data, std::uint32_t partialSum = 0);
};

} // namespace leasedesk
