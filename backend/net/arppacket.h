#pragma once

#include "proto/ipv4address.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace leasedesk {

// The ARP payload (RFC 826) as an AF_PACKET SOCK_DGRAM socket with protocol ETH_P_ARP sends
// and receives it: no Ethernet header, the kernel adds and strips it (packet(7)). Only the
// Ethernet/IPv4 form exists here: a conflict probe asks about IPv4 addresses on Ethernet
// links, and everything else on such a socket is of no interest. Standard C++ only.
class ArpPacket
{
public:
    using MacAddress = std::array<std::uint8_t, 6>;

    static constexpr std::uint16_t Request = 1; // RFC 826 ar$op
    static constexpr std::uint16_t Reply = 2;
    static constexpr std::size_t Size = 28; // 8 octets of header, two MAC/IPv4 pairs

    struct Fields
    {
        std::uint16_t operation = Request;
        MacAddress senderMac{};
        proto::Ipv4Address senderIp;
        MacAddress targetMac{};
        proto::Ipv4Address targetIp;
    };

    // The 28 octets of an Ethernet/IPv4 ARP packet with these fields.
    static std::vector<std::uint8_t> build(const Fields &fields);

    // An ARP Probe (RFC 5227 §2.1.1): a request from `ourMac` with sender IP 0.0.0.0, so that
    // no neighbour cache learns a binding from it, target MAC zero and target IP the address
    // being checked. Whoever holds the candidate answers; a host that is itself probing it
    // sends a probe of its own.
    static std::vector<std::uint8_t> probe(const MacAddress &ourMac, proto::Ipv4Address candidate);

    // The fields of a received payload, or nothing when it is shorter than 28 octets or not
    // Ethernet (hardware type 1, length 6) and IPv4 (protocol type 0x0800, length 4) or the
    // operation is neither request nor reply. Octets after the 28 are Ethernet padding
    // (frames have at least 46 octets of payload) and are ignored.
    static std::optional<Fields> parse(std::span<const std::uint8_t> payload);
};

} // namespace leasedesk
