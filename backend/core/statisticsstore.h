#pragma once

#include "core/leasestore.h"
#include "core/networkwatch.h"
#include "core/statisticssample.h"

#include <QList>
#include <QString>

namespace leasedesk {

// Where the statistics sampler keeps its samples and where alerts are written down (issue 8),
// so both survive restarts. Implemented by MemoryLeaseStore and SqliteLeaseStore next to
// LeaseStore (same file, same thread rules); StatisticsHistory decides what to keep.
class StatisticsStore
{
public:
    virtual ~StatisticsStore() = default;

    // Adds one sample at this resolution. A sample with the same resolution and timeS as a
    // stored one replaces it (a step downsampled again after a restart).
    virtual StoreStatus appendSample(SampleResolution resolution,
                                     const StatisticsSample &sample) = 0;
    // The samples with fromS <= timeS < toS, oldest first; with strideS > 0 only those whose
    // timeS is a multiple of strideS (a long chart thinned where the store reads, so the
    // rows it skips cost nothing to convert).
    virtual QList<StatisticsSample> samples(SampleResolution resolution, qint64 fromS, qint64 toS,
                                            QString *error = nullptr, qint64 strideS = 0) const = 0;
    // The newest and the oldest sample's time at this resolution, 0 when there is none.
    virtual qint64 newestSampleTime(SampleResolution resolution,
                                    QString *error = nullptr) const = 0;
    virtual qint64 oldestSampleTime(SampleResolution resolution,
                                    QString *error = nullptr) const = 0;
    // Forgets the samples with timeS < beforeS.
    virtual StoreStatus removeSamplesBefore(SampleResolution resolution, qint64 beforeS) = 0;

    // Alerts and other network events, as shown in the events panel.
    virtual StoreStatus appendEvent(const NetworkEvent &event) = 0;
    // At most `limit` events, newest first (by timeMs, then reverse insertion order).
    virtual QList<NetworkEvent> events(int limit, QString *error = nullptr) const = 0;
    // Forgets the events with timeMs < beforeMs.
    virtual StoreStatus removeEventsBefore(qint64 beforeMs) = 0;
};

} // namespace leasedesk
