#include "net/arppacket.h"

#include "proto/bytereader.h"
#include "proto/bytewriter.h"

#include <algorithm>

namespace leasedesk {

namespace {

// RFC 826 ar$hrd for Ethernet (Assigned Numbers: hardware type 1) and ar$pro for IPv4 (the
// EtherType 0x0800), with their address lengths ar$hln and ar$pln.
constexpr std::uint16_t kHardwareEthernet = 1;
constexpr std::uint16_t kProtocolIpv4 = 0x0800;
constexpr std::uint8_t kMacLength = 6;
constexpr std::uint8_t kIpv4Length = 4;

bool readMac(proto::ByteReader &r, ArpPacket::MacAddress &mac)
{
    std::span<const std::uint8_t> bytes;
    if (!r.readSpan(mac.size(), bytes))
        return false;
    std::copy(bytes.begin(), bytes.end(), mac.begin());
    return true;
}

bool readIpv4(proto::ByteReader &r, proto::Ipv4Address &address)
{
    std::uint32_t value = 0;
    if (!r.readU32(value))
        return false;
    address = proto::Ipv4Address(value);
    return true;
}

// The fixed part: only Ethernet hardware addresses and IPv4 protocol addresses.
bool readHeader(proto::ByteReader &r, std::uint16_t &operation)
{
    std::uint16_t hardware = 0;
    std::uint16_t protocol = 0;
    std::uint8_t hardwareLength = 0;
    std::uint8_t protocolLength = 0;
    return r.readU16(hardware) && r.readU16(protocol) && r.readU8(hardwareLength)
        && r.readU8(protocolLength) && r.readU16(operation) && hardware == kHardwareEthernet
        && protocol == kProtocolIpv4 && hardwareLength == kMacLength
        && protocolLength == kIpv4Length;
}

} // namespace

std::vector<std::uint8_t> ArpPacket::build(const Fields &fields)
{
    std::vector<std::uint8_t> packet;
    packet.reserve(Size);
    proto::ByteWriter w(packet);
    w.u16(kHardwareEthernet);
    w.u16(kProtocolIpv4);
    w.u8(kMacLength);
    w.u8(kIpv4Length);
    w.u16(fields.operation);
    w.bytes(fields.senderMac);
    w.u32(fields.senderIp.toUint32());
    w.bytes(fields.targetMac);
    w.u32(fields.targetIp.toUint32());
    return packet;
}

std::vector<std::uint8_t> ArpPacket::probe(const MacAddress &ourMac, proto::Ipv4Address candidate)
{
    Fields fields;
    fields.operation = Request;
    fields.senderMac = ourMac;
    fields.targetIp = candidate; // sender IP and target MAC stay zero (RFC 5227 §2.1.1)
    return build(fields);
}

std::optional<ArpPacket::Fields> ArpPacket::parse(std::span<const std::uint8_t> payload)
{
    proto::ByteReader r(payload);
    Fields f;
    if (!readHeader(r, f.operation) || (f.operation != Request && f.operation != Reply))
        return std::nullopt;
    if (!readMac(r, f.senderMac) || !readIpv4(r, f.senderIp) || !readMac(r, f.targetMac)
        || !readIpv4(r, f.targetIp))
        return std::nullopt;
    return f;
}

} // namespace leasedesk
