#pragma once

#include "core/clock.h"
#include "core/leasestore.h"
#include "core/server.h"
#include "core/statisticssample.h"
#include "engine/packetevent.h"
#include "engine/roguewatch.h"
#include "engine/selfcheck.h"
#include "engine/servingstate.h"
#include "engine/testrequest.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace leasedesk {

class LeaseWriter;
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
        quint64 probes = 0; // conflict probes started
        quint64 conflicts = 0; // addresses found in use (probe, ARP or DECLINE)
    };
    // A client whose candidates keep answering probes is given up on after this many, so a
    // subnet full of squatters cannot keep it (and the prober) busy; it asks again later.
    static constexpr int MaxConflictsPerRequest = 8;
    static constexpr qint64 ProbeWarningIntervalMs = 600'000;
    // Offers need not be durable (RFC 2131 §3.1 step 2: a server need not even reserve an
    // offered address, and after a crash a client whose offer is gone is NAKed or served
    // again). A turn whose only changes are offers is written with the next commit that has
    // to happen anyway (a binding's, before its ACK), or after this long.
    static constexpr int DeferredCommitMs = 500;
    // With a writer: replies waiting for commits beyond which the engine takes no more
    // datagrams (IngressQueue's gate), so a stalled disk cannot make it hold ever more.
    static constexpr qsizetype MaxWaitingReplies = 4096;
    // With a writer, commits start at most this often: under load the bindings of a few
    // milliseconds share one commit and one fsync (at 4,000 DORA/s about 16 each, instead of
    // a commit per 2 or 3 back to back), which took the server's CPU per exchange down by a
    // third. An ACK then waits up to this long more; a server that has not committed for
    // this long commits at once, so a lab's single client never waits.
    static constexpr int MinCommitIntervalMs = 4;

    Engine(LeaseStore &store, Transport &transport, const Clock &clock, QObject *parent = nullptr);
    ~Engine() override; // with a writer: commits what waits, and its replies leave

    // Loads the configuration and leases from the store and sweeps what expired while the
    // server was down. Returns an error sentence, empty on success.
    QString start();

    const Server &server() const { return m_server; }
    const Counters &counters() const { return m_counters; }

    // Datagrams handled between these two end their turn in endBatch(), not in an end of turn
    // posted to this thread: one wake-up of the event loop fewer per batch (IngressQueue's
    // share hooks). Nesting is allowed; the outermost endBatch ends the turn.
    void beginBatch() { ++m_batchDepth; }
    void endBatch();
    // DHCP messages by type since start (issue 8): requests received and replies sent, the
    // test client's left out. The statistics sampler takes the difference every interval.
    const TrafficCounts &traffic() const { return m_traffic; }

    // Stopped by the administrator (issue 6): requests are received and shown as ignored but
    // not answered, no probe or rogue round starts; leases still expire. Serving by default.
    void setServing(bool serving);
    bool isServing() const { return m_serving; }
    // The history of an address and/or a machine, newest first; problem() when unreadable.
    QList<LeaseHistoryEntry> history(const HistoryQuery &query);

    // Conflict detection (RFC 2131 §3.1, §4.4.1). Without a prober, or when it cannot use the
    // configured method, offers leave unchecked and problem() says so once.
    void setConflictProbe(ConflictProbe *probe);
    // Commits through the writer's thread (issue 9: the next requests are decided while the
    // last bindings are flushed to disk); without one, in this thread. Replies still leave
    // only once their leases are committed. Set before start(); the writer outlives the engine.
    void setWriter(LeaseWriter *writer) { m_writer = writer; }
    // False while MaxWaitingReplies wait for the writer.
    bool acceptsMore() const;
    // Rogue server detection on these interfaces (issue 5); replies seen on the wire come in
    // through handleServerReply.
    void setClientPort(ClientPort *port, const QStringList &interfaces);
    RogueWatch *rogueWatch() const { return m_rogue; }
    // The start-up self-check of the served interfaces (port 67 is bound: the caller only
    // serves when it is): the static findings now, the "another server answers" ones after
    // the first rogue round (both through networkEvent).
    void runSelfCheck(const QList<SelfCheck::Interface> &interfaces);
    QList<Lease> quarantine() const { return m_server.quarantine(); }
    int parkedOffers() const { return int(m_parked.size()); }

    // How the test client learns an interface (issue 7): its index and IPv4 addresses as a
    // datagram received on it would carry them; nothing when there is no such interface.
    // By default the machine's interfaces; the simulated lab answers for its sim0.
    using InterfaceLookup = std::function<std::optional<ReceiveInfo>(const QString &name)>;
    void setInterfaceLookup(InterfaceLookup lookup) { m_interfaceLookup = std::move(lookup); }

