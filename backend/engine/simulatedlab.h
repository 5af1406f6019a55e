#pragma once

#include "core/clock.h"
#include "core/configuration.h"
#include "engine/simulatednetwork.h"
#include "engine/virtualclient.h"

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>
#include <vector>

namespace leasedesk {

class Engine;
class LeaseStore;
class MemoryLeaseStore;

// The simulated lab of issue 6: LeaseDesk serving a network that exists only in memory, so
// it can be watched (and tested) without privileges or a real network. It owns a lab clock
// (ManualClock), the wire (SimulatedNetwork: the engine's Transport, ConflictProbe and
// ClientPort), the real Engine on top of them, and N virtual clients that boot, renew,
// release and decline, plus an optional squatter and an optional rogue DHCP server.
//
// Lab time runs `speed` times faster than real time while running (start() with tickMs > 0);
// tests leave the tick off and move time with advance(). Lives in one thread, the engine
// thread in the GUI, like the Engine it owns.
class SimulatedLab : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        int clientCount = 20;
        double speed = 60; // lab seconds per real second: a 10-minute lease renews every 5 s
        int tickMs = 100; // real ms between clock advances; 0: only advance() moves time
        bool squatter = true; // a machine with a static address inside the pool
        Ipv4Address squatterAddress = Ipv4Address(198, 18, 0, 105);
        QByteArray squatterMac = QByteArray::fromHex("02005e00ee01");
        bool rogueServer = true; // a home router's DHCP server plugged into the lab
        Ipv4Address rogueAddress = Ipv4Address(198, 18, 0, 250);
        QByteArray rogueMac = QByteArray::fromHex("02005e00be01");
        double declineChance = 0.02; // per ACK, besides the squatter's address
        double releaseChance = 0.1; // per binding
        quint32 seed = 1;
        qint64 bootSpreadMs = 60'000; // lab time over which the clients power on
        qint64 garpIntervalMs = 600'000; // the squatter's gratuitous ARPs; 0: never
        qint64 rogueCheckIntervalMs = 600'000; // the engine's rogue rounds; 0: at start only
        // Lab time at start (Unix ms). The console starts it at the wall clock, so the times
        // it shows (and expiries, relative to now) make sense at speed 1.
        qint64 startMs = 1'800'000'000'000;
    };
    struct Statistics
    {
        int clients = 0;
        int bound = 0; // clients holding an address now (BOUND, RENEWING, REBINDING)
        quint64 doraCompleted = 0;
        quint64 renewals = 0;
        quint64 releases = 0;
        quint64 declines = 0;
        quint64 naks = 0;
        quint64 conflictsSeen = 0; // the engine's conflict NetworkEvents
        quint64 rogueOffersSeen = 0; // the engine's RogueServer NetworkEvents
        qint64 labTimeMs = 0; // since start()
        bool operator==(const Statistics &) const = default;
    };
    struct ClientStatus
    {
        QByteArray mac;
        QString hostname;
        VirtualClient::State state = VirtualClient::State::Off;
        Ipv4Address address; // 0.0.0.0 unless it holds one
    };

    // Uses `store` when given (it must outlive the lab and belong to this thread), else a
    // MemoryLeaseStore of its own. Nothing runs before start().
    explicit SimulatedLab(const Settings &settings, LeaseStore *store = nullptr,
                          QObject *parent = nullptr);
    SimulatedLab() : SimulatedLab(Settings{}) { }
    ~SimulatedLab() override;

    // Scope "sim-lab" 198.18.0.0/24: pool .100–.199, 10-minute leases, router and DNS .1,
    // lab-pc-01 reserved at .50 and a printer (not simulated) at .51; ARP+ICMP conflict
    // probes; rogue detection on demand (the lab runs the rounds on lab time).
    static Configuration defaultConfiguration();

    // Saves `config` to the store as a new revision, starts the engine, powers the clients
    // on (staggered) and, when tickMs > 0, starts the clock. An error sentence, or empty.
    QString start(const Configuration &config = defaultConfiguration());
    void stop(); // stops the clock; the engine and the leases stay

    Engine &engine() { return *m_engine; }
    const ManualClock &clock() const { return m_clock; }
    SimulatedNetwork &network() { return *m_network; }
    const Settings &settings() const { return m_settings; }
    Statistics statistics() const;
    QList<ClientStatus> clients() const;
    bool isRunning() const { return m_tick.isActive(); }

public slots:
    // Moves lab time forward by `labMs`: runs the clients' timers, probe answers and the
    // rogue's offers that fall due, then sweeps the engine. The engine reacts on the next
    // event-loop turns, as it would to a real network.
    void advance(qint64 labMs);

signals:
    void statisticsChanged(const leasedesk::SimulatedLab::Statistics &statistics);

private:
    class Host;
    void deliver(const QByteArray &payload, const Destination &d);
    void send(const proto::DhcpMessage &m, bool unicast);
    void onNetworkEvent(const NetworkEvent &e);
    void squatterAnnounces();
    void rogueRound();

    Settings m_settings;
    ManualClock m_clock;
    std::unique_ptr<MemoryLeaseStore> m_ownStore;
    LeaseStore &m_store;
    QRandomGenerator m_random;
    std::unique_ptr<SimulatedNetwork> m_network;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Host> m_host;
    std::vector<std::unique_ptr<VirtualClient>> m_clients;
    QHash<QByteArray, VirtualClient *> m_byMac;
    QTimer m_tick;
    qint64 m_startMs = 0;
    Statistics m_stats;
    Statistics m_lastReported;
    bool m_started = false;
};

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::SimulatedLab::Statistics)
