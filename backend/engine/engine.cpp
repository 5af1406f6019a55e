#include "engine/engine.h"

#include "core/configurationstore.h"
#include "engine/leasewriter.h"
#include "net/transport.h"
#include "proto/dhcpcodec.h"

#include <QNetworkInterface>
#include <QRandomGenerator>
#include <QTimer>

namespace leasedesk {

namespace {

// Adds `from` after what `into` holds. A store applies a batch as upserts (in order, the
// last one of an address wins), then removals, so a removal must not outlive a later upsert
// of the same address: an offer swept away and re-bound in the same event-loop turn must end
// up bound, not deleted. Removals come only from sweeps, so the usual packet adds its
// upserts without looking at anything else.
void append(LeaseBatch &into, const LeaseBatch &from)
{
    for (Ipv4Address a : from.removals) {
        into.upserts.removeIf([a](const Lease &l) { return l.address == a; });
        if (!into.removals.contains(a))
            into.removals.append(a);
    }
    for (const Lease &l : from.upserts) {
        if (!into.removals.isEmpty())
            into.removals.removeAll(l.address);
        into.upserts.append(l);
    }
    into.history += from.history;
}

// Drops every upsert that a later one of the same address replaces (the store would write
// both, the last one winning).
void keepNewestUpserts(QList<Lease> &upserts)
{
    if (upserts.size() < 2)
        return;
    QSet<quint32> seen;
    seen.reserve(upserts.size());
    qsizetype kept = upserts.size();
    for (qsizetype i = upserts.size() - 1; i >= 0; --i) {
        if (!seen.contains(upserts[i].address.toUint32())) {
            seen.insert(upserts[i].address.toUint32());
            if (--kept != i)
                upserts[kept] = std::move(upserts[i]);
        }
    }
    upserts.remove(0, kept);
}

// What the packet view says of a request while the administrator has stopped serving.
const QString StoppedReason = QStringLiteral("not serving: stopped by the administrator");

// What a test client's answer says instead of where it went (issue 7).
const QString TestAnsweredReason = QStringLiteral("answered the test client (not put on the wire)");

// Which exchange and which client a packet belongs to, and its header addresses.
void identify(PacketEvent &e, const proto::DhcpMessage &m)
{
    e.messageType = m.messageType().value_or(0);
    e.xid = m.xid;
    e.hardwareAddress = toByteArray(m.hardwareAddress());
    e.ciaddr = m.ciaddr;
    e.yiaddr = m.yiaddr;
    e.giaddr = m.giaddr;
}

// A machine interface as DhcpSocket's InterfaceCache describes the one a datagram came in
// on: its index and its IPv4 addresses.
std::optional<ReceiveInfo> machineInterface(const QString &name)
{
    const QNetworkInterface interface = QNetworkInterface::interfaceFromName(name);
    if (!interface.isValid())
        return std::nullopt;
    ReceiveInfo info;
    info.interfaceIndex = interface.index();
    info.interfaceName = interface.name();
    for (const QNetworkAddressEntry &entry : interface.addressEntries())
        if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol)
            info.interfaceAddresses.append(
                {Ipv4Address(entry.ip().toIPv4Address()), entry.prefixLength()});
    return info;
}

} // namespace

