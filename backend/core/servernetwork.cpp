// Server's handling of news from the wire: conflict probes before an OFFER, ARP packets seen
// on served interfaces, and the quarantine of addresses found in use (issue 5). Kept apart
// from server.cpp, which answers one DHCP message at a time.
#include "core/server.h"

#include <QDateTime>

#include <algorithm>

namespace leasedesk {

namespace {

QString machine(const QByteArray &mac)
{
    return mac.isEmpty() ? QStringLiteral("an unknown machine") : formatMac(mac);
}

QString clockTime(qint64 unixS)
{
    return QDateTime::fromSecsSinceEpoch(unixS).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

bool isQuarantine(std::optional<LeaseState> s)
{
    return s == LeaseState::Declined || s == LeaseState::Conflict;
}

} // namespace

Lease Server::quarantined(Ipv4Address address, const QString &scope, const QByteArray &mac,
                          const QString &detail, qint64 now) const
{
    Lease q;
    q.address = address;
    q.hardwareAddress = mac; // the squatter, so the quarantine list can name it
    q.scope = scope;
    q.state = LeaseState::Conflict;
    q.start = now;
    q.end = now + m_config.server.declineQuarantineS;
    q.lastSeen = now;
    q.detail = detail;
    return q;
}

NetworkEvent Server::conflictEvent(const Lease &q, const QString &interfaceName,
                                   const QString &what) const
{
    NetworkEvent e;
    e.kind = NetworkEvent::Kind::Conflict;
    e.severity = NetworkEvent::Severity::Critical;
    e.timeMs = m_clock.nowMs();
    e.interfaceName = interfaceName;
    e.address = q.address;
    e.mac = q.state == LeaseState::Conflict ? q.hardwareAddress : QByteArray();
    e.scope = q.scope;
    e.text = QStringLiteral("%1 %2; quarantined until %3")
                 .arg(addressText(q.address), what, clockTime(q.end));
    return e;
}

NetworkVerdict Server::probeFinished(const ProbeResult &r)
{
    NetworkVerdict v;
    const auto done = m_guard.finish(r, m_clock.nowMs());
    if (!done)
        return v;
    v.known = true;
    v.address = done->address;
    const QString a = addressText(done->address);
    const qint64 now = m_clock.nowS();
    const Lease *held = m_alloc.lease(done->address);
    const bool stillOffered = held
        && AllocationEngine::effectiveState(*held, now) == LeaseState::Offered
        && ClientIdentity::ofLease(*held).key() == done->clientKey;
    // The client itself answering (a previous holder still using its old address) is no
    // conflict: the address is about to be its own again.
    const bool itself =
        r.inUse && held && !r.responderMac.isEmpty() && r.responderMac == held->hardwareAddress;
    if (!r.inUse || itself) {
        v.reason = itself ? QStringLiteral("%1 answered by the client itself (%2): its own address")
                                .arg(a, formatMac(r.responderMac))
            : r.error.isEmpty()
            ? QStringLiteral("no answer for %1 in %2 ms: it is free").arg(a).arg(r.elapsedMs)
            : QStringLiteral("could not probe %1 (%2): offered without a check").arg(a, r.error);
        if (!stillOffered) {
            // Meanwhile the client took another server's offer, or its hold ended: the OFFER
            // would promise an address that may be someone else's by now.
            v.stale = true;
            v.reason = QStringLiteral("%1; the offer is no longer held for the client, not sent")
                           .arg(v.reason);
        }
        return v;
    }
    const Scope *scope = scopeContaining(done->address);
    const QString how = r.answeredBy == ProbeMethod::Arp ? QStringLiteral("answered ARP")
                                                         : QStringLiteral("answered ICMP echo");
    const Lease q =
        quarantined(done->address,
                    held        ? held->scope
                        : scope ? scope->name
                                : QString(),
                    r.responderMac,
                    QStringLiteral("is in use by %1 (%2)").arg(machine(r.responderMac), how), now);
    v.changes.history.append(m_alloc.record(q, q.detail, now));
    v.changes.upserts.append(q);
    v.conflict = true;
    v.events.append(conflictEvent(q, {}, q.detail));
    v.reason = QStringLiteral("%1 %2: quarantined, looking for another address").arg(a, q.detail);
    return v;
}

// Passive awareness: a machine that sends ARP from an address of a pool uses that address.
// RFC 5227 probes (sender 0.0.0.0) claim nothing and are left alone; so are addresses outside
// the ranges (routers, static hosts) and a lease's own holder.
NetworkVerdict Server::observeArp(const ArpObservation &arp)
{
    NetworkVerdict v;
    const Scope *scope =
        arp.senderIp.isZero() || arp.senderMac.isEmpty() ? nullptr : scopeContaining(arp.senderIp);
    if (!scope)
        return v;
    const qint64 now = m_clock.nowS();
    const Ipv4Address a = arp.senderIp;
    v.address = a;
    const Lease *l = m_alloc.lease(a);
    // Nothing known (no lease, or one whose time is over) counts as expired.
    const LeaseState state = (l ? AllocationEngine::effectiveState(*l, now) : std::nullopt)
                                 .value_or(LeaseState::Expired);
    const bool holder = l && l->hardwareAddress == arp.senderMac;
    const bool active = state == LeaseState::Bound || state == LeaseState::Offered;
    if (holder && active)
        return v;
    const auto report = [&](NetworkEvent::Severity severity, const QString &text) {
        if (!m_guard.shouldReport(a, arp.timeMs))
            return;
        NetworkEvent e;
        e.severity = severity;
        e.timeMs = arp.timeMs;
        e.interfaceName = arp.interfaceName;
        e.address = a;
        e.mac = arp.senderMac;
        e.scope = scope->name;
        e.text = text;
        v.events.append(e);
    };
    const QString who = formatMac(arp.senderMac);
    if (const Reservation *r = m_alloc.reservationAt(*scope, a)) {
        if (!r->macs.contains(arp.senderMac))
            report(NetworkEvent::Severity::Warning,
                   QStringLiteral("%1 is reserved for %2 but %3 uses it (ARP claim)")
                       .arg(addressText(a),
                            r->hostname.isEmpty() ? QStringLiteral("another machine") : r->hostname,
                            who));
        return v;
    }
    if (!m_alloc.isDynamic(scope->name, a))
        return v;
    if (state == LeaseState::Bound) {
        report(NetworkEvent::Severity::Critical,
               QStringLiteral("%1 is leased to %2 but %3 uses it too (ARP claim)")
                   .arg(addressText(a), machine(l->hardwareAddress), who));
        return v;
    }
    if (holder && !isQuarantine(state)) {
        report(NetworkEvent::Severity::Warning,
               QStringLiteral("%1 is still used by %2 after its lease ended (ARP claim)")
                   .arg(addressText(a), who));
        return v;
    }
    if (isQuarantine(state)) {
        // Still in use: the quarantine starts again, at most every half quarantine so a
        // chatty squatter is not a database write per packet.
        if (l->end - now >= qint64(m_config.server.declineQuarantineS / 2))
            return v;
        Lease q = *l;
        q.end = now + m_config.server.declineQuarantineS;
        q.lastSeen = now;
        v.changes.history.append(
            m_alloc.record(q, QStringLiteral("still in use by %1 (ARP claim)").arg(who), now));
        v.changes.upserts.append(q);
        return v;
    }
    // Free, offered to a client that cannot use it now, or remembered for another client.
    const Lease q = quarantined(
        a, scope->name, arp.senderMac,
        QStringLiteral("is in use by %1, which holds no lease (ARP claim)").arg(who), now);
    if (state == LeaseState::Offered)
        m_guard.forget(a);
    v.changes.history.append(m_alloc.record(q, q.detail, now));
    v.changes.upserts.append(q);
    v.conflict = true;
    NetworkEvent e = conflictEvent(q, arp.interfaceName, q.detail);
    m_guard.shouldReport(a, arp.timeMs);
    v.events.append(e);
    v.reason = QStringLiteral("%1 %2").arg(addressText(a), q.detail);
    return v;
}

QList<Lease> Server::quarantine() const
{
    const qint64 now = m_clock.nowS();
    QList<Lease> out;
    for (const Lease &l : m_alloc.leases())
        if (isQuarantine(AllocationEngine::effectiveState(l, now)))
            out.append(l);
    std::sort(out.begin(), out.end(),
              [](const Lease &x, const Lease &y) { return x.address < y.address; });
    return out;
}

LeaseBatch Server::reclaim(Ipv4Address address, QString *why)
{
    LeaseBatch batch;
    const qint64 now = m_clock.nowS();
    const Lease *l = m_alloc.lease(address);
    if (!l || !isQuarantine(AllocationEngine::effectiveState(*l, now))) {
        if (why)
            *why = QStringLiteral("%1 is not quarantined").arg(addressText(address));
        return batch;
    }
    if (auto h = m_alloc.forget(address, QStringLiteral("reclaimed by the administrator"), now)) {
        batch.removals.append(address);
        batch.history.append(*h);
    }
    return batch;
}

} // namespace leasedesk
