#pragma once

#include "core/clock.h"
#include "core/leasestore.h"
#include "core/server.h"
#include "engine/packetevent.h"

#include <QObject>

namespace leasedesk {

class Transport;

// The server loop: takes datagrams, asks Server::handle, commits lease changes and only then
// sends the replies. Changes of all the datagrams that arrive in one event-loop turn go into
// one transaction (group commit), so a burst of DORAs costs one fsync, not one each. Nothing
// here blocks on the network; offer delays are timers.
//
// Lives in one thread (the engine thread in the GUI, the main thread in leasedesk-server) and
// is used from it only; other threads talk to it through EngineController's queued calls.
class Engine : public QObject
{
    Q_OBJECT
public:
    struct Counters
    {
        quint64 received = 0;
        quint64 replied = 0;
        quint64 ignored = 0;
        quint64 malformed = 0;
        quint64 storeFailures = 0; // commits that failed: their replies were never sent
        quint64 sendFailures = 0;
    };

    Engine(LeaseStore &store, Transport &transport, const Clock &clock, QObject *parent = nullptr);

    // Loads the configuration and leases from the store and sweeps what expired while the
    // server was down. Returns an error sentence, empty on success.
    QString start();

    const Server &server() const { return m_server; }
    const Counters &counters() const { return m_counters; }

public slots:
    void handleDatagram(const QByteArray &payload, const leasedesk::ReceiveInfo &info);
    void applyConfiguration(const leasedesk::Configuration &config);
    void sweep();
    // Commits and sends whatever is pending now (also done at the end of each event-loop turn).
    void flush();

signals:
    void packetEvents(const QList<leasedesk::PacketEvent> &events);
    void leasesChanged(const QList<leasedesk::Lease> &leases);
    void configurationApplied(const leasedesk::Configuration &config);
    void problem(const QString &message);

private:
    struct Pending
    {
        Reply reply;
        int delayMs = 0;
        QString interfaceName;
    };
    void scheduleFlush();
    void send(const Reply &reply, const QString &interfaceName);
    PacketEvent receivedEvent(const QByteArray &payload, const ReceiveInfo &info,
                              const Decision &d) const;

    LeaseStore &m_store;
    Transport &m_transport;
    const Clock &m_clock;
    Server m_server;
    LeaseBatch m_batch;
    QList<Pending> m_pending;
    QList<PacketEvent> m_events;
    QList<Lease> m_changedLeases;
    bool m_flushScheduled = false;
    Counters m_counters;
};

} // namespace leasedesk
