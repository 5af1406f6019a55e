#pragma once

#include "core/lease.h"
#include "widgets/transaction.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace leasedesk {

// "Why didn't this client get an address?" (issue 7) in short plain sentences, most important
// first: what happened to its latest exchange and what to do about it, then what its earlier
// exchanges and the lease table add. `transactions` are the MAC's exchanges, oldest first;
// `leases` its rows of the lease table (may be empty).
QStringList explainClient(const QByteArray &mac, const QList<Transaction> &transactions,
                          const QList<Lease> &leases);

// A hardware address typed in any usual style: "02:00:00:00:00:01", "02-00-00-00-00-01",
// "0200.0000.0001", "020000000001" (1 to 16 bytes). Nothing when it is not one.
std::optional<QByteArray> parseTypedMac(const QString &text);

// A moment as the diagnosis writes it: "10:31:02" today, "2024-05-01 10:31" another day.
QString momentText(qint64 msSinceEpoch);

} // namespace leasedesk
