#include "net/icmpecho.h"

#include "net/ipv4udppacket.h"
#include "proto/bytereader.h"
#include "proto/bytewriter.h"

namespace leasedesk {

namespace {

constexpr std::uint8_t kProtocolIcmp = 1; // IPv4 protocol number (RFC 792)
constexpr std::size_t kMinimumIpv4Header = 20; // IHL 5 (RFC 791 §3.1)
constexpr std::uint16_t kFragmentOffsetMask = 0x1FFF;
constexpr std::uint8_t kData[] = {'L', 'e', 'a', 's', 'e', 'D', 'e', 's',
                                  'k', ' ', 'p', 'r', 'o', 'b', 'e', 0};

std::uint16_t wordAt(std::span<const std::uint8_t> data, std::size_t offset)
{
    return std::uint16_t(data[offset] << 8 | data[offset + 1]);
}

// The ICMP message inside an IPv4 packet, or an empty span when the IPv4 header does not
// hold together. A non-first fragment carries no ICMP header; a checksum over a header with
// its checksum in place is zero (RFC 1071 §1).
std::span<const std::uint8_t> icmpPart(std::span<const std::uint8_t> packet)
{
    if (packet.size() < kMinimumIpv4Header || (packet[0] >> 4) != 4)
        return {};
    const std::size_t headerLength = std::size_t(packet[0] & 0x0F) * 4;
    const std::size_t totalLength = wordAt(packet, 2);
    if (headerLength < kMinimumIpv4Header || totalLength < headerLength + IcmpEcho::HeaderSize
        || totalLength > packet.size())
        return {};
    if ((wordAt(packet, 6) & kFragmentOffsetMask) != 0 || packet[9] != kProtocolIcmp)
        return {};
    if (Ipv4UdpPacket::checksum(packet.first(headerLength)) != 0)
        return {};
    return packet.subspan(headerLength, totalLength - headerLength);
}

} // namespace

std::span<const std::uint8_t> IcmpEcho::defaultData()
{
    return kData;
}

std::vector<std::uint8_t> IcmpEcho::buildRequest(std::uint16_t identifier, std::uint16_t sequence,
                                                 std::span<const std::uint8_t> data)
{
    std::vector<std::uint8_t> message;
    message.reserve(HeaderSize + data.size());
    proto::ByteWriter w(message);
    w.u8(EchoRequest);
    w.u8(0); // code
    w.u16(0); // checksum, filled in below
    w.u16(identifier);
    w.u16(sequence);
    w.bytes(data);
    const std::uint16_t sum = Ipv4UdpPacket::checksum(message);
    message[2] = std::uint8_t(sum >> 8);
    message[3] = std::uint8_t(sum);
    return message;
}

std::optional<IcmpEcho::Received> IcmpEcho::parse(std::span<const std::uint8_t> ipPacket)
{
    const std::span<const std::uint8_t> icmp = icmpPart(ipPacket);
    if (icmp.empty() || Ipv4UdpPacket::checksum(icmp) != 0)
        return std::nullopt;
    Received r;
    r.source = proto::Ipv4Address::fromBytes(ipPacket.data() + 12);
    proto::ByteReader reader(icmp);
    std::uint16_t checksum = 0;
    if (!reader.readU8(r.type) || !reader.readU8(r.code) || !reader.readU16(checksum)
        || !reader.readU16(r.identifier) || !reader.readU16(r.sequence))
        return std::nullopt;
    return r;
}

} // namespace leasedesk