Engine::Engine(LeaseStore &store, Transport &transport, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_transport(transport), m_clock(clock), m_server(clock),
      m_deferredCommit(new QTimer(this)), m_gather(new QTimer(this)),
      m_interfaceLookup(machineInterface)
{
    m_gather->setSingleShot(true);
    m_gather->setTimerType(Qt::PreciseTimer);
    connect(m_gather, &QTimer::timeout, this, [this] {
        if (!m_inFlight && !m_staged.batch.isEmpty())
            dispatchStaged();
    });
    m_deferredCommit->setSingleShot(true);
    m_deferredCommit->setInterval(DeferredCommitMs);
    // The end of a turn that commits offers too; not flush(), which waits for the writer.
    connect(m_deferredCommit, &QTimer::timeout, this, [this] { endTurn(true); });
    qRegisterMetaType<leasedesk::PacketEvent>();
    qRegisterMetaType<QList<leasedesk::PacketEvent>>();
    qRegisterMetaType<leasedesk::ReceiveInfo>();
    qRegisterMetaType<leasedesk::Configuration>();
    qRegisterMetaType<QList<leasedesk::Lease>>();
    qRegisterMetaType<QList<leasedesk::Ipv4Address>>();
    qRegisterMetaType<leasedesk::NetworkEvent>();
    qRegisterMetaType<leasedesk::ProbeResult>();
    qRegisterMetaType<leasedesk::ArpObservation>();
    qRegisterMetaType<leasedesk::ServerReplySeen>();
    qRegisterMetaType<leasedesk::TestRequest>();
}

QString Engine::start()
{
    QString error;
    const auto config = ConfigurationStore::load(m_store, &error);
    if (!config)
        return error;
    const QList<Lease> leases = m_store.loadLeases(&error);
    if (!error.isEmpty())
        return error;
    m_server.setConfiguration(*config);
    m_server.loadLeases(leases);
    applyRogueSettings();
    sweep();
    flush();
    return {};
}

void Engine::applyConfiguration(const Configuration &config)
{
    m_server.setConfiguration(config);
    applyRogueSettings();
    emit configurationApplied(config);
}

void Engine::handleDatagram(const QByteArray &payload, const ReceiveInfo &info)
{
    ++m_counters.received;
    // Our own rogue-server DISCOVER, should it come back to us through some bridge: never a
    // client of ours (chaddr is at octet 28, RFC 2131 §2). fromRawData is a view on the
    // datagram: the look-up allocates nothing for every packet.
    if (m_rogue && payload.size() >= 34
        && m_rogue->isOwnProbe(QByteArray::fromRawData(payload.constData() + 28, 6)))
        return;
    if (!m_serving) {
        ignoreWhileStopped(payload, info, false);
        return;
    }
    process(payload, info, 0);
}

// As a broadcast from a client on that interface, or from the relay at giaddr (RFC 2131
// §4.1: relays send to the server port). Everything after the ReceiveInfo is the real path.
void Engine::injectTestRequest(const TestRequest &request)
{
    std::optional<ReceiveInfo> info =
        m_interfaceLookup ? m_interfaceLookup(request.interfaceName) : std::nullopt;
    if (!info) {
        emit problem(QStringLiteral("the test request was not made: there is no interface %1")
                         .arg(request.interfaceName));
        return;
    }
    const bool relayed = !request.giaddr.isZero();
    info->source = relayed ? request.giaddr : Ipv4Address();
    info->sourcePort = relayed ? 67 : 68;
    info->destination = Ipv4Address(0xffffffffu);
    TestRequest r = request;
    while (r.xid == 0)
        r.xid = QRandomGenerator::global()->generate();
    const QByteArray payload = encodeTestRequest(r);
    if (!m_serving) {
        ignoreWhileStopped(payload, *info, true);
        return;
    }
    process(payload, *info, 0, true);
}

// Shown like any ignored request (with its client when it parses), so the packet view says
// why nobody answered.
void Engine::ignoreWhileStopped(const QByteArray &payload, const ReceiveInfo &info, bool test)
{
    ++m_counters.ignored;
    Decision d;
    d.outcome = Decision::Outcome::Ignored;
    d.reason = StoppedReason;
    auto parsed = proto::DhcpCodec::parse(std::span(
        reinterpret_cast<const std::uint8_t *>(payload.constData()), std::size_t(payload.size())));
    if (parsed.message)
        d.request = std::move(*parsed.message);
    m_events.append(receivedEvent(payload, info, d));
    m_events.back().test = test;
    scheduleFlush();
}

void Engine::setServing(bool serving)
{
    if (m_serving == serving)
        return;
    // Replies already decided belong to leases already committed: they leave first, so a
    // client is never left Bound in the store without its ACK.
    if (!serving)
        flush();
    m_serving = serving;
    applyRogueSettings();
}

// Scheduled rogue rounds run only while serving: a stopped LeaseDesk stays off the wire.
void Engine::applyRogueSettings()
{
    if (!m_rogue)
        return;
    RogueDetection settings = m_server.configuration().server.rogueDetection;
    settings.enabled = settings.enabled && m_serving;
    m_rogue->setSettings(settings);
}

QList<LeaseHistoryEntry> Engine::history(const HistoryQuery &query)
{
    QString error;
    const QList<LeaseHistoryEntry> entries =
        m_store.history(query.limit, query.mac, query.address, &error);
    if (!error.isEmpty())
        emit problem(error);
    return entries;
}

void Engine::process(const QByteArray &payload, const ReceiveInfo &info, int conflicts, bool test)
{
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t *>(payload.constData()),
                                 std::size_t(payload.size()));
    Decision d = m_server.handle(bytes, info);
    switch (d.outcome) {
    case Decision::Outcome::Malformed: ++m_counters.malformed; break;
    case Decision::Outcome::Ignored: ++m_counters.ignored; break;
    default: break;
    }
    PacketEvent e = receivedEvent(payload, info, d);
    e.test = test;
    // A request handled again after a conflict was counted when it arrived.
    if (!test && d.request && conflicts == 0) {
        m_traffic.add(e.messageType);
        if (e.messageType == quint8(proto::MessageType::Decline) && !d.scope.isEmpty()
            && d.outcome == Decision::Outcome::Silent) // accepted, not ignored
            emit declineReceived(d.scope);
    }
    if (conflicts > 0)
        e.reason = QStringLiteral("again after %1 conflict(s): %2").arg(conflicts).arg(e.reason);
    m_events.append(std::move(e));
    addChanges(d.changes);
    m_counters.conflicts += quint64(d.events.size());
    m_networkEvents += d.events;
    if (d.outcome == Decision::Outcome::Probing)
        park(d, payload, info, conflicts, test);
    else if (d.reply)
        m_pending.append({std::move(*d.reply), d.delayMs, info.interfaceName, {}, test});
    scheduleFlush();
}