public slots:
    void handleDatagram(const QByteArray &payload, const leasedesk::ReceiveInfo &info);
    void applyConfiguration(const leasedesk::Configuration &config);
    void sweep();
    // Commits every change (deferred offers too) and sends whatever is pending now. The end of
    // each event-loop turn does the same, except that offers alone are not committed yet.
    void flush();
    void handleProbeResult(const leasedesk::ProbeResult &result);
    void handleArp(const leasedesk::ArpObservation &arp);
    void handleServerReply(const leasedesk::ServerReplySeen &seen);
    void detectRogueServers();
    // Ends the quarantine of a declined or conflicting address; problem() when there is none.
    void reclaim(leasedesk::Ipv4Address address);
    // The administrator ends an offer or a binding now (as a client's RELEASE would), or
    // forgets a lease entirely; committed like every change, then reported (issue 6).
    void releaseLease(leasedesk::Ipv4Address address);
    void deleteLease(leasedesk::Ipv4Address address);
    // The console's test client (issue 7): handled exactly as if it had arrived on
    // request.interfaceName (a lease a REQUEST commits is real), but the answers are shown
    // as Sent events with test set and never put on the wire.
    void injectTestRequest(const leasedesk::TestRequest &request);

signals:
    void packetEvents(const QList<leasedesk::PacketEvent> &events);
    void leasesChanged(const QList<leasedesk::Lease> &leases);
    // Addresses whose lease is gone from the store (deleted, reclaimed, an offer not taken up,
    // an ended quarantine), once the removal is committed.
    void leasesRemoved(const QList<leasedesk::Ipv4Address> &addresses);
    void configurationApplied(const leasedesk::Configuration &config);
    void problem(const QString &message);
    void networkEvent(const leasedesk::NetworkEvent &event);
    // A client declined an address of this scope (RFC 2131 §4.3.3): the statistics sampler
    // watches for decline storms.
    void declineReceived(const QString &scope);

private:
    struct Pending
    {
        Reply reply;
        int delayMs = 0;
        QString interfaceName;
        QString note; // what happened before it could leave (a probe's answer)
        bool test = false; // an answer to the test client: shown, never sent
    };
    struct Parked
    {
        QByteArray payload; // the request, handled again when its candidate is in use
        ReceiveInfo info;
        Pending pending;
        ProbeTarget target;
        int conflicts = 0;
    };
    void process(const QByteArray &payload, const ReceiveInfo &info, int conflicts,
                 bool test = false);
    void ignoreWhileStopped(const QByteArray &payload, const ReceiveInfo &info, bool test);
    void notSent(const Pending &pending, const QString &why);
    void commitAdminChange(const LeaseBatch &batch, const QString &action, const QString &why);
    void applyRogueSettings();
    void park(Decision &d, const QByteArray &payload, const ReceiveInfo &info, int conflicts,
              bool test);
    void startProbes();
    void take(const NetworkVerdict &v);
    void warnUnchecked(const QString &error);
    void scheduleFlush();
    void endTurn(bool commitOffers);
    void stage();
    void dispatchStaged();
    void dispatchWhenDue();
    void finishCommit(quint64 ticket);
    void sendAll(QList<Pending> &replies);
    void emitEvents();
    void addChanges(const LeaseBatch &changes);
    bool commitBatch(QList<Ipv4Address> *removed);
    void send(const Pending &pending);
    PacketEvent sentEvent(const Pending &pending) const;
    QString textOf(const Destination &destination);
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
    QList<NetworkEvent> m_networkEvents;
    QHash<quint64, Parked> m_parked; // probe id → the OFFER waiting for it
    QList<quint64> m_toProbe; // parked in this turn: probed at its end
    ConflictProbe *m_prober = nullptr;
    RogueWatch *m_rogue = nullptr;
    qint64 m_probeWarningMs = -1; // when "offers go out unchecked" was last said
    bool m_flushScheduled = false;
    int m_batchDepth = 0;
    bool m_turnEndDue = false; // a change came within a batch: endBatch ends the turn
    bool m_batchUrgent = false; // m_batch holds more than offers: commit it this turn
    QTimer *m_deferredCommit = nullptr; // commits offers that no binding took along
    // With a writer: what the next commit takes along, and the commit on its way.
    struct Stage
    {
        LeaseBatch batch;
        QList<Pending> replies;
        QList<Lease> changed;
    };
    struct InFlight
    {
        quint64 ticket = 0;
        QList<Pending> replies;
        QList<Lease> changed;
        QList<Ipv4Address> removed;
        std::shared_ptr<StoreStatus> status;
    };
    LeaseWriter *m_writer = nullptr;
    QTimer *m_gather = nullptr; // dispatches what was staged, MinCommitIntervalMs apart
    QElapsedTimer m_sinceCommit; // since the last commit started; invalid before the first
    Stage m_staged;
    std::optional<InFlight> m_inFlight;
    quint64 m_nextTicket = 1;
    bool m_serving = true;
    InterfaceLookup m_interfaceLookup;
    Destination m_lastDestination; // textOf()'s cache
    QString m_lastDestinationText;
    Counters m_counters;
    TrafficCounts m_traffic;
};

} // namespace leasedesk
