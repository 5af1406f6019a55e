#include "net/ipv4udppacket.h"

#include "proto/bytereader.h"
#include "proto/bytewriter.h"

namespace leasedesk {

namespace {

constexpr std::uint8_t kVersion4Ihl5 = 0x45;
constexpr std::uint8_t kProtocolUdp = 17;
constexpr std::uint16_t kMoreFragmentsAndOffset = 0x3FFF; // RFC 791 §3.1 flags and offset

// Adds 16-bit big-endian words to a 32-bit accumulator; the carries are folded at the end.
std::uint32_t addWords(std::span<const std::uint8_t> data, std::uint32_t sum)
{
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2)
        sum += std::uint32_t(data[i]) << 8 | data[i + 1];
    if (i < data.size())
        sum += std::uint32_t(data[i]) << 8;
    return sum;
}

void putU16(std::vector<std::uint8_t> &packet, std::size_t offset, std::uint16_t value)
{
    packet[offset] = std::uint8_t(value >> 8);
    packet[offset + 1] = std::uint8_t(value);
}

// The UDP pseudo-header (RFC 768): source and destination address, zero, protocol, UDP
// length.
std::uint32_t pseudoHeaderSum(const Ipv4UdpPacket::Header &h, std::uint16_t udpLength)
{
    const auto src = h.source.toBytes();
    const auto dst = h.destination.toBytes();
    std::uint32_t sum = addWords(src, 0);
    sum = addWords(dst, sum);
    return sum + kProtocolUdp + udpLength;
}

// The fixed IPv4 header fields that parse() keeps or checks; the reader stands after them.
bool readIpv4Header(proto::ByteReader &r, Ipv4UdpPacket::Header &h, std::uint16_t &totalLength,
                    std::uint16_t &fragment, std::uint8_t &protocol)
{
    std::uint8_t versionAndLength = 0;
    std::uint8_t typeOfService = 0;
    std::uint16_t headerChecksum = 0;
    std::uint32_t source = 0;
    std::uint32_t destination = 0;
    const bool read = r.readU8(versionAndLength) && r.readU8(typeOfService)
        && r.readU16(totalLength) && r.readU16(h.identification) && r.readU16(fragment)
        && r.readU8(h.ttl) && r.readU8(protocol) && r.readU16(headerChecksum) && r.readU32(source)
        && r.readU32(destination);
    h.source = proto::Ipv4Address(source);
    h.destination = proto::Ipv4Address(destination);
    return read;
}

// The length of the IPv4 header when the first octet says version 4 with at least five
// words (RFC 791 §3.1), else zero.
std::size_t ipv4HeaderLength(std::span<const std::uint8_t> packet)
{
    if (packet.empty() || (packet[0] >> 4) != 4)
        return 0;
    const std::size_t length = std::size_t(packet[0] & 0x0F) * 4;
    return length >= Ipv4UdpPacket::Ipv4HeaderSize && length <= packet.size() ? length : 0;
}

} // namespace

std::optional<Ipv4UdpPacket::Parsed> Ipv4UdpPacket::parse(std::span<const std::uint8_t> packet)
{
    const std::size_t headerLength = ipv4HeaderLength(packet);
    if (headerLength == 0 || checksum(packet.first(headerLength)) != 0)
        return std::nullopt;
    Parsed p;
    std::uint16_t totalLength = 0;
    std::uint16_t fragment = 0;
    std::uint8_t protocol = 0;
    proto::ByteReader ip(packet);
    if (!readIpv4Header(ip, p.header, totalLength, fragment, protocol) || protocol != kProtocolUdp
        || (fragment & kMoreFragmentsAndOffset) != 0 || totalLength > packet.size()
        || totalLength < headerLength + UdpHeaderSize)
        return std::nullopt;
    proto::ByteReader udp(packet.subspan(headerLength, totalLength - headerLength));
    std::uint16_t udpLength = 0;
    std::uint16_t udpChecksum = 0;
    if (!udp.readU16(p.header.sourcePort) || !udp.readU16(p.header.destinationPort)
        || !udp.readU16(udpLength) || !udp.readU16(udpChecksum) || udpLength < UdpHeaderSize
        || !udp.readSpan(udpLength - UdpHeaderSize, p.payload))
        return std::nullopt;
    return p;
}

std::uint16_t Ipv4UdpPacket::checksum(std::span<const std::uint8_t> data, std::uint32_t partialSum)
{
    std::uint64_t sum = addWords(data, partialSum);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return std::uint16_t(~sum & 0xFFFF);
}

std::vector<std::uint8_t> Ipv4UdpPacket::build(const Header &h,
                                               std::span<const std::uint8_t> payload)
{
    if (payload.size() > MaxPayload)
        return {};
    const auto totalLength = std::uint16_t(HeadersSize + payload.size());
    const auto udpLength = std::uint16_t(UdpHeaderSize + payload.size());
    std::vector<std::uint8_t> packet;
    packet.reserve(totalLength);
    proto::ByteWriter w(packet);
    // IPv4 header (RFC 791 §3.1): no options, no fragmentation flags, checksum filled below.
    w.u8(kVersion4Ihl5);
    w.u8(0); // type of service
    w.u16(totalLength);
    w.u16(h.identification);
    w.u16(0); // flags and fragment offset
    w.u8(h.ttl);
    w.u8(kProtocolUdp);
    w.u16(0); // header checksum
    w.u32(h.source.toUint32());
    w.u32(h.destination.toUint32());
    // UDP header (RFC 768).
    w.u16(h.sourcePort);
    w.u16(h.destinationPort);
    w.u16(udpLength);
    w.u16(0); // checksum
    w.bytes(payload);

    const std::span<const std::uint8_t> all(packet);
    putU16(packet, 10, checksum(all.first(Ipv4HeaderSize)));
    std::uint16_t udpSum = checksum(all.subspan(Ipv4HeaderSize), pseudoHeaderSum(h, udpLength));
    // A computed zero is sent as all ones: zero means "no checksum" in UDP (RFC 768).
    if (udpSum == 0)
        udpSum = 0xFFFF;
    putU16(packet, Ipv4HeaderSize + 6, udpSum);
    return packet;
}

} // namespace leasedesk
