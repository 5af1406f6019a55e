#include "core/statisticshistory.h"

#include <algorithm>
#include <array>
#include <numeric>

namespace leasedesk {

namespace {

constexpr int Fields = 6; // total, then the five parts that add up to it

std::array<quint32 *, Fields> fieldsOf(ScopeUtilization &u)
{
    return {&u.total, &u.free, &u.offered, &u.bound, &u.reserved, &u.quarantined};
}

std::array<quint32, Fields> valuesOf(const ScopeUtilization &u)
{
    return {u.total, u.free, u.offered, u.bound, u.reserved, u.quarantined};
}

// One scope's counts summed over the fine samples of a step that have it.
struct ScopeSum
{
    QString scope;
    std::array<quint64, Fields> sums{};
    quint64 samples = 0;
};

// The average of each count, rounded to the nearest address. Rounded one by one, the five
// parts could miss the rounded total by an address or two, so they are rounded by largest
// remainder instead (each still the floor or the ceiling of its average): a coarse sample adds
// up like every fine one (ScopeUtilization), and a stacked chart never overshoots its total.
ScopeUtilization average(const ScopeSum &sum)
{
    const quint64 n = sum.samples;
    ScopeUtilization u;
    u.scope = sum.scope;
    const std::array<quint32 *, Fields> fields = fieldsOf(u);
    for (int i = 0; i < Fields; ++i)
        *fields[i] = quint32((sum.sums[i] + n / 2) / n);

    quint64 floors = 0;
    for (int i = 1; i < Fields; ++i)
        floors += sum.sums[i] / n;
    const qint64 extra = qint64(u.total) - qint64(floors);
    if (extra < 0 || extra >= Fields)
        return u; // the fine samples did not add up themselves: plain rounding
    std::array<int, Fields - 1> order{};
    std::iota(order.begin(), order.end(), 1);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return sum.sums[a] % n > sum.sums[b] % n; });
    for (int i = 1; i < Fields; ++i)
        *fields[i] = quint32(sum.sums[i] / n);
    for (qint64 i = 0; i < extra; ++i)
        ++*fields[order[i]];
    return u;
}

} // namespace

StatisticsHistory::StatisticsHistory(StatisticsStore &store) : StatisticsHistory(store, Policy())
{ }

StatisticsHistory::StatisticsHistory(StatisticsStore &store, Policy policy)
    : m_store(store), m_policy(policy)
{ }

qint64 StatisticsHistory::stepStart(qint64 timeS) const
{
    // Floor, not truncation, so that a step always starts at or before its samples.
    const qint64 step = m_policy.coarseStepS;
    const qint64 q = timeS / step - (timeS % step < 0 ? 1 : 0);
    return q * step;
}

QString StatisticsHistory::resume(qint64 nowS)
{
    QString error;
    const qint64 newestCoarse = m_store.newestSampleTime(SampleResolution::Coarse, &error);
    if (!error.isEmpty())
        return error;
    const qint64 newestFine = m_store.newestSampleTime(SampleResolution::Fine, &error);
    if (!error.isEmpty())
        return error;
    // Steps are closed in order, so every step up to the newest coarse one is done; the
    // ones after it that ended before nowS were still open when the last run stopped.
    m_openStep = newestCoarse > 0 ? newestCoarse + m_policy.coarseStepS : 0;
    const qint64 current = stepStart(nowS);
    if (newestFine >= m_openStep) {
        if (const StoreStatus status = closeStepsBefore(current); !status.ok()) {
            m_openStep = -1; // try again from the store next time
            return status.error;
        }
    }
    // The newest fine sample's step stays open while it has not ended; a clock set back
    // below it must not reopen steps that are closed already.
    m_openStep = std::max(current, newestFine > 0 ? stepStart(newestFine) : current);
    return {};
}

StoreStatus StatisticsHistory::record(const StatisticsSample &sample)
{
    if (m_openStep < 0) // resume() was not called, or failed: do its work now
        if (const QString why = resume(sample.timeS); !why.isEmpty())
            return StoreStatus::failure(why);
    if (StoreStatus status = m_store.appendSample(SampleResolution::Fine, sample); !status.ok())
        return status;
    const qint64 step = stepStart(sample.timeS);
    if (step <= m_openStep)
        return StoreStatus::success();
    // On failure the open step stays where it is, so the next sample tries again.
    if (StoreStatus status = closeStepsBefore(step); !status.ok())
        return status;
    m_openStep = step;
    // Pruning when a step closes, not at every sample, keeps the deletes few. The open step's
    // fine samples are never pruned, whatever the policy says.
    const qint64 fineBefore = std::min(sample.timeS - m_policy.fineKeepS, step);
    if (StoreStatus status = m_store.removeSamplesBefore(SampleResolution::Fine, fineBefore);
        !status.ok())
        return status;
    return m_store.removeSamplesBefore(SampleResolution::Coarse,
                                       sample.timeS - m_policy.coarseKeepS);
}

