#pragma once

#include "core/alertmonitor.h"
#include "core/clock.h"
#include "core/statisticshistory.h"
#include "core/statisticsstore.h"

#include <QObject>
#include <QTimer>

namespace leasedesk {

class Engine;

// The statistics sampler (issue 8): every interval (StatisticsSettings::intervalS, 10 s by
// default) it counts every scope's addresses and the DHCP messages of the interval, keeps the
// sample in the store through StatisticsHistory (so the history survives restarts, which
// Kea's statistics do not), and raises the alerts AlertMonitor finds. Every network event the
// engine reports and every alert is written to the store's event history.
//
// Lives in the engine's thread and only reads the engine between packets; a sample of
// 65,000 leases costs a few milliseconds every ten seconds.
class StatisticsSampler : public QObject
{
    Q_OBJECT
public:
    // Events older than this are forgotten, like coarse samples.
    static constexpr qint64 EventKeepMs = 90LL * 24 * 3600 * 1000;

    StatisticsSampler(Engine &engine, StatisticsStore &store, const Clock &clock,
                      QObject *parent = nullptr);

    // Finishes what the history left open while LeaseDesk was down, keeps the engine's events
    // and, with `timer`, samples every interval from now on (tests call sampleNow()
    // themselves). A sentence when the store cannot be read: serving goes on, statistics are
    // not kept. Without start() the sampler only answers requestSeries and requestEvents.
    QString start(bool timer = true);

    const StatisticsHistory &history() const { return m_history; }
    const AlertMonitor &alerts() const { return m_alerts; }
    int intervalMs() const { return m_timer.interval(); }

public slots:
    void sampleNow();
    // Answered by seriesListed(): what a chart of [fromS, toS) shows.
    void requestSeries(qint64 fromS, qint64 toS);
    // Answered by eventsListed(): the newest `limit` events of the history.
    void requestEvents(int limit);

signals:
    void sampled(const leasedesk::StatisticsSample &sample);
    void seriesListed(qint64 fromS, qint64 toS, const QList<leasedesk::StatisticsSample> &samples);
    void eventsListed(const QList<leasedesk::NetworkEvent> &events);
    // An alert of the sampler's own (utilization, exhausted pool, decline storm); the engine's
    // own network events reach the window through Engine::networkEvent.
    void alertRaised(const leasedesk::NetworkEvent &event);
    void problem(const QString &message);

private:
    void keep(const NetworkEvent &event);
    void noteDecline(const QString &scope);
    void applyInterval();
    void report(const StoreStatus &status);

    Engine &m_engine;
    StatisticsStore &m_store;
    const Clock &m_clock;
    StatisticsHistory m_history;
    AlertMonitor m_alerts;
    QTimer m_timer;
    TrafficCounts m_lastTraffic;
    qint64 m_lastSampleMs = 0;
    qint64 m_lastPruneMs = 0;
    bool m_storeFailing = false; // a store problem is said once, not every interval
};

} // namespace leasedesk
