#pragma once

#include "core/packetio.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace leasedesk {

// The console's test client (issue 7): one DISCOVER or REQUEST made to the admin's recipe and
// handed to the engine as if it had arrived on `interfaceName` (sim0 in the simulated lab).
// The engine decides exactly as for a real client (same scope selection, reservations,
// classes, option 82, probes, leases), and its answer is shown in the console instead of
// being put on the wire: a test never disturbs the lab's machines.
struct TestRequest
{
    enum class Type : quint8 { Discover, Request };
    Type type = Type::Discover;
    QString interfaceName;
    quint32 xid = 0; // 0: the engine picks one
    QByteArray mac; // 6 bytes
    QByteArray clientId; // option 61 (type byte first); empty: none
    QByteArray vendorClass; // option 60; empty: none
    Ipv4Address giaddr; // a relay's address: 0.0.0.0 for a client on the segment
    QByteArray circuitId; // option 82 sub-option 1; with remoteId empty too: no option 82
    QByteArray remoteId; // option 82 sub-option 2
    Ipv4Address requestedAddress; // option 50; 0.0.0.0: none
    Ipv4Address serverId; // option 54 (a REQUEST answering an OFFER); 0.0.0.0: none
    QString hostname; // option 12; empty: none
};

// The request's wire bytes (BOOTREQUEST, Ethernet, broadcast flag set, the options above plus
// 53 and a parameter request list for 1, 3, 6, 15, 51, 54).
QByteArray encodeTestRequest(const TestRequest &request);

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::TestRequest)
