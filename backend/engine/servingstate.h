#pragma once

#include "core/configuration.h"
#include "core/lease.h"
#include "net/interfacelist.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace leasedesk {

// NetworkInterfaceInfo, the interfaces the console offers, is in net/interfacelist.h.

// Whether the engine answers clients, on which interfaces, and which it could use. Sent by
// the engine after start, after every change and on request.
struct ServingState
{
    bool serving = false; // answering DHCP now
    bool canServe = false; // port 67 is ours (or the lab runs); else `problems` say why
    QStringList interfaces; // chosen by the admin; empty: every interface a scope lies on
    QList<NetworkInterfaceInfo> available;
    bool operator==(const ServingState &) const = default;
};

// "What happened to this address / this machine": the history the console asks for.
struct HistoryQuery
{
    Ipv4Address address; // 0.0.0.0: any address
    QByteArray mac; // empty: any machine
    int limit = 500;
    bool operator==(const HistoryQuery &) const = default;
};

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::ServingState)
Q_DECLARE_METATYPE(leasedesk::HistoryQuery)