// The OFFER waits for its probe (design.md: nothing blocks the engine loop). A client that
// repeats its DISCOVER while the probe runs gets the answer to its newest one.
void Engine::park(Decision &d, const QByteArray &payload, const ReceiveInfo &info, int conflicts,
                  bool test)
{
    const ProbeTarget &t = *d.probe;
    Pending pending{std::move(*d.reply), d.delayMs, info.interfaceName, {}, test};
    if (auto it = m_parked.find(t.id); it != m_parked.end()) {
        it->payload = payload;
        it->info = info;
        it->pending = std::move(pending);
        return;
    }
    if (conflicts >= MaxConflictsPerRequest) {
        m_server.abandonProbe(t.address);
        m_events.back().reason = QStringLiteral("%1 addresses in a row were in use; the client "
                                                "is not answered this time")
                                     .arg(conflicts);
        return;
    }
    m_parked.insert(t.id, {payload, info, std::move(pending), t, conflicts});
    m_toProbe.append(t.id);
}

void Engine::setConflictProbe(ConflictProbe *probe)
{
    if (m_prober)
        disconnect(m_prober, nullptr, this, nullptr);
    m_prober = probe;
    if (m_prober)
        connect(m_prober, &ConflictProbe::finished, this, &Engine::handleProbeResult);
}

void Engine::setClientPort(ClientPort *port, const QStringList &interfaces)
{
    delete m_rogue;
    m_rogue = nullptr;
    if (!port)
        return;
    m_rogue = new RogueWatch(*port, m_clock, this);
    m_rogue->setInterfaces(interfaces);
    applyRogueSettings();
    connect(m_rogue, &RogueWatch::serverFound, this,
            [this](const NetworkEvent &e) { emit networkEvent(e); });
    connect(m_rogue, &RogueWatch::problem, this, &Engine::problem);
}

