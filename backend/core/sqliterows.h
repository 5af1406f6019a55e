#pragma once

#include "core/lease.h"
#include "core/networkwatch.h"
#include "core/sqlitestatement.h"
#include "core/statisticssample.h"

#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <array>

namespace leasedesk::sqliterows {

// How LeaseDesk's values map to the columns of its SQLite tables (SqliteSchema), kept apart
// from SqliteLeaseStore's transactions: the column lists its statements use, binding a value
// to a prepared statement in that order, and reading a row back. A reader returns an error
// sentence when the row holds something this build cannot read.

constexpr auto LeaseColumns = "address, hardware_address, client_id, hostname, scope, state, "
                              "\"start\", \"end\", last_seen, detail";
constexpr auto HistoryColumns =
    "\"when\", address, hardware_address, client_id, from_state, to_state, reason";
constexpr auto SampleColumns =
    "time, seconds, discover, offer, request, decline, ack, nak, \"release\", inform";
constexpr auto ScopeColumns = "scope, total, free, offered, bound, reserved, quarantined";
constexpr auto EventColumns = "time_ms, kind, severity, interface, address, mac, scope, text";

template<typename U> auto scopeFields(U &u)
{
    return std::array{&u.total, &u.free, &u.offered, &u.bound, &u.reserved, &u.quarantined};
}

// The group commit's statements (native, SqliteStatement).
void bindLease(SqliteStatement &statement, const Lease &lease);
void bindHistory(SqliteStatement &statement, const LeaseHistoryEntry &entry);
void bindEvent(QSqlQuery &query, const NetworkEvent &event);
// Reads an address column; false when the stored value cannot be an IPv4 address.
bool readAddress(const QVariant &value, Ipv4Address *address);
// A row of LeaseColumns, HistoryColumns, EventColumns.
QString leaseFromRow(const QSqlQuery &query, Lease *lease);
QString historyFromRow(const QSqlQuery &query, LeaseHistoryEntry *entry);
QString eventFromRow(const QSqlQuery &query, NetworkEvent *event);

} // namespace leasedesk::sqliterows
