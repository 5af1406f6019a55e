#include "engine/engine.h"

#include "core/configurationstore.h"
#include "net/transport.h"

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

// Which exchange and which client a packet belongs to.
void identify(PacketEvent &e, const proto::DhcpMessage &m)
{
    e.messageType = m.messageType().value_or(0);
    e.xid = m.xid;
    e.hardwareAddress = toByteArray(m.hardwareAddress());
}

} // namespace

Engine::Engine(LeaseStore &store, Transport &transport, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_transport(transport), m_clock(clock), m_server(clock)
{
    qRegisterMetaType<leasedesk::PacketEvent>();
    qRegisterMetaType<QList<leasedesk::PacketEvent>>();
    qRegisterMetaType<leasedesk::ReceiveInfo>();
    qRegisterMetaType<leasedesk::Configuration>();
    qRegisterMetaType<QList<leasedesk::Lease>>();
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
    sweep();
    flush();
    return {};
}

void Engine::applyConfiguration(const Configuration &config)
{
    m_server.setConfiguration(config);
    emit configurationApplied(config);
}

void Engine::handleDatagram(const QByteArray &payload, const ReceiveInfo &info)
{
    ++m_counters.received;
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t *>(payload.constData()),
                                 std::size_t(payload.size()));
    Decision d = m_server.handle(bytes, info);
    switch (d.outcome) {
    case Decision::Outcome::Malformed: ++m_counters.malformed; break;
    case Decision::Outcome::Ignored: ++m_counters.ignored; break;
    default: break;
    }
    m_events.append(receivedEvent(payload, info, d));
    if (!d.changes.isEmpty()) {
        append(m_batch, d.changes);
        m_changedLeases += d.changes.upserts;
    }
    if (d.reply)
        m_pending.append({std::move(*d.reply), d.delayMs, info.interfaceName});
    scheduleFlush();
}

void Engine::sweep()
{
    const LeaseBatch expired = m_server.sweep();
    if (expired.isEmpty())
        return;
    append(m_batch, expired);
    m_changedLeases += expired.upserts;
    scheduleFlush();
}

void Engine::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // Runs after every datagram already waiting in this event-loop turn was handled.
    QMetaObject::invokeMethod(this, &Engine::flush, Qt::QueuedConnection);
}

void Engine::flush()
{
    m_flushScheduled = false;
    if (!m_batch.isEmpty()) {
        const StoreStatus status = m_store.commit(m_batch);
        m_batch = {};
        if (!status.ok()) {
            // Never an ACK for a lease that is not on disk (design.md): the client retries.
            ++m_counters.storeFailures;
            const QString why = QStringLiteral("lease store write failed, %1 replies not sent: %2")
                                    .arg(m_pending.size())
                                    .arg(status.error);
            m_pending.clear();
            m_changedLeases.clear();
            emit problem(why);
        }
    }
    for (Pending &p : m_pending) {
        if (p.delayMs > 0) {
            QTimer::singleShot(p.delayMs, this,
                               [this, reply = std::move(p.reply), name = p.interfaceName] {
                                   send(reply, name);
                                   if (!m_events.isEmpty()) {
                                       emit packetEvents(m_events);
                                       m_events.clear();
                                   }
                               });
        } else {
            send(p.reply, p.interfaceName);
        }
    }
    m_pending.clear();
    if (!m_changedLeases.isEmpty()) {
        emit leasesChanged(m_changedLeases);
        m_changedLeases.clear();
    }
    if (!m_events.isEmpty()) {
        emit packetEvents(m_events);
        m_events.clear();
    }
}

void Engine::send(const Reply &reply, const QString &interfaceName)
{
    PacketEvent e;
    e.timeMs = m_clock.nowMs();
    e.interfaceName = interfaceName;
    e.direction = PacketEvent::Direction::Sent;
    e.peer = reply.destination.address;
    e.peerPort = reply.destination.port;
    identify(e, reply.message);
    e.address = reply.message.yiaddr;
    e.payload = toByteArray(reply.bytes);
    QString error;
    if (reply.bytes.empty()) {
        error = QStringLiteral("the reply could not be made to fit the client's size limit");
    } else if (m_transport.send(reply.bytes, reply.destination, &error)) {
        ++m_counters.replied;
        e.reason = destinationText(reply.destination);
        m_events.append(e);
        return;
    }
    ++m_counters.sendFailures;
    e.reason = QStringLiteral("not sent: ") + error;
    m_events.append(e);
}

PacketEvent Engine::receivedEvent(const QByteArray &payload, const ReceiveInfo &info,
                                  const Decision &d) const
{
    PacketEvent e;
    e.timeMs = m_clock.nowMs();
    e.interfaceName = info.interfaceName;
    e.peer = info.source;
    e.peerPort = info.sourcePort;
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
