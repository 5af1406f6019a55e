#pragma once

#include "engine/packetevent.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace leasedesk {

// Issue 7: the packets of one exchange (same xid and client hardware address) as the
// timeline draws them and the "why no address" panel explains them.
enum class Lane : quint8 { Client, Relay, LeaseDesk, OtherServers };
inline constexpr int LaneCount = 4;

struct TransactionStep
{
    quint64 serial = 0; // the PacketEvent's, to find it in the packet list; 0 for a step
                        // that is no packet of ours (another server's offer)
    qint64 timeMs = 0;
    quint8 messageType = 0; // option 53
    Lane from = Lane::Client;
    Lane to = Lane::LeaseDesk;
    bool relayed = false; // through a relay agent (giaddr set): also drawn via the Relay lane
    bool failed = false; // not sent, ignored, malformed: drawn dashed
    QString note; // the engine's verdict for this packet, plain words
};

struct Transaction
{
    enum class Outcome : quint8 {
        Pending, // nothing decided yet (a DISCOVER being probed, an OFFER not taken up yet)
        Offered, // OFFER sent, no REQUEST seen (yet)
        Bound, // ACK sent
        Nak,
        Ignored, // LeaseDesk did not answer: `outcomeText` says why
        Conflict, // the address turned out in use (DECLINE, probe answered)
        Released,
        Informed,
        OtherServer, // the client took another server's offer
        Failed, // the reply could not be sent
    };

    quint64 id = 0; // serial of its first packet: unique and increasing
    quint32 xid = 0;
    QByteArray mac;
    QString scope;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    QList<TransactionStep> steps;
    std::optional<qint64> offerLatencyMs; // DISCOVER → OFFER
    std::optional<qint64> ackLatencyMs; // REQUEST → ACK or NAK
    Outcome outcome = Outcome::Pending;
    // "bound 198.18.1.7", "NAK because the requested address is not on this network",
    // "ignored because no scope covers interface eth1", "conflict on 198.18.0.105"
    QString outcomeText;
    Ipv4Address address; // offered / bound / declined
    // Another DHCP server in this exchange: the one whose OFFER was seen, or the one the
    // client's REQUEST chose (option 54). 0.0.0.0 when none.
    Ipv4Address otherServer;
};

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::Transaction)
