#pragma once

#include "core/lease.h"

#include <QList>
#include <QString>

#include <optional>

namespace leasedesk {

// What a store operation says: success, or a sentence that names what failed and where
// ("cannot write to /var/lib/leasedesk/leases.sqlite: disk full"). A failed write is never
// reported as success (design.md: a lease is durable before its ACK leaves).
struct StoreStatus
{
    QString error;
    bool ok() const { return error.isEmpty(); }
    static StoreStatus success() { return {}; }
    static StoreStatus failure(QString why) { return {std::move(why)}; }
};

// One atomic batch: every lease written or removed and every history entry appended, all or
// nothing. The engine gathers the changes of several packets into one batch (group commit)
// and sends their ACKs only after commit() returned ok. Applied in this order: upserts, then
// removals, then history.
struct LeaseBatch
{
    QList<Lease> upserts; // keyed by address: replaces what is there
    QList<Ipv4Address> removals; // forget the address entirely
    QList<LeaseHistoryEntry> history;

    bool isEmpty() const { return upserts.isEmpty() && removals.isEmpty() && history.isEmpty(); }
};

// Where leases, their history, the configuration and small settings live. Two
// implementations share one test suite (tests/store/tst_leasestore.cpp): MemoryLeaseStore
// (tests, simulated lab) and SqliteLeaseStore (the real one). The store is used from one
// thread at a time; SqliteLeaseStore must stay in the thread that opened it.
//
// Reads that take `QString *error` clear it on success and set a sentence on failure, and
// then return an empty list or nothing.
class LeaseStore
{
public:
    virtual ~LeaseStore() = default;

    virtual StoreStatus commit(const LeaseBatch &batch) = 0;
    // Every lease in address order, for building the in-memory index at start.
    virtual QList<Lease> loadLeases(QString *error = nullptr) const = 0;
    // Nothing, with no error, when the address has no lease.
    virtual std::optional<Lease> lease(Ipv4Address address, QString *error = nullptr) const = 0;
    // At most `limit` entries (none when limit <= 0), newest first: in reverse commit order,
    // which is the order things happened (a wall clock set back does not reorder them; schema
    // 3). An empty hardware address means every client,
    // the address 0.0.0.0 every address ("what happened to this machine / this address").
    virtual QList<LeaseHistoryEntry> history(int limit, const QByteArray &hardwareAddress,
                                             Ipv4Address address,
                                             QString *error = nullptr) const = 0;
    // Every address; a derived class brings it in with `using LeaseStore::history`.
    QList<LeaseHistoryEntry> history(int limit, const QByteArray &hardwareAddress = {},
                                     QString *error = nullptr) const
    {
        return history(limit, hardwareAddress, Ipv4Address(), error);
    }

    // The configuration as LeaseDesk JSON (ConfigurationJson, UTF-8) with its revision.
    // Saving keeps earlier revisions, so a bad change can be undone; a revision that is
    // already saved is refused, never replaced.
    virtual StoreStatus saveConfiguration(const QByteArray &json, qint64 revision) = 0;
    // The highest saved revision, or an empty json and revision 0 when none was ever saved.
    virtual StoreStatus loadConfiguration(QByteArray *json, qint64 *revision) const = 0;

    // Small named values (window layout, last interface). A null value is stored as "".
    virtual StoreStatus setSetting(const QString &key, const QString &value) = 0;
    // Nothing when the key was never set (or the store cannot be read).
    virtual std::optional<QString> setting(const QString &key) const = 0;
};

} // namespace leasedesk
