#include "engine/statisticssampler.h"

#include "core/utilization.h"
#include "engine/engine.h"

namespace leasedesk {

StatisticsSampler::StatisticsSampler(Engine &engine, StatisticsStore &store, const Clock &clock,
                                     QObject *parent)
    : QObject(parent), m_engine(engine), m_store(store), m_clock(clock), m_history(store)
{
    connect(&m_timer, &QTimer::timeout, this, &StatisticsSampler::sampleNow);
}

QString StatisticsSampler::start(bool timer)
{
    // Only a started sampler writes: a console that cannot serve reads the history another
    // process (leasedesk-server on the same file) keeps.
    connect(&m_engine, &Engine::networkEvent, this, &StatisticsSampler::keep, Qt::UniqueConnection);
    connect(&m_engine, &Engine::declineReceived, this, &StatisticsSampler::noteDecline,
            Qt::UniqueConnection);
    connect(&m_engine, &Engine::configurationApplied, this, &StatisticsSampler::applyInterval,
            Qt::UniqueConnection);
    m_lastTraffic = m_engine.traffic();
    m_lastSampleMs = m_clock.nowMs();
    m_lastPruneMs = m_lastSampleMs; // old events go an hour from now, not with the first sample
    const QString error = m_history.resume(m_clock.nowS());
    if (timer) {
        applyInterval();
        m_timer.start();
    }
    return error.isEmpty() ? QString() : QStringLiteral("statistics history unavailable: ") + error;
}

void StatisticsSampler::applyInterval()
{
    const quint32 s = m_engine.server().configuration().server.statistics.intervalS;
    m_timer.setInterval(int(std::clamp<quint32>(s, 1, 3600)) * 1000);
}

void StatisticsSampler::sampleNow()
{
    const qint64 nowMs = m_clock.nowMs();
    const Configuration &config = m_engine.server().configuration();
    StatisticsSample sample;
    sample.timeS = nowMs / 1000;
    sample.seconds = qint32(std::max<qint64>(1, (nowMs - m_lastSampleMs + 500) / 1000));
    sample.scopes = computeUtilization(config, m_engine.server().allocations(), sample.timeS);
    sample.traffic = m_engine.traffic() - m_lastTraffic;
    m_lastTraffic = m_engine.traffic();
    m_lastSampleMs = nowMs;

    report(m_history.record(sample));
    if (nowMs - m_lastPruneMs >= 3600 * 1000) {
        m_lastPruneMs = nowMs;
        report(m_store.removeEventsBefore(nowMs - EventKeepMs));
    }
    emit sampled(sample);
    for (const NetworkEvent &alert : m_alerts.observe(sample, config, nowMs)) {
        keep(alert);
        emit alertRaised(alert);
    }
}

void StatisticsSampler::noteDecline(const QString &scope)
{
    const StatisticsSettings &settings = m_engine.server().configuration().server.statistics;
    if (auto alert = m_alerts.noteDecline(scope, settings, m_clock.nowMs())) {
        keep(*alert);
        emit alertRaised(*alert);
    }
}

void StatisticsSampler::keep(const NetworkEvent &event)
{
    report(m_store.appendEvent(event));
}

void StatisticsSampler::report(const StoreStatus &status)
{
    if (status.ok()) {
        m_storeFailing = false;
        return;
    }
    if (std::exchange(m_storeFailing, true))
        return;
    emit problem(QStringLiteral("statistics not saved (leases are not affected): ") + status.error);
}

void StatisticsSampler::requestSeries(qint64 fromS, qint64 toS)
{
    QString error;
    QList<StatisticsSample> samples = m_history.series(fromS, toS, &error);
    if (!error.isEmpty())
        emit problem(QStringLiteral("cannot read the statistics history: ") + error);
    emit seriesListed(fromS, toS, samples);
}

void StatisticsSampler::requestEvents(int limit)
{
    QString error;
    QList<NetworkEvent> events = m_store.events(limit, &error);
    if (!error.isEmpty())
        emit problem(QStringLiteral("cannot read the event history: ") + error);
    emit eventsListed(events);
}

} // namespace leasedesk
