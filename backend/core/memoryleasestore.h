#pragma once

#include "core/leasestore.h"
#include "core/statisticsstore.h"

#include <QHash>
#include <QMap>

namespace leasedesk {

// A LeaseStore that keeps everything in memory and forgets it when destroyed: the store of the
// engine's tests and of the simulated lab. It behaves like SqliteLeaseStore (the two share
// tests/store/tst_leasestore.cpp) and can be told to fail, so that tests can show what the
// engine does when the disk refuses a commit. It keeps statistics samples and events too
// (tests/store/tst_statisticshistory.cpp runs both stores).
class MemoryLeaseStore final : public LeaseStore, public StatisticsStore
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

    StoreStatus appendSample(SampleResolution resolution, const StatisticsSample &sample) override;
    QList<StatisticsSample> samples(SampleResolution resolution, qint64 fromS, qint64 toS,
                                    QString *error = nullptr, qint64 strideS = 0) const override;
    qint64 newestSampleTime(SampleResolution resolution, QString *error = nullptr) const override;
    qint64 oldestSampleTime(SampleResolution resolution, QString *error = nullptr) const override;
    StoreStatus removeSamplesBefore(SampleResolution resolution, qint64 beforeS) override;
    StoreStatus appendEvent(const NetworkEvent &event) override;
    QList<NetworkEvent> events(int limit, QString *error = nullptr) const override;
    StoreStatus removeEventsBefore(qint64 beforeMs) override;

private:
    QHash<quint32, Lease> m_leases; // keyed by Ipv4Address::toUint32()
    QList<LeaseHistoryEntry> m_history; // in the order committed
    QMap<qint64, QByteArray> m_configurations; // by revision; the last is the newest
    QHash<QString, QString> m_settings;
    std::optional<QString> m_nextCommitFailure;
    QMap<qint64, StatisticsSample> m_samples[2]; // by SampleResolution, then timeS
    QList<NetworkEvent> m_events; // in the order appended
};

} // namespace leasedesk
