#pragma once

#include "core/statisticsstore.h"

#include <QList>
#include <QString>

namespace leasedesk {

// Keeps the sampler's history small (issue 8): fine samples for `fineKeepS` (a day), and one
// coarse sample per `coarseStepS` (5 minutes) for `coarseKeepS` (90 days). A coarse step is
// written once the first fine sample of a later step arrives; its utilization is the
// average of the step's fine samples and its traffic their sum (StatisticsSample). After a
// restart, resume() finishes the steps that were still open, so nothing is lost or counted
// twice. Times come from the samples: the caller's clock, manual in tests.
class StatisticsHistory
{
public:
    struct Policy
    {
        qint64 fineKeepS = 24 * 3600;
        qint64 coarseStepS = 300;
        qint64 coarseKeepS = 90 * 24 * 3600;
        // series(): charts up to this span read fine samples, longer ones the steps, and no
        // chart gets more than about maxPoints (a chart is not wider than that in pixels,
        // and every row read costs time in the engine's thread).
        qint64 fineSpanMaxS = 6 * 3600;
        int maxPoints = 1000;
    };

    explicit StatisticsHistory(StatisticsStore &store);
    StatisticsHistory(StatisticsStore &store, Policy policy);

    const Policy &policy() const { return m_policy; }

    // Reads back where the history stopped and downsamples every step that ended before
    // nowS but has no coarse sample yet. Empty on success, else a sentence.
    QString resume(qint64 nowS);

    // Stores one fine sample, writes the coarse samples of steps that ended and forgets what
    // is older than the policy keeps (both relative to sample.timeS).
    StoreStatus record(const StatisticsSample &sample);

    // What a chart of [fromS, toS) shows, oldest first: fine samples for a span up to
    // fineSpanMaxS that the fine history still covers, else the coarse steps (every n-th one
    // when there would be more than maxPoints) followed by the steps not downsampled yet,
    // each downsampled on the fly from its fine samples so far.
    QList<StatisticsSample> series(qint64 fromS, qint64 toS, QString *error = nullptr) const;

    // The coarse sample that stands for these fine samples (all in one step starting at
    // stepStartS): utilization averaged per scope (rounded to the nearest address; a scope
    // missing from some samples is averaged over the samples that have it), traffic summed.
    static StatisticsSample downsample(const QList<StatisticsSample> &fine, qint64 stepStartS);

private:
    qint64 stepStart(qint64 timeS) const;
    StoreStatus closeStepsBefore(qint64 stepStartS);

    StatisticsStore &m_store;
    Policy m_policy;
    qint64 m_openStep = -1; // start of the step the newest fine sample is in; -1 unknown
};

} // namespace leasedesk