void Engine::runSelfCheck(const QList<SelfCheck::Interface> &interfaces)
{
    SelfCheck::Facilities facilities;
    facilities.serverPort = true;
    const ConflictDetection &cd = m_server.configuration().server.conflictDetection;
    if (cd.enabled && cd.attempts > 0)
        facilities.probeProblem = m_prober ? m_prober->unavailable(cd.method)
                                           : QStringLiteral("no prober (no raw sockets)");
    if (!m_rogue)
        facilities.clientPortProblem = QStringLiteral("no packet socket for DHCP replies");
    for (const NetworkEvent &e :
         SelfCheck::run(m_server.configuration(), interfaces, facilities, m_clock.nowMs()))
        emit networkEvent(e);
    if (!m_rogue || !m_server.configuration().server.rogueDetection.enabled)
        return;
    connect(
        m_rogue, &RogueWatch::roundFinished, this,
        [this](const QStringList &names, const QList<RogueServer> &answers) {
            for (const NetworkEvent &e : SelfCheck::answersFound(
                     names, answers, m_server.configuration().server.rogueDetection.listenS,
                     m_clock.nowMs()))
                emit networkEvent(e);
        },
        Qt::SingleShotConnection);
    m_rogue->detectNow();
}

void Engine::detectRogueServers()
{
    if (!m_serving)
        emit problem(QStringLiteral("LeaseDesk is stopped: other DHCP servers are looked for "
                                    "only while it serves"));
    else if (!m_rogue)
        emit problem(QStringLiteral("other DHCP servers cannot be looked for: no packet socket"));
    else if (!m_server.configuration().server.rogueDetection.enabled)
        emit problem(QStringLiteral("rogue server detection is switched off in the configuration "
                                    "(server.rogue_detection.enabled)"));
    else
        m_rogue->detectNow();
}

void Engine::handleServerReply(const ServerReplySeen &seen)
{
    if (m_rogue && m_server.configuration().server.rogueDetection.enabled)
        m_rogue->handleServerReply(seen);
}

void Engine::handleProbeResult(const ProbeResult &result)
{
    const NetworkVerdict v = m_server.probeFinished(result);
    const auto parked = m_parked.constFind(result.id);
    if (parked == m_parked.constEnd())
        return; // cancelled, or its offer was taken back (an ARP claim on it)
    Parked p = *parked;
    m_parked.erase(parked);
    take(v);
    if (!m_serving) {
        notSent(p.pending, StoppedReason);
        return;
    }
    // In use (found by this probe, or by an ARP claim while it ran): the request is handled
    // again and its next candidate probed.
    if (v.conflict || !v.known) {
        process(p.payload, p.info, p.conflicts + 1, p.pending.test);
        return;
    }
    if (v.stale) {
        notSent(p.pending, v.reason);
        return;
    }
    warnUnchecked(result.error);
    p.pending.note = v.reason;
    m_pending.append(std::move(p.pending));
    scheduleFlush();
}

void Engine::notSent(const Pending &pending, const QString &why)
{
    PacketEvent e = sentEvent(pending);
    e.peer = {};
    e.peerPort = 0;
    e.payload.clear();
    e.reason = QStringLiteral("not sent: ") + why;
    m_events.append(e);
    scheduleFlush();
}

void Engine::handleArp(const ArpObservation &arp)
{
    take(m_server.observeArp(arp));
}

void Engine::reclaim(Ipv4Address address)
{
    QString why;
    const LeaseBatch batch = m_server.reclaim(address, &why);
    if (batch.isEmpty()) {
        emit problem(QStringLiteral("cannot reclaim: ") + why);
        return;
    }
    addChanges(batch);
    scheduleFlush();
}

void Engine::releaseLease(Ipv4Address address)
{
    QString why;
    commitAdminChange(m_server.releaseLease(address, &why), QStringLiteral("release"), why);
}

void Engine::deleteLease(Ipv4Address address)
{
    QString why;
    commitAdminChange(m_server.deleteLease(address, &why), QStringLiteral("delete"), why);
}

