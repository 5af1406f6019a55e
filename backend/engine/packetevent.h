#pragma once

#include "core/packetio.h"
#include "core/server.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace leasedesk {

// One packet received or sent, with what the engine decided about it: what the live traffic
// view, the packet inspector and --verbose show. Plain value, cheap to copy across threads.
struct PacketEvent
{
    enum class Direction : quint8 { Received, Sent };

    qint64 timeMs = 0;
    Direction direction = Direction::Received;
    QString interfaceName;
    Ipv4Address peer; // the source of a received packet, the destination of a sent one
    quint16 peerPort = 0;
    quint8 messageType = 0; // option 53; 0 when absent or unreadable
    quint32 xid = 0;
    QByteArray hardwareAddress;
    Ipv4Address address; // yiaddr sent, or the address a request is about
    QString scope;
    Decision::Outcome outcome = Decision::Outcome::Ignored; // of a received packet
    QString reason; // the decision, or why a send failed
    QByteArray payload;
    // Issue 7: the header addresses as sent or received (0.0.0.0 when the packet does not
    // parse), and the local end: where a received packet arrived (its IP destination), or the
    // server identifier a reply carries. pcap export and the packet list read these.
    Ipv4Address ciaddr;
    Ipv4Address yiaddr;
    Ipv4Address giaddr;
    Ipv4Address local;
    bool test = false; // from or to the console's test client; such replies never go on the wire
    quint64 serial = 0; // 1, 2, 3… numbered by the PacketTap in arrival order; gaps are drops

    // "lab0 < DISCOVER xid 0x00001000 from 02:00:00:00:00:01: offered 198.18.0.100 (a free
    // address)"
    QString summary() const;
};

} // namespace leasedesk

Q_DECLARE_TYPEINFO(leasedesk::PacketEvent, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(leasedesk::PacketEvent)
