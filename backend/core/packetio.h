#pragma once

#include "proto/ipv4address.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <span>

namespace leasedesk {

using proto::Ipv4Address;

struct InterfaceAddress
{
    Ipv4Address address;
    int prefixLength = 0;
    bool operator==(const InterfaceAddress &) const = default;
};

// Where a request came from, as the socket layer learned it (IP_PKTINFO): the server logic
// chooses the scope and the server identifier from it (RFC 2131 §4.3.1, §4.1).
struct ReceiveInfo
{
    int interfaceIndex = 0;
    QString interfaceName;
    QList<InterfaceAddress> interfaceAddresses; // IPv4 addresses of the receiving interface
    Ipv4Address destination; // the packet's IP destination (ipi_addr)
    Ipv4Address source; // the packet's IP source
    quint16 sourcePort = 68;
    bool operator==(const ReceiveInfo &) const = default;
};

// Where a reply goes (RFC 2131 §4.1 and conformance C6).
struct Destination
{
    enum class Kind : quint8 {
        Relay, // giaddr:67, through normal routing
        Unicast, // ciaddr:68 (or the requester's IP for INFORM)
        Broadcast, // 255.255.255.255:68 out of the receiving interface
        LinkUnicast, // yiaddr:68 to chaddr, for a client that has no address yet (AF_PACKET)
    };
    Kind kind = Kind::Broadcast;
    Ipv4Address address; // IP destination
    quint16 port = 68;
    QByteArray hardwareAddress; // LinkUnicast: the client's MAC
    int interfaceIndex = 0; // the interface the request came in on
    Ipv4Address source; // our address on that interface (the server identifier)
    bool operator==(const Destination &) const = default;
};

QString destinationText(const Destination &d); // "255.255.255.255:68 on eth1 (broadcast)"

// An address as the sentences of the backend spell it: "198.18.0.7".
inline QString addressText(Ipv4Address a)
{
    return QString::fromStdString(a.toString());
}

// Codec bytes as Qt bytes, where the two meet (hardware addresses, payloads, option data).
inline QByteArray toByteArray(std::span<const std::uint8_t> bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

} // namespace leasedesk
