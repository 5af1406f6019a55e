#pragma once

#include "engine/enginecontroller.h"
#include "engine/enginesockets.h"
#include "engine/servingstate.h"
#include "engine/testrequest.h"

#include <QObject>

#include <memory>

namespace leasedesk {

class DhcpClientPort;
class SimulatedLab;
class DhcpSocket;
class NetworkProber;
class Engine;
class LeaseWriter;
class SqliteLeaseStore;
class SystemClock;
class MemoryLeaseStore;
class StatisticsSampler;
class StatisticsStore;
class Clock;

// The engine thread's side of EngineController: owns the store (Qt SQL connections belong
// to the thread that opened them), the socket and the engine.
class EngineHost : public QObject
{
    Q_OBJECT
public:
    EngineHost(QString databaseFile, EngineSockets sockets);
    ~EngineHost() override;

public slots:
    void start();
    void applyConfiguration(const leasedesk::Configuration &config);
    void detectRogueServers();
    void reclaim(leasedesk::Ipv4Address address);
    void requestNetworkState();
    // Issue 6: the administrator's server control, lease actions and history.
    void setServing(bool serving);
    void setServedInterfaces(const QStringList &names);
    void requestServingState();
    void releaseLease(leasedesk::Ipv4Address address);
    void deleteLease(leasedesk::Ipv4Address address);
    void requestHistory(const leasedesk::HistoryQuery &query);
    // Issue 7: the console's test client.
    void sendTestRequest(const leasedesk::TestRequest &request);
    // Issue 8: the statistics history and the event history.
    void requestStatistics(qint64 fromS, qint64 toS);
    void requestEvents(int limit);

signals:
    void started(const leasedesk::EngineStatus &status);
    void failed(const QString &error);
    void packetEvents(const QList<leasedesk::PacketEvent> &events);
    void leasesChanged(const QList<leasedesk::Lease> &leases);
    void configurationSaved(qint64 revision, const QStringList &issues);
    void problem(const QString &message);
    void networkEvent(const leasedesk::NetworkEvent &event);
    void networkStateListed(const QList<leasedesk::Lease> &quarantine,
                            const QList<leasedesk::RogueServer> &servers);
    void configurationLoaded(const leasedesk::Configuration &config);
    void leasesLoaded(const QList<leasedesk::Lease> &leases);
    void servingChanged(const leasedesk::ServingState &state);
    void leasesRemoved(const QList<leasedesk::Ipv4Address> &addresses);
    void historyListed(const leasedesk::HistoryQuery &query,
                       const QList<leasedesk::LeaseHistoryEntry> &entries);
    void statisticsSampled(const leasedesk::StatisticsSample &sample);
    void statisticsListed(qint64 fromS, qint64 toS,
                          const QList<leasedesk::StatisticsSample> &samples);
    void eventsListed(const QList<leasedesk::NetworkEvent> &events);

private:
    void watchServedInterfaces();
    void startSimulation();
    void connectEngine();
    void startSampler(StatisticsStore &store, const Clock &clock, bool sample);
    void announce(EngineStatus status);
    void restoreServingChoice();
    void saveSetting(const QString &key, const QString &value);
    ServingState servingState() const;

    QString m_file;
    EngineSockets m_sockets;
    std::unique_ptr<SqliteLeaseStore> m_store;
    std::unique_ptr<LeaseWriter> m_writer; // declared before m_engine: outlives it
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<DhcpSocket> m_socket;
    std::unique_ptr<NetworkProber> m_prober;
    std::unique_ptr<DhcpClientPort> m_clientPort;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MemoryLeaseStore> m_labStore; // the lab's leases and statistics
    std::unique_ptr<SimulatedLab> m_lab;
    std::unique_ptr<StatisticsSampler> m_sampler; // after the engine and its store
    Engine *m_active = nullptr; // m_engine, or the lab's
    bool m_canServe = false; // port 67 is ours, or the lab runs
    bool m_serving = true; // the administrator's choice, kept in the store's settings
    QStringList m_interfaces; // the administrator's choice; empty: as watchServedInterfaces
};

} // namespace leasedesk
