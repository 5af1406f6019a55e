#pragma once

#include "core/leasestore.h"

#include <QHash>
#include <QMap>

namespace leasedesk {

// A LeaseStore that keeps everything in memory and forgets it when destroyed: the store of the
// engine's tests and of the simulated lab. It behaves like SqliteLeaseStore (the two share
// tests/store/tst_leasestore.cpp) and can be told to fail, so that tests can show what the
// engine does when the disk refuses a commit.
class MemoryLeaseStore final : public LeaseStore
{
public:
    // The next commit() returns failure with `why` and changes nothing; the ones after it
    // succeed again. Only commit() is affected.
    void failNextCommit(QString why = QStringLiteral("simulated failure of the lease store"));

    StoreStatus commit(const LeaseBatch &batch) override;
    QList<Lease> loadLeases(QString *error = nullptr) const override;
    std::optional<Lease> lease(Ipv4Address address, QString *error = nullptr) const override;
    using LeaseStore::history;
    QList<LeaseHistoryEntry> history(int limit, const QByteArray &hardwareAddress,
                                     Ipv4Address address, QString *error = nullptr) const override;

    StoreStatus saveConfiguration(const QByteArray &json, qint64 revision) override;
    StoreStatus loadConfiguration(QByteArray *json, qint64 *revision) const override;

    StoreStatus setSetting(const QString &key, const QString &value) override;
    std::optional<QString> setting(const QString &key) const override;

private:
    QHash<quint32, Lease> m_leases; // keyed by Ipv4Address::toUint32()
    QList<LeaseHistoryEntry> m_history; // in the order committed
    QMap<qint64, QByteArray> m_configurations; // by revision; the last is the newest
    QHash<QString, QString> m_settings;
    std::optional<QString> m_nextCommitFailure;
};

} // namespace leasedesk
