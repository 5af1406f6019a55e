#include "core/server.h"

#include "core/replybuilder.h"
#include "proto/dhcpcodec.h"

namespace leasedesk {

using proto::DhcpMessage;
using proto::MessageType;
namespace Code = proto::OptionCode;

// What one call to handle() works with.
struct Server::Context
{
    const DhcpMessage &request;
    const ReceiveInfo &info;
    ClientIdentity client;
    qint64 now = 0; // seconds
    Decision decision;
    const Scope *scope = nullptr;
    Ipv4Address serverId;
};

namespace {

std::optional<QString> hostNameOf(const DhcpMessage &m)
{
    const proto::DhcpOption *o = m.findOption(Code::HostName);
    if (!o)
        return std::nullopt;
    return QString::fromUtf8(reinterpret_cast<const char *>(o->data.data()),
                             qsizetype(o->data.size()));
}

ClientIdentity identityOf(const DhcpMessage &m)
{
    ClientIdentity id;
    if (const proto::DhcpOption *o = m.findOption(Code::ClientIdentifier))
        id.clientId = toByteArray(o->data);
    const auto hw = m.hardwareAddress();
    id.hardwareAddress = toByteArray(hw);
    return id;
}

// Our address in the scope's subnet, else the interface's first: the client must be able to
// reach it (RFC 2131 §4.1, F-02). 0.0.0.0 when the interface has no IPv4 address.
Ipv4Address serverIdentifierIn(const Scope &scope, const ReceiveInfo &info)
{
    for (const InterfaceAddress &a : info.interfaceAddresses)
        if (scope.containsAddress(a.address))
            return a.address;
    return info.interfaceAddresses.isEmpty() ? Ipv4Address()
                                             : info.interfaceAddresses.front().address;
}

QString macDenied(const Scope &scope, const ClientIdentity &client)
{
    return QStringLiteral("MAC %1 denied by scope %2")
        .arg(QString::fromLatin1(client.hardwareAddress.toHex(':')), scope.name);
}

bool macAllowed(const Scope &s, const QByteArray &mac)
{
    const auto matches = [&](const QString &p) {
        return MacPattern::matches(p, mac);
    };
    if (std::any_of(s.macDeny.begin(), s.macDeny.end(), matches))
        return false;
    return s.macAllow.isEmpty() || std::any_of(s.macAllow.begin(), s.macAllow.end(), matches);
}

} // namespace

Server::Server(const Clock &clock) : m_clock(clock)
{ }

void Server::setConfiguration(const Configuration &config)
{
    m_config = config;
    m_alloc.setConfiguration(m_config);
}

void Server::loadLeases(const QList<Lease> &leases)
{
    m_alloc.loadLeases(leases);
}

Decision Server::handle(std::span<const std::uint8_t> datagram, const ReceiveInfo &info)
{
    const proto::ParseResult parsed = proto::DhcpCodec::parse(datagram);
    if (!parsed) {
        Decision d;
        d.outcome = Decision::Outcome::Malformed;
        d.reason = QString::fromStdString(parsed.error.reason);
        return d;
    }
    return handle(*parsed.message, info);
}

Decision Server::handle(const DhcpMessage &request, const ReceiveInfo &info)
{
    Context c{request, info, identityOf(request), m_clock.nowS(), {}, nullptr, {}};
    c.decision.request = request;
    if (request.op != proto::BootRequest)
        return ignore(c, QStringLiteral("a BOOTREPLY from another server, not a request"));
    const auto type = request.messageType();
    if (!type)
        return ignore(
            c, QStringLiteral("a BOOTP request without option 53; BOOTP clients are not served"));
    if (request.hops > 16) // RFC 1542 §4.1.1: a relay loop
        return ignore(c,
                      QStringLiteral("relayed through %1 hops; more than 16 means a relay loop")
                          .arg(request.hops));
    if (c.client.clientId.isEmpty() && c.client.hardwareAddress.isEmpty())
        return ignore(c,
                      QStringLiteral("no client identifier and no hardware address (hlen 0): "
                                     "the client cannot be told apart from others"));
    switch (MessageType(*type)) {
    case MessageType::Discover: return discover(c);
    case MessageType::Request:
        return request.hasOption(Code::ServerIdentifier)
                || request.hasOption(Code::RequestedAddress) || !request.ciaddr.isZero()
            ? this->request(c)
            : ignore(c,
                     QStringLiteral(
                         "a REQUEST with neither server identifier, requested address nor ciaddr"));
    case MessageType::Decline: return decline(c);
    case MessageType::Release: return release(c);
    case MessageType::Inform: return inform(c);
    default:
        return ignore(c, QStringLiteral("message type %1 is not one a server answers").arg(*type));
    }
}

const Scope *Server::scopeContaining(Ipv4Address a) const
{
    for (const Scope &s : m_config.scopes)
        if (s.enabled && s.containsAddress(a))
            return &s;
    return nullptr;
}

// RFC 2131 §4.3.1: the subnet of giaddr when relayed, otherwise that of the interface the
// request arrived on. The server identifier is our address on that interface (§4.1, F-02).
const Scope *Server::scopeFor(const DhcpMessage &m, const ReceiveInfo &info, Ipv4Address *serverId,
                              QString *whyNot) const
{
    if (info.interfaceAddresses.isEmpty()) {
        *whyNot = QStringLiteral("interface %1 has no IPv4 address to answer from")
                      .arg(info.interfaceName);
        return nullptr;
    }
    if (!m.giaddr.isZero()) {
        *serverId = info.interfaceAddresses.front().address;
        const Scope *s = scopeContaining(m.giaddr);
        if (!s)
            *whyNot = QStringLiteral("no scope for giaddr %1").arg(addressText(m.giaddr));
        return s;
    }
    for (const InterfaceAddress &a : info.interfaceAddresses) {
        if (const Scope *s = scopeContaining(a.address)) {
            *serverId = a.address;
            return s;
        }
    }
    QStringList addrs;
    for (const InterfaceAddress &a : info.interfaceAddresses)
        addrs.append(addressText(a.address) + QLatin1Char('/') + QString::number(a.prefixLength));
    *whyNot = QStringLiteral("no scope for interface %1 (%2)")
                  .arg(info.interfaceName, addrs.join(QStringLiteral(", ")));
    return nullptr;
}

bool Server::isOurAddress(Ipv4Address a, const ReceiveInfo &info) const
{
    return std::any_of(info.interfaceAddresses.begin(), info.interfaceAddresses.end(),
                       [a](const InterfaceAddress &i) { return i.address == a; });
}

Decision Server::ignore(Context &c, const QString &why)
{
    c.decision.outcome = Decision::Outcome::Ignored;
    c.decision.reason = why;
    if (c.scope)
        c.decision.scope = c.scope->name;
    return std::move(c.decision);
}

void Server::commitLease(Context &c, Lease lease, const QString &why)
{
    c.decision.changes.history.append(m_alloc.record(lease, why, c.now));
    c.decision.changes.upserts.append(std::move(lease));
}

// RFC 2131 §3.1 step 2 and §4.4.1: probe an address before offering it, unless it is the
// client's own already (its current lease, or its reservation: a reserved machine answering
// for its own address is no conflict). Returns false when no probe can be started now.
bool Server::holdForProbe(Context &c, const Allocation &chosen)
{
    const ConflictDetection &cd = m_config.server.conflictDetection;
    const auto running = m_guard.probeOf(chosen.address);
    // An offer still held for the client was probed when it was made, unless that probe was
    // abandoned or its answer was trusted from the cache: probe it again, the client does not
    // use it yet, so any answer is someone else.
    const Lease *held = m_alloc.lease(chosen.address);
    const bool fresh = chosen.source == AllocationSource::Free
        || chosen.source == AllocationSource::Requested
        || chosen.source == AllocationSource::Previous
        || (chosen.source == AllocationSource::Current && held
            && held->state == LeaseState::Offered);
    if (!cd.enabled || cd.attempts <= 0 || (!fresh && !running))
        return true;
    quint64 id = 0;
    switch (m_guard.check(chosen.address, c.client.key(), m_clock.nowMs())) {
    case ConflictGuard::Check::Offer: return true;
    case ConflictGuard::Check::InFlight: id = *running; break;
    case ConflictGuard::Check::Probe: id = m_guard.begin(chosen.address, c.client.key()); break;
    case ConflictGuard::Check::Busy:
    case ConflictGuard::Check::TooMany: return false;
    }
    ProbeTarget t;
    t.id = id;
    t.address = chosen.address;
    // ARP reaches only the link the request came in on; a relayed client's subnet is probed
    // with ICMP whatever the setting (docs/server.md).
    t.method = c.request.giaddr.isZero() ? cd.method : ProbeMethod::Icmp;
    t.attempts = cd.attempts;
    t.timeoutMs = cd.timeoutMs;
    t.interfaceIndex = c.info.interfaceIndex;
    t.interfaceName = c.info.interfaceName;
    t.source = c.serverId;
    c.decision.probe = t;
    return true;
}

Decision Server::discover(Context &c)
{
    QString why;
    c.scope = scopeFor(c.request, c.info, &c.serverId, &why);
    if (!c.scope)
        return ignore(c, why);
    if (!macAllowed(*c.scope, c.client.hardwareAddress))
        return ignore(c, macDenied(*c.scope, c.client));
    const auto requested = c.request.addressOption(Code::RequestedAddress);
    const auto chosen = m_alloc.choose(*c.scope, c.client, requested, c.now, &why);
    const AllocationEngine::Expiry expired = m_alloc.takeUnsavedExpiry();
    c.decision.changes.upserts += expired.changed;
    c.decision.changes.removals += expired.removed;
    c.decision.changes.history += expired.history;
    if (!chosen) // D-04: no reply, the admin is told
        return ignore(c, why);
    if (!holdForProbe(c, *chosen)) {
        m_alloc.giveBack(chosen->address, c.scope->name);
        return ignore(c,
                      QStringLiteral("%1 conflict probes are in flight, so %2 cannot be "
                                     "probed now; the client will ask again")
                          .arg(m_guard.inFlight())
                          .arg(addressText(chosen->address)));
    }

    // RFC 2131 §4.3.1: an existing binding keeps its expiry unless the client asks for a
    // lease time; a requested time is granted up to the configured one.
    quint32 leaseTime = c.scope->leaseTime;
    const Lease *current = m_alloc.lease(chosen->address);
    // A binding about to end gets a fresh offer, so the sweep cannot take the address away
    // between this OFFER and the client's REQUEST.
    const bool bound = current && chosen->source == AllocationSource::Current
        && current->state == LeaseState::Bound
        && current->end - c.now > qint64(m_config.server.offerHoldS);
    const bool sameClient = current && ClientIdentity::ofLease(*current).key() == c.client.key();
    if (auto asked = c.request.u32Option(Code::LeaseTime))
        leaseTime = std::clamp<quint32>(*asked, 60, c.scope->leaseTime);
    else if (bound && current->end > c.now)
        leaseTime = quint32(current->end - c.now);

    if (!bound) { // a bound client keeps its binding; others get an offer held for them
        Lease offer;
        offer.address = chosen->address;
        offer.hardwareAddress = c.client.hardwareAddress;
        offer.clientId = c.client.clientId;
        offer.hostname = hostNameOf(c.request).value_or(sameClient ? current->hostname : QString());
        offer.scope = c.scope->name;
        offer.state = LeaseState::Offered;
        offer.start = c.now;
        offer.end = c.now + m_config.server.offerHoldS;
        offer.lastSeen = c.now;
        offer.detail = offeredDetail(chosen->source);
        commitLease(c, offer, offer.detail);
    }
    ReplySpec spec{MessageType::Offer,
                   chosen->address,
                   c.serverId,
                   c.scope,
                   chosen->reservation ? chosen->reservation
                                       : m_alloc.reservationFor(*c.scope, c.client),
                   leaseTime,
                   {},
                   false};
    c.decision.reply = ReplyBuilder::build(c.request, c.info, spec);
    c.decision.outcome = Decision::Outcome::Replied;
    c.decision.scope = c.scope->name;
    c.decision.delayMs = int(c.scope->offerDelayMs);
    c.decision.reason =
        QStringLiteral("offered %1 (%2)")
            .arg(addressText(chosen->address), allocationSourceName(chosen->source));
    if (const auto &p = c.decision.probe) {
        c.decision.outcome = Decision::Outcome::Probing;
        c.decision.reason = QStringLiteral("probing %1 (%2, %3 × %4 ms) before offering it (%5)")
                                .arg(addressText(chosen->address), probeMethodName(p->method))
                                .arg(p->attempts)
                                .arg(p->timeoutMs)
                                .arg(allocationSourceName(chosen->source));
    }
    return std::move(c.decision);
}

Decision Server::request(Context &c)
{
    const auto serverId = c.request.addressOption(Code::ServerIdentifier);
    const auto requested = c.request.addressOption(Code::RequestedAddress);
    // RFC 2131 §4.3.2, Table 4: the client's state follows from 54, 50 and ciaddr. A
    // renewing client that also names us in 54 is treated as RENEWING, as ISC and Kea do.
    if (serverId && !requested && !c.request.ciaddr.isZero() && isOurAddress(*serverId, c.info))
        return renewing(c);
    if (serverId)
        return selecting(c, *serverId);
    if (requested && c.request.ciaddr.isZero())
        return initReboot(c, *requested);
    if (!requested && !c.request.ciaddr.isZero())
        return renewing(c);
    return ignore(c,
                  QStringLiteral("a REQUEST with both a requested address and ciaddr fits no "
                                 "client state of RFC 2131 Table 4"));
}

Decision Server::selecting(Context &c, Ipv4Address serverId)
{
    QString why;
    c.scope = scopeFor(c.request, c.info, &c.serverId, &why);
    if (!isOurAddress(serverId, c.info)) {
        // the client took another server's offer; ours is free again.
        if (c.scope)
            if (const Lease *l = m_alloc.leaseOf(c.scope->name, c.client);
                l && l->state == LeaseState::Offered) {
                Lease released = *l;
                released.state = LeaseState::Released;
                released.end = c.now;
                released.lastSeen = c.now;
                released.detail = QStringLiteral("chose server %1").arg(addressText(serverId));
                commitLease(c, released, released.detail);
            }
        c.decision.outcome = Decision::Outcome::Silent;
        c.decision.reason = QStringLiteral("client chose server %1").arg(addressText(serverId));
        return std::move(c.decision);
    }
    if (!c.scope)
        return ignore(c, why);
    if (!macAllowed(*c.scope, c.client.hardwareAddress))
        return ignore(c, macDenied(*c.scope, c.client));
    const auto requested = c.request.addressOption(Code::RequestedAddress);
    if (!requested)
        return nak(c,
                   QStringLiteral(
                       "a REQUEST for this server must name the requested address (option 50)"));
    if (!m_alloc.mayHave(*c.scope, c.client, *requested, c.now, &why))
        return nak(c, why);
    return bind(c, *requested, QStringLiteral("acknowledged"));
}

Decision Server::initReboot(Context &c, Ipv4Address requested)
{
    QString why;
    c.scope = scopeFor(c.request, c.info, &c.serverId, &why);
    if (!c.scope)
        return ignore(c, why);
    if (!c.scope->containsAddress(requested)) // wrong network
        return nak(c,
                   QStringLiteral("%1 is not on this network (%2)")
                       .arg(addressText(requested), c.scope->name));
    const Lease *l = m_alloc.leaseOf(c.scope->name, c.client);
    const Reservation *reserved = m_alloc.reservationFor(*c.scope, c.client);
    const auto state = l ? AllocationEngine::effectiveState(*l, c.now) : std::nullopt;
    const bool current = state == LeaseState::Bound || state == LeaseState::Offered;
    // A quarantine that names this machine (it was seen using the address) is no record of a
    // lease: RFC 2131 §4.3.2 silence still applies to it.
    const bool quarantine = state == LeaseState::Conflict || state == LeaseState::Declined;
    const bool knownAddress =
        (l && l->address == requested && !quarantine) || (reserved && reserved->ip == requested);
    if (current && !knownAddress)
        return nak(c,
                   QStringLiteral("this client's address is %1, not %2")
                       .arg(addressText(l->address), addressText(requested)));
    if (!current && !knownAddress && !reserved) {
        // no record, or only an old one that is not known to be accurate: stay
        // silent for peaceful coexistence with other servers, unless authoritative.
        if (m_config.server.authoritative)
            return nak(
                c,
                QStringLiteral("no current record of this client and the server is authoritative"));
        return ignore(
            c,
            QStringLiteral("INIT-REBOOT for %1 from a client with no current record here; "
                           "staying silent (RFC 2131 §4.3.2)")
                .arg(addressText(requested)));
    }
    if (!m_alloc.mayHave(*c.scope, c.client, requested, c.now, &why))
        return nak(c, why);
    return bind(c, requested, QStringLiteral("confirmed after reboot"));
}

Decision Server::renewing(Context &c)
{
    const Ipv4Address address = c.request.ciaddr;
    // Unicast to us means RENEWING, broadcast means REBINDING (RFC 2131 §4.3.2).
    // A relay forwards the client's broadcast to us by unicast: relayed means REBINDING too.
    const bool rebinding =
        c.info.destination == Ipv4Address(0xffffffffu) || !c.request.giaddr.isZero();
    QString why;
    c.scope = c.request.giaddr.isZero() ? scopeContaining(address)
                                        : scopeFor(c.request, c.info, &c.serverId, &why);
    if (c.scope && c.request.giaddr.isZero())
        c.serverId = serverIdentifierIn(*c.scope, c.info);
    const Lease *l = c.scope ? m_alloc.lease(address) : nullptr;
    // The machine's own conflict record is no lease of this server (see initReboot).
    if (l && l->state == LeaseState::Conflict && l->hardwareAddress == c.client.hardwareAddress)
        l = nullptr;
    const bool known = l && ClientIdentity::ofLease(*l).key() == c.client.key();
    if (!c.scope || !known) {
        // Only a client that talks to us directly, or an authoritative server, gets a NAK
        // for an address we do not hold for it.
        if (c.scope && (!rebinding || m_config.server.authoritative || l))
            return nak(c,
                       l ? QStringLiteral("%1 belongs to another client").arg(addressText(address))
                         : QStringLiteral("no lease for %1 here").arg(addressText(address)));
        return ignore(c,
                      QStringLiteral("%1 of %2 is not a lease of this server")
                          .arg(rebinding ? QStringLiteral("REBINDING") : QStringLiteral("RENEWING"),
                               addressText(address)));
    }
    if (!m_alloc.mayHave(*c.scope, c.client, address, c.now, &why))
        return nak(c, why);
    return bind(c, address, rebinding ? QStringLiteral("rebound") : QStringLiteral("renewed"));
}

Decision Server::bind(Context &c, Ipv4Address address, const QString &how)
{
    // A client that moves to another address in the scope gives its old one back.
    if (const Lease *old = m_alloc.leaseOf(c.scope->name, c.client); old && old->address != address
        && (old->state == LeaseState::Bound || old->state == LeaseState::Offered)) {
        Lease released = *old;
        released.state = LeaseState::Released;
        released.end = c.now;
        released.detail = QStringLiteral("moved to %1").arg(addressText(address));
        commitLease(c, released, released.detail);
    }
    quint32 leaseTime = c.scope->leaseTime;
    if (auto asked = c.request.u32Option(Code::LeaseTime))
        leaseTime = std::clamp<quint32>(*asked, 60, c.scope->leaseTime);
    const Lease *previous = m_alloc.lease(address);
    Lease lease;
    lease.address = address;
    lease.hardwareAddress = c.client.hardwareAddress;
    lease.clientId = c.client.clientId;
    const bool sameClient = previous && ClientIdentity::ofLease(*previous).key() == c.client.key();
    lease.hostname = hostNameOf(c.request).value_or(sameClient ? previous->hostname : QString());
    lease.scope = c.scope->name;
    lease.state = LeaseState::Bound;
    lease.start = c.now;
    lease.end = c.now + leaseTime;
    lease.lastSeen = c.now;
    lease.detail = how;
    commitLease(c, lease, how);

    ReplySpec spec{MessageType::Ack,
                   address,
                   c.serverId,
                   c.scope,
                   m_alloc.reservationFor(*c.scope, c.client),
                   leaseTime,
                   {},
                   !c.request.ciaddr.isZero()};
    c.decision.reply = ReplyBuilder::build(c.request, c.info, spec);
    c.decision.outcome = Decision::Outcome::Replied;
    c.decision.scope = c.scope->name;
    c.decision.reason =
        QStringLiteral("%1 %2 for %3 s").arg(how, addressText(address)).arg(leaseTime);
    return std::move(c.decision);
}

Decision Server::nak(Context &c, const QString &why)
{
    if (c.serverId.isZero() && !c.info.interfaceAddresses.isEmpty())
        c.serverId = c.info.interfaceAddresses.front().address;
    ReplySpec spec{MessageType::Nak, {}, c.serverId, c.scope, nullptr, std::nullopt, why, false};
    c.decision.reply = ReplyBuilder::build(c.request, c.info, spec);
    c.decision.outcome = Decision::Outcome::Replied;
    if (c.scope)
        c.decision.scope = c.scope->name;
    c.decision.reason = QStringLiteral("NAK: ") + why;
    return std::move(c.decision);
}

Decision Server::decline(Context &c)
{
    const auto address = c.request.addressOption(Code::RequestedAddress);
    const auto serverId = c.request.addressOption(Code::ServerIdentifier);
    if (!address)
        return ignore(c, QStringLiteral("a DECLINE without the declined address (option 50)"));
    if (serverId && !isOurAddress(*serverId, c.info))
        return ignore(c, QStringLiteral("a DECLINE for server %1").arg(addressText(*serverId)));
    const Lease *l = m_alloc.lease(*address);
    // only the client holding the address may decline it.
    if (!l || ClientIdentity::ofLease(*l).key() != c.client.key())
        return ignore(c,
                      QStringLiteral("DECLINE of %1 from a client that does not hold it")
                          .arg(addressText(*address)));
    c.scope = scopeContaining(*address);
    Lease declined = *l;
    declined.state = LeaseState::Declined;
    declined.end = c.now + m_config.server.declineQuarantineS;
    declined.lastSeen = c.now;
    declined.detail = QStringLiteral("declined by %1: the address is in use on the network")
                          .arg(c.client.describe());
    if (const proto::DhcpOption *msg = c.request.findOption(Code::Message))
        declined.detail +=
            QStringLiteral(" (\"%1\")")
                .arg(QString::fromUtf8(reinterpret_cast<const char *>(msg->data.data()),
                                       qsizetype(msg->data.size())));
    commitLease(c, declined, declined.detail);
    c.decision.events.append(
        conflictEvent(declined, c.info.interfaceName,
                      QStringLiteral("is in use by an unknown machine (declined by %1)")
                          .arg(formatMac(c.client.hardwareAddress))));
    c.decision.outcome = Decision::Outcome::Silent;
    c.decision.scope = declined.scope;
    c.decision.reason = QStringLiteral("%1 quarantined for %2 s: %3")
                            .arg(addressText(*address))
                            .arg(m_config.server.declineQuarantineS)
                            .arg(declined.detail);
    return std::move(c.decision);
}

Decision Server::release(Context &c)
{
    const Ipv4Address address = c.request.ciaddr;
    const Lease *l = m_alloc.lease(address);
    if (!l || ClientIdentity::ofLease(*l).key() != c.client.key()
        || (l->state != LeaseState::Bound && l->state != LeaseState::Offered))
        return ignore(c,
                      QStringLiteral("RELEASE of %1 from a client that does not hold it")
                          .arg(addressText(address)));
    // the address is free, and the binding is remembered so the client gets it back.
    Lease released = *l;
    released.state = LeaseState::Released;
    released.end = c.now;
    released.lastSeen = c.now;
    released.detail = QStringLiteral("released by the client");
    commitLease(c, released, released.detail);
    c.decision.outcome = Decision::Outcome::Silent;
    c.decision.scope = released.scope;
    c.decision.reason = QStringLiteral("released %1").arg(addressText(address));
    return std::move(c.decision);
}

Decision Server::inform(Context &c)
{
    // configuration only, no lease, no lease check; the scope follows ciaddr.
    if (c.request.ciaddr.isZero())
        return ignore(c, QStringLiteral("an INFORM without ciaddr"));
    c.scope = scopeContaining(c.request.ciaddr);
    if (!c.scope)
        return ignore(
            c, QStringLiteral("no scope for INFORM from %1").arg(addressText(c.request.ciaddr)));
    if (c.info.interfaceAddresses.isEmpty())
        return ignore(c,
                      QStringLiteral("interface %1 has no IPv4 address to answer from")
                          .arg(c.info.interfaceName));
    c.serverId = serverIdentifierIn(*c.scope, c.info);
    ReplySpec spec{
        MessageType::Ack, {}, c.serverId, c.scope, m_alloc.reservationFor(*c.scope, c.client),
        std::nullopt,     {}, true};
    Reply reply = ReplyBuilder::build(c.request, c.info, spec);
    // straight to ciaddr, relayed or not (RFC 2131 §4.3.5).
    reply.destination.kind = Destination::Kind::Unicast;
    reply.destination.address = c.request.ciaddr;
    reply.destination.port = 68;
    c.decision.reply = std::move(reply);
    c.decision.outcome = Decision::Outcome::Replied;
    c.decision.scope = c.scope->name;
    c.decision.reason = QStringLiteral("configuration for %1").arg(addressText(c.request.ciaddr));
    return std::move(c.decision);
}

LeaseBatch Server::releaseLease(Ipv4Address address, QString *why)
{
    LeaseBatch batch;
    const qint64 now = m_clock.nowS();
    const Lease *l = m_alloc.lease(address);
    const auto state = l ? AllocationEngine::effectiveState(*l, now) : std::nullopt;
    if (state != LeaseState::Bound && state != LeaseState::Offered) {
        if (why)
            *why = QStringLiteral("%1 is neither offered nor bound").arg(addressText(address));
        return batch;
    }
    // X-03 as for the client's own RELEASE (RFC 2131 §4.3.4); lastSeen stays, since the
    // client said nothing. A held OFFER whose probe still runs is then stale and not sent.
    Lease released = *l;
    released.state = LeaseState::Released;
    released.end = now;
    released.detail = QStringLiteral("released by the administrator");
    batch.history.append(m_alloc.record(released, released.detail, now));
    batch.upserts.append(std::move(released));
    return batch;
}

LeaseBatch Server::deleteLease(Ipv4Address address, QString *why)
{
    LeaseBatch batch;
    if (auto h = m_alloc.forget(address, QStringLiteral("deleted by the administrator"),
                                m_clock.nowS())) {
        batch.removals.append(address);
        batch.history.append(*h);
    } else if (why) {
        *why = QStringLiteral("%1 has no lease").arg(addressText(address));
    }
    return batch;
}

LeaseBatch Server::sweep()
{
    AllocationEngine::Expiry e = m_alloc.expire(m_clock.nowS());
    LeaseBatch batch;
    batch.upserts = std::move(e.changed);
    batch.removals = std::move(e.removed);
    batch.history = std::move(e.history);
    return batch;
}

} // namespace leasedesk
