#pragma once

#include "proto/ipv4address.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace leasedesk {

using proto::Ipv4Address;

// RFC 2131 leaves the states a server keeps to the server; these are ours. Offered is held
// for the offer hold time; Released and Expired remember the client for automatic
// allocation (RFC 2131 §4.3.1: a returning client gets its old address back); Declined and
// Conflict keep the address out of use until the quarantine ends.
enum class LeaseState : quint8 { Offered, Bound, Released, Expired, Declined, Conflict };

QString leaseStateName(LeaseState state); // "offered", "bound", ...
QLatin1String leaseStateKey(LeaseState state); // the same name, without a copy
std::optional<LeaseState> leaseStateFromName(const QString &name);

// One address and what we know of it. Times are Unix seconds (UTC); 0 means "not set".
struct Lease
{
    Ipv4Address address;
    QByteArray hardwareAddress; // chaddr cut to hlen (usually a 6-octet MAC)
    QByteArray clientId; // option 61 as received, type octet first; empty if none
    QString hostname;
    QString scope; // the scope's name
    LeaseState state = LeaseState::Offered;
    qint64 start = 0;
    qint64 end = 0; // expiry of a bound lease, end of an offer hold or of a quarantine
    qint64 lastSeen = 0;
    QString detail; // why the lease is in this state: "declined by 02:00:…", "answered ping"

    bool operator==(const Lease &) const = default;
};

// Every state change, for the history view and for "what happened to this machine".
struct LeaseHistoryEntry
{
    qint64 when = 0;
    Ipv4Address address;
    QByteArray hardwareAddress;
    QByteArray clientId;
    std::optional<LeaseState> from; // nothing for a new lease
    LeaseState to = LeaseState::Offered;
    QString reason;

    bool operator==(const LeaseHistoryEntry &) const = default;
};

} // namespace leasedesk

// Only Qt's implicitly shared values and plain numbers: a QList of them grows by moving bytes.
Q_DECLARE_TYPEINFO(leasedesk::Lease, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(leasedesk::LeaseHistoryEntry, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(leasedesk::Lease)