// Through the group commit like a packet's changes, so the GUI hears of it only once it is
// durable (design.md).
void Engine::commitAdminChange(const LeaseBatch &batch, const QString &action, const QString &why)
{
    if (batch.isEmpty()) {
        emit problem(QStringLiteral("cannot %1 the lease: %2").arg(action, why));
        return;
    }
    addChanges(batch);
    scheduleFlush();
}

void Engine::take(const NetworkVerdict &v)
{
    addChanges(v.changes);
    if (v.conflict)
        ++m_counters.conflicts;
    m_networkEvents += v.events;
    if (!v.changes.isEmpty() || !v.events.isEmpty())
        scheduleFlush();
}

// Said at most every ProbeWarningIntervalMs: a prober that cannot send fails for every
// DISCOVER, each time with the address in its sentence.
void Engine::warnUnchecked(const QString &error)
{
    const qint64 now = m_clock.nowMs();
    if (error.isEmpty()
        || (m_probeWarningMs >= 0 && now - m_probeWarningMs < ProbeWarningIntervalMs))
        return;
    m_probeWarningMs = now;
    emit problem(
        QStringLiteral("conflict detection failed (%1): offers go out unchecked").arg(error));
}

// Without a usable prober the offer leaves unchecked (warnUnchecked).
void Engine::startProbes()
{
    const QList<quint64> ids = std::exchange(m_toProbe, {});
    for (quint64 id : ids) {
        const auto it = m_parked.constFind(id);
        if (it == m_parked.constEnd())
            continue;
        const ProbeTarget t = it->target;
        // Stopped meanwhile: no probe leaves, and the offer is dropped in handleProbeResult.
        const QString why = !m_serving ? StoppedReason
            : m_prober                 ? m_prober->unavailable(t.method)
                                       : QStringLiteral("no prober (no raw sockets)");
        if (why.isEmpty()) {
            ++m_counters.probes;
            m_prober->start(t);
            continue;
        }
        ProbeResult r;
        r.id = id;
        r.address = t.address;
        r.error = why;
        handleProbeResult(r);
    }
}

void Engine::sweep()
{
    const LeaseBatch expired = m_server.sweep();
    if (expired.isEmpty())
        return;
    addChanges(expired);
    scheduleFlush();
}

void Engine::scheduleFlush()
{
    if (m_batchDepth > 0) {
        m_turnEndDue = true;
        return;
    }
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // Runs after every datagram already waiting in this event-loop turn was handled.
    QMetaObject::invokeMethod(
        this, [this] { endTurn(false); }, Qt::QueuedConnection);
}

void Engine::endBatch()
{
    if (--m_batchDepth == 0 && std::exchange(m_turnEndDue, false))
        endTurn(false);
}

// Everything but an offer must be on disk before its reply leaves or the GUI hears of it: a
// binding before its ACK, a release, an expiry, a conflict's quarantine, an admin's change.
void Engine::addChanges(const LeaseBatch &changes)
{
    if (changes.isEmpty())
        return;
    append(m_batch, changes);
    m_changedLeases += changes.upserts;
    m_batchUrgent = m_batchUrgent || !changes.removals.isEmpty()
        || std::any_of(changes.upserts.begin(), changes.upserts.end(),
                       [](const Lease &l) { return l.state != LeaseState::Offered; });
}

void Engine::flush()
{
    endTurn(true);
    // Everything staged is committed now, whatever the pacing (MinCommitIntervalMs) says:
    // finishing one commit may only have timed the next.
    while (m_writer && (m_inFlight || !m_staged.batch.isEmpty())) {
        m_gather->stop();
        if (!m_inFlight)
            dispatchStaged();
        m_writer->wait();
        finishCommit(m_inFlight->ticket);
    }
    m_gather->stop();
}

