#include "net/ipv4udppacket.h"

#include "proto/bytewriter.h"

namespace leasedesk {

namespace {

constexpr std::uint8_t kVersion4Ihl5 = 0x45;
constexpr std::uint8_t kProtocolUdp = 17;

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

} // namespace

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
