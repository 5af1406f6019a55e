#pragma once

#include "core/configuration.h"
#include "core/lease.h"
#include "core/networkwatch.h"
#include "core/statisticssample.h"
#include "engine/enginesockets.h"
#include "engine/packetevent.h"
#include "engine/packettap.h"
#include "engine/servingstate.h"
#include "engine/testrequest.h"

#include <QObject>
#include <QStringList>
#include <QThread>

#include <memory>

namespace leasedesk {

class EngineHost;

// What the window shows of the engine: plain values, sent from the engine thread.
struct EngineStatus
{
    QString databaseFile;
    qint64 configurationRevision = 0;
    qsizetype scopes = 0;
    qsizetype leases = 0;
    bool serving = false;
    QStringList problems; // missing privileges, a busy port 67, …: what to do about each
    bool simulated = false; // the simulated lab, not the network
};

// The GUI's one door to the engine (design.md): the engine, its socket and its store live in
// a thread of their own, and everything crosses by queued calls and signals carrying plain
// values. Without the privileged sockets the engine still runs (configuration, leases) but
// does not serve, and says why.
class EngineController : public QObject
{
    Q_OBJECT
public:
    // The sockets come from PrivilegedSockets, opened in main() before any thread; invalid
    // ones mean "do without", and sockets.problems says why.
    EngineController(const QString &databaseFile, EngineSockets sockets, QObject *parent = nullptr);
    ~EngineController() override;

    // Opens the store in the engine thread and starts serving; answers with started() or
    // failed().
    void start();

    // Issue 7: every packet event, numbered, for the GUI thread to take in batches. Filled
    // directly from the engine thread (one queued wake-up per batch the GUI has not taken
    // yet, not one signal per engine flush).
    PacketTap &packetTap() { return m_tap; }

public slots:
    void applyConfiguration(const leasedesk::Configuration &config);
    // Issue 5: look for other DHCP servers now; end an address's quarantine; ask for the
    // quarantine list and the servers found (answered by networkStateListed()).
    void detectRogueServers();
    void reclaim(leasedesk::Ipv4Address address);
    void requestNetworkState();
    // Issue 6: stop or start answering clients, choose the interfaces served (empty: every
    // interface a scope lies on), ask for both (answered by servingChanged()). The choice
    // is kept in the database.
    void setServing(bool serving);
    void setServedInterfaces(const QStringList &names);
    void requestServingState();
    // End an offer or binding now (the address is free, the client remembered), or forget a
    // lease entirely; answered by leasesChanged() / leasesRemoved(), or problem().
    void releaseLease(leasedesk::Ipv4Address address);
    void deleteLease(leasedesk::Ipv4Address address);
    void requestHistory(const leasedesk::HistoryQuery &query); // answered by historyListed()
    // Issue 7: handled as if received on request.interfaceName; the request and the answer
    // appear in packetTap() with test set, and the answer never goes on the wire.
    void sendTestRequest(const leasedesk::TestRequest &request);
    // Issue 8: the statistics of [fromS, toS) (answered by statisticsListed()) and the newest
    // events of the event history (answered by eventsListed()).
    void requestStatistics(qint64 fromS, qint64 toS);
    void requestEvents(int limit);

signals:
    void started(const leasedesk::EngineStatus &status);
    void failed(const QString &error); // the database cannot be used; nothing runs
    void leasesChanged(const QList<leasedesk::Lease> &leases);
    void configurationSaved(qint64 revision, const QStringList &issues);
    void problem(const QString &message);
    void networkEvent(const leasedesk::NetworkEvent &event);
    void networkStateListed(const QList<leasedesk::Lease> &quarantine,
                            const QList<leasedesk::RogueServer> &servers);
    // Right after started(), and again when the configuration changes: what to draw.
    void configurationLoaded(const leasedesk::Configuration &config);
    void leasesLoaded(const QList<leasedesk::Lease> &leases);
    // After started(), after each change and on request.
    void servingChanged(const leasedesk::ServingState &state);
    // Leases gone from the store: deleted, reclaimed, offers not taken up, quarantines over.
    void leasesRemoved(const QList<leasedesk::Ipv4Address> &addresses);
    void historyListed(const leasedesk::HistoryQuery &query,
                       const QList<leasedesk::LeaseHistoryEntry> &entries);
    // Issue 8: a sample every statistics interval; alerts arrive as networkEvent().
    void statisticsSampled(const leasedesk::StatisticsSample &sample);
    void statisticsListed(qint64 fromS, qint64 toS,
                          const QList<leasedesk::StatisticsSample> &samples);
    void eventsListed(const QList<leasedesk::NetworkEvent> &events);

private:
    PacketTap m_tap; // before m_thread: the engine thread appends to it until it is joined
    QThread m_thread;
    EngineHost *m_host = nullptr; // lives in m_thread; deleted there when it finishes
};

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::EngineStatus)
