#include "core/memoryleasestore.h"

#include <algorithm>

namespace leasedesk {

void MemoryLeaseStore::failNextCommit(QString why)
{
    m_nextCommitFailure = std::move(why);
}

StoreStatus MemoryLeaseStore::commit(const LeaseBatch &batch)
{
    // Checked before anything changes: a failed batch leaves no trace, as a rolled-back
    // SQLite transaction would.
    if (m_nextCommitFailure) {
        const QString why = *m_nextCommitFailure;
        m_nextCommitFailure.reset();
        return StoreStatus::failure(why);
    }
    // Same order as SqliteLeaseStore: upserts, then removals, then history.
    for (const Lease &lease : batch.upserts)
        m_leases.insert(lease.address.toUint32(), lease);
    for (const Ipv4Address address : batch.removals)
        m_leases.remove(address.toUint32());
    m_history.append(batch.history);
    return StoreStatus::success();
}

QList<Lease> MemoryLeaseStore::loadLeases(QString *error) const
{
    if (error)
        error->clear();
    QList<Lease> leases = m_leases.values();
    std::sort(leases.begin(), leases.end(),
              [](const Lease &a, const Lease &b) { return a.address < b.address; });
    return leases;
}

std::optional<Lease> MemoryLeaseStore::lease(Ipv4Address address, QString *error) const
{
    if (error)
        error->clear();
    const auto it = m_leases.constFind(address.toUint32());
    if (it == m_leases.constEnd())
        return std::nullopt;
    return *it;
}

QList<LeaseHistoryEntry> MemoryLeaseStore::history(int limit, const QByteArray &hardwareAddress,
                                                   Ipv4Address address, QString *error) const
{
    if (error)
        error->clear();
    QList<LeaseHistoryEntry> found;
    if (limit <= 0)
        return found;
    // Latest committed first, as SQLite gives them through the rowid.
    for (auto it = m_history.crbegin(); it != m_history.crend() && found.size() < limit; ++it)
        if ((hardwareAddress.isEmpty() || it->hardwareAddress == hardwareAddress)
            && (address.isZero() || it->address == address))
            found.append(*it);
    return found;
}

StoreStatus MemoryLeaseStore::saveConfiguration(const QByteArray &json, qint64 revision)
{
    if (m_configurations.contains(revision))
        return StoreStatus::failure(
            QStringLiteral("configuration revision %1 is already saved; a saved revision is "
                           "never replaced")
                .arg(revision));
    m_configurations.insert(revision, json);
    return StoreStatus::success();
}

StoreStatus MemoryLeaseStore::loadConfiguration(QByteArray *json, qint64 *revision) const
{
    if (m_configurations.isEmpty()) {
        *json = {};
        *revision = 0;
    } else {
        *json = m_configurations.last();
        *revision = m_configurations.lastKey();
    }
    return StoreStatus::success();
}

StoreStatus MemoryLeaseStore::setSetting(const QString &key, const QString &value)
{
    m_settings.insert(key, value);
    return StoreStatus::success();
}

std::optional<QString> MemoryLeaseStore::setting(const QString &key) const
{
    const auto it = m_settings.constFind(key);
    if (it == m_settings.constEnd())
        return std::nullopt;
    return *it;
}

// --- statistics ----------------------------------------------------------------------------

StoreStatus MemoryLeaseStore::appendSample(SampleResolution resolution,
                                           const StatisticsSample &sample)
{
    m_samples[int(resolution)].insert(sample.timeS, sample);
    return StoreStatus::success();
}

QList<StatisticsSample> MemoryLeaseStore::samples(SampleResolution resolution, qint64 fromS,
                                                  qint64 toS, QString *error, qint64 strideS) const
{
    if (error)
        error->clear();
    QList<StatisticsSample> found;
    const QMap<qint64, StatisticsSample> &all = m_samples[int(resolution)];
    for (auto it = all.lowerBound(fromS); it != all.cend() && it.key() < toS; ++it)
        if (strideS <= 0 || it.key() % strideS == 0)
            found.append(*it);
    return found;
}

qint64 MemoryLeaseStore::newestSampleTime(SampleResolution resolution, QString *error) const
{
    if (error)
        error->clear();
    const QMap<qint64, StatisticsSample> &all = m_samples[int(resolution)];
    return all.isEmpty() ? 0 : all.lastKey();
}

qint64 MemoryLeaseStore::oldestSampleTime(SampleResolution resolution, QString *error) const
{
    if (error)
        error->clear();
    const QMap<qint64, StatisticsSample> &all = m_samples[int(resolution)];
    return all.isEmpty() ? 0 : all.firstKey();
}

StoreStatus MemoryLeaseStore::removeSamplesBefore(SampleResolution resolution, qint64 beforeS)
{
    QMap<qint64, StatisticsSample> &all = m_samples[int(resolution)];
    all.erase(all.begin(), all.lowerBound(beforeS));
    return StoreStatus::success();
}

StoreStatus MemoryLeaseStore::appendEvent(const NetworkEvent &event)
{
    m_events.append(event);
    return StoreStatus::success();
}

QList<NetworkEvent> MemoryLeaseStore::events(int limit, QString *error) const
{
    if (error)
        error->clear();
    if (limit <= 0)
        return {};
    // Latest appended first, then a stable sort on the time, as SQLite orders by (time, id).
    QList<NetworkEvent> found(m_events.crbegin(), m_events.crend());
    std::stable_sort(found.begin(), found.end(), [](const NetworkEvent &a, const NetworkEvent &b) {
        return a.timeMs > b.timeMs;
    });
    if (found.size() > limit)
        found.resize(limit);
    return found;
}

StoreStatus MemoryLeaseStore::removeEventsBefore(qint64 beforeMs)
{
    m_events.removeIf([beforeMs](const NetworkEvent &event) { return event.timeMs < beforeMs; });
    return StoreStatus::success();
}

} // namespace leasedesk