// Commits m_batch; false (and said) when the store refused it. Only the newest upsert of an
// address is written: an offer bound in the same batch is one row, not two.
bool Engine::commitBatch(QList<Ipv4Address> *removed)
{
    m_deferredCommit->stop();
    m_batchUrgent = false;
    keepNewestUpserts(m_batch.upserts);
    const StoreStatus status = m_store.commit(m_batch);
    *removed = std::move(m_batch.removals);
    m_batch = {};
    if (status.ok())
        return true;
    removed->clear();
    // Never an ACK for a lease that is not on disk (design.md): the client retries.
    ++m_counters.storeFailures;
    const QString why = QStringLiteral("lease store write failed, %1 replies not sent: %2")
                            .arg(m_pending.size() + m_toProbe.size())
                            .arg(status.error);
    m_pending.clear();
    m_changedLeases.clear();
    for (quint64 id : std::exchange(m_toProbe, {})) {
        m_server.abandonProbe(m_parked.value(id).target.address);
        m_parked.remove(id);
    }
    emit problem(why);
    return false;
}

void Engine::endTurn(bool commitOffers)
{
    m_flushScheduled = false;
    QList<Ipv4Address> removed;
    if (!m_batch.isEmpty()) {
        if (!m_batchUrgent && !commitOffers) {
            if (!m_deferredCommit->isActive())
                m_deferredCommit->start();
        } else if (m_writer) {
            stage();
        } else {
            commitBatch(&removed);
        }
    }
    startProbes();
    sendAll(m_pending);
    if (!m_changedLeases.isEmpty()) {
        emit leasesChanged(m_changedLeases);
        m_changedLeases.clear();
    }
    // After the changes: a lease upserted and then removed in one batch ends up gone.
    if (!removed.isEmpty())
        emit leasesRemoved(removed);
    emitEvents();
    for (const NetworkEvent &e : std::exchange(m_networkEvents, {}))
        emit networkEvent(e);
}

void Engine::sendAll(QList<Pending> &replies)
{
    for (Pending &p : replies) {
        if (p.delayMs > 0) {
            QTimer::singleShot(p.delayMs, this, [this, pending = std::move(p)] {
                send(pending);
                emitEvents();
            });
        } else {
            send(p);
        }
    }
    replies.clear();
}

void Engine::emitEvents()
{
    if (!m_events.isEmpty()) {
        emit packetEvents(m_events);
        m_events.clear();
    }
}

// The turn's changes and the replies that wait for them join the next commit; it leaves at
// once unless one is on its way, whose end sends it (so batches grow while the disk is busy).
void Engine::stage()
{
    m_deferredCommit->stop();
    m_batchUrgent = false;
    append(m_staged.batch, m_batch);
    m_batch = {};
    m_staged.replies += std::exchange(m_pending, {});
    m_staged.changed += std::exchange(m_changedLeases, {});
    if (!m_inFlight)
        dispatchWhenDue();
}

// The staged commit starts now, or when MinCommitIntervalMs have passed since the last one
// started (the timer), whichever is later.
void Engine::dispatchWhenDue()
{
    if (m_gather->isActive())
        return;
    const qint64 sinceMs = m_sinceCommit.isValid() ? m_sinceCommit.elapsed() : MinCommitIntervalMs;
    if (sinceMs >= MinCommitIntervalMs)
        dispatchStaged();
    else
        m_gather->start(int(MinCommitIntervalMs - sinceMs));
}

void Engine::dispatchStaged()
{
    InFlight f;
    f.ticket = m_nextTicket++;
    f.replies = std::exchange(m_staged.replies, {});
    f.changed = std::exchange(m_staged.changed, {});
    LeaseBatch batch = std::exchange(m_staged.batch, {});
    keepNewestUpserts(batch.upserts);
    f.removed = batch.removals;
    f.status = std::make_shared<StoreStatus>();
    m_sinceCommit.start();
    const quint64 ticket = f.ticket;
    m_writer->commit(std::move(batch), f.status, this, [this, ticket] { finishCommit(ticket); });
    m_inFlight = std::move(f);
}