StoreStatus StatisticsHistory::closeStepsBefore(qint64 stepStartS)
{
    QString error;
    const QList<StatisticsSample> fine =
        m_store.samples(SampleResolution::Fine, m_openStep, stepStartS, &error);
    if (!error.isEmpty())
        return StoreStatus::failure(error);
    // Oldest first, so the samples of one step are next to each other.
    for (qsizetype first = 0; first < fine.size();) {
        const qint64 start = stepStart(fine[first].timeS);
        qsizetype end = first;
        while (end < fine.size() && stepStart(fine[end].timeS) == start)
            ++end;
        const StatisticsSample coarse = downsample(fine.mid(first, end - first), start);
        if (StoreStatus status = m_store.appendSample(SampleResolution::Coarse, coarse);
            !status.ok())
            return status;
        first = end;
    }
    return StoreStatus::success();
}

QList<StatisticsSample> StatisticsHistory::series(qint64 fromS, qint64 toS, QString *error) const
{
    const qint64 span = toS - fromS;
    if (span <= m_policy.fineSpanMaxS && fromS >= toS - m_policy.fineKeepS)
        return m_store.samples(SampleResolution::Fine, fromS, toS, error);
    QString oldestError, newestError;
    const qint64 oldest = m_store.oldestSampleTime(SampleResolution::Coarse, &oldestError);
    const qint64 newest = m_store.newestSampleTime(SampleResolution::Coarse, &newestError);
    if (!oldestError.isEmpty() || !newestError.isEmpty()) {
        if (error)
            *error = oldestError.isEmpty() ? newestError : oldestError;
        return {};
    }
    // Thinned to about maxPoints steps of what is there ("All" asks from 0).
    const qint64 steps =
        (std::min(toS, newest + 1) - std::max(fromS, oldest)) / m_policy.coarseStepS;
    const qint64 every =
        steps > m_policy.maxPoints ? (steps + m_policy.maxPoints - 1) / m_policy.maxPoints : 0;
    QList<StatisticsSample> found =
        m_store.samples(SampleResolution::Coarse, fromS, toS, error, every * m_policy.coarseStepS);
    if (error && !error->isEmpty())
        return {};
    const qint64 fineFrom = newest == 0 ? fromS : std::max(fromS, newest + m_policy.coarseStepS);
    const QList<StatisticsSample> tail =
        m_store.samples(SampleResolution::Fine, fineFrom, toS, error);
    if (error && !error->isEmpty())
        return {};
    // The steps not downsampled yet (the open one) at the same resolution as the rest, so a
    // long chart does not end in a spiky run of 10-second points.
    QList<StatisticsSample> step;
    for (const StatisticsSample &sample : tail) {
        if (!step.isEmpty() && stepStart(sample.timeS) != stepStart(step.front().timeS)) {
            found.append(downsample(step, stepStart(step.front().timeS)));
            step.clear();
        }
        step.append(sample);
    }
    if (!step.isEmpty())
        found.append(downsample(step, stepStart(step.front().timeS)));
    return found;
}

StatisticsSample StatisticsHistory::downsample(const QList<StatisticsSample> &fine,
                                               qint64 stepStartS)
{
    StatisticsSample coarse;
    coarse.timeS = stepStartS;
    QList<ScopeSum> sums; // in the order the scopes first appear
    for (const StatisticsSample &sample : fine) {
        coarse.seconds += sample.seconds;
        coarse.traffic += sample.traffic;
        for (const ScopeUtilization &u : sample.scopes) {
            auto it = std::find_if(sums.begin(), sums.end(),
                                   [&](const ScopeSum &s) { return s.scope == u.scope; });
            if (it == sums.end())
                it = sums.insert(sums.end(), ScopeSum{u.scope, {}, 0});
            const std::array<quint32, Fields> values = valuesOf(u);
            for (int i = 0; i < Fields; ++i)
                it->sums[i] += values[i];
            ++it->samples;
        }
    }
    for (const ScopeSum &sum : std::as_const(sums))
        coarse.scopes.append(average(sum));
    return coarse;
}

} // namespace leasedesk