// The writer's answer (queued here), or flush() that waited for it: the replies leave and the
// GUI hears of the changes, or nothing leaves (never an ACK for a lease not on disk).
void Engine::finishCommit(quint64 ticket)
{
    if (!m_inFlight || m_inFlight->ticket != ticket)
        return; // flush() finished it already
    InFlight f = std::move(*m_inFlight);
    m_inFlight.reset();
    if (f.status->ok()) {
        sendAll(f.replies);
        if (!f.changed.isEmpty())
            emit leasesChanged(f.changed);
        if (!f.removed.isEmpty())
            emit leasesRemoved(f.removed);
    } else {
        ++m_counters.storeFailures;
        emit problem(QStringLiteral("lease store write failed, %1 replies not sent: %2")
                         .arg(f.replies.size())
                         .arg(f.status->error));
    }
    emitEvents();
    // What was staged meanwhile follows when due, unless a slot above flushed already.
    if (!m_staged.batch.isEmpty() && !m_inFlight)
        dispatchWhenDue();
}

bool Engine::acceptsMore() const
{
    const qsizetype waiting =
        m_staged.replies.size() + (m_inFlight ? m_inFlight->replies.size() : 0);
    return waiting < MaxWaitingReplies;
}

Engine::~Engine()
{
    if (m_inFlight || !m_staged.batch.isEmpty())
        flush();
}

// A test client's answer is recorded as it would have left, and goes nowhere: the console
// shows it, the lab's machines and the real network never see it.
void Engine::send(const Pending &pending)
{
    if (!m_serving) { // stopped between the decision and its sending (a delayed OFFER)
        notSent(pending, StoppedReason);
        return;
    }
    const Reply &reply = pending.reply;
    PacketEvent e = sentEvent(pending);
    QString error;
    if (reply.bytes.empty()) {
        error = QStringLiteral("the reply could not be made to fit the client's size limit");
    } else if (pending.test || m_transport.send(reply.bytes, reply.destination, &error)) {
        if (!pending.test) {
            ++m_counters.replied;
            m_traffic.add(e.messageType);
        }
        e.reason = pending.test ? TestAnsweredReason : textOf(reply.destination);
        if (!pending.note.isEmpty())
            e.reason += QStringLiteral("; ") + pending.note;
        m_events.append(e);
        return;
    }
    ++m_counters.sendFailures;
    e.reason = QStringLiteral("not sent: ") + error;
    m_events.append(e);
}

// A burst of replies mostly goes to one place (broadcast, or one relay): its text is made once
// and shared (QString is implicitly shared).
QString Engine::textOf(const Destination &destination)
{
    if (!(destination == m_lastDestination) || m_lastDestinationText.isEmpty()) {
        m_lastDestination = destination;
        m_lastDestinationText = destinationText(destination);
    }
    return m_lastDestinationText;
}

PacketEvent Engine::sentEvent(const Pending &pending) const
{
    const Reply &reply = pending.reply;
    PacketEvent e;
    e.timeMs = m_clock.nowMs();
    e.interfaceName = pending.interfaceName;
    e.direction = PacketEvent::Direction::Sent;
    e.peer = reply.destination.address;
    e.peerPort = reply.destination.port;
    identify(e, reply.message);
    e.address = reply.message.yiaddr;
    e.local =
        reply.message.addressOption(proto::OptionCode::ServerIdentifier).value_or(Ipv4Address());
    e.payload = toByteArray(reply.bytes);
    e.test = pending.test;
    return e;
}

PacketEvent Engine::receivedEvent(const QByteArray &payload, const ReceiveInfo &info,
                                  const Decision &d) const
{
    PacketEvent e;
    e.timeMs = m_clock.nowMs();
    e.interfaceName = info.interfaceName;
    e.peer = info.source;
    e.peerPort = info.sourcePort;
    e.local = info.destination;
    e.outcome = d.outcome;
    e.scope = d.scope;
    e.reason = d.reason;
    e.payload = payload;
    if (d.request) {
        identify(e, *d.request);
        e.address = d.request->addressOption(proto::OptionCode::RequestedAddress)
                        .value_or(d.request->ciaddr);
    }
    return e;
}

} // namespace leasedesk
