#include "core/allocationengine.h"

#include "core/addressbitmap.h"

#include <algorithm>

namespace leasedesk {

QByteArray ClientIdentity::key() const
{
    // The prefix keeps a client-id from ever equalling a MAC of the same bytes.
    return clientId.isEmpty() ? QByteArrayLiteral("h") + hardwareAddress
                              : QByteArrayLiteral("c") + clientId;
}

QString ClientIdentity::describe() const
{
    return clientId.isEmpty()
        ? QString::fromLatin1(hardwareAddress.toHex(':'))
        : QStringLiteral("client-id ") + QString::fromLatin1(clientId.toHex(':'));
}

QString allocationSourceName(AllocationSource s)
{
    switch (s) {
    case AllocationSource::Reservation: return QStringLiteral("reservation");
    case AllocationSource::Current: return QStringLiteral("its current lease");
    case AllocationSource::Previous: return QStringLiteral("its previous address");
    case AllocationSource::Requested: return QStringLiteral("the address it asked for");
    case AllocationSource::Free: return QStringLiteral("a free address");
    }
    return {};
}

// Literals, not QString::arg: one of these is written with every offer.
QString offeredDetail(AllocationSource s)
{
    switch (s) {
    case AllocationSource::Reservation: return QStringLiteral("offered (reservation)");
    case AllocationSource::Current: return QStringLiteral("offered (its current lease)");
    case AllocationSource::Previous: return QStringLiteral("offered (its previous address)");
    case AllocationSource::Requested: return QStringLiteral("offered (the address it asked for)");
    case AllocationSource::Free: return QStringLiteral("offered (a free address)");
    }
    return QStringLiteral("offered");
}

struct AllocationEngine::Pool
{
    Scope scope; // a copy, so reservation pointers stay valid while the pool lives
    std::vector<AddressRange> dynamic; // ranges minus exclusions, sorted, disjoint
    AddressBitmap fresh; // dynamic addresses no lease has ever named
    std::deque<quint32> recycled; // addresses that became free again, oldest first
    QHash<quint32, const Reservation *> reservedAt;
    QHash<QByteArray, const Reservation *> byMac;
    QHash<QByteArray, const Reservation *> byClientId;

    bool isDynamic(Ipv4Address a) const
    {
        auto it =
            std::upper_bound(dynamic.begin(), dynamic.end(), a,
                             [](Ipv4Address x, const AddressRange &r) { return x < r.start; });
        return it != dynamic.begin() && std::prev(it)->contains(a);
    }
};

namespace {

std::vector<AddressRange> rangesMinusExclusions(const Scope &s)
{
    std::vector<AddressRange> out(s.ranges.begin(), s.ranges.end());
    for (const AddressRange &x : s.exclusions) {
        std::vector<AddressRange> next;
        for (const AddressRange &r : out) {
            if (!r.overlaps(x)) {
                next.push_back(r);
                continue;
            }
            if (r.start < x.start)
                next.push_back({r.start, Ipv4Address(x.start.toUint32() - 1)});
            if (x.end < r.end)
                next.push_back({Ipv4Address(x.end.toUint32() + 1), r.end});
        }
        out = std::move(next);
    }
    std::sort(out.begin(), out.end(),
              [](const AddressRange &a, const AddressRange &b) { return a.start < b.start; });
    return out;
}

QByteArray clientIndexKey(const QString &scope, const ClientIdentity &client)
{
    return scope.toUtf8() + '\0' + client.key();
}

// ClientIdentity::key() equality, without building the keys (this runs for every packet).
bool sameClient(const Lease &lease, const ClientIdentity &client)
{
    return client.clientId.isEmpty()
        ? lease.clientId.isEmpty() && lease.hardwareAddress == client.hardwareAddress
        : lease.clientId == client.clientId;
}

bool hasDeadline(LeaseState s)
{
    return s == LeaseState::Offered || s == LeaseState::Bound || s == LeaseState::Declined
        || s == LeaseState::Conflict;
}

} // namespace

AllocationEngine::AllocationEngine(int clientHashBits)
    : m_clientHashMask(clientHashBits >= 64 ? ~size_t(0) : (size_t(1) << clientHashBits) - 1)
{
}

AllocationEngine::~AllocationEngine() = default;

void AllocationEngine::setConfiguration(const Configuration &config)
{
    m_pools.clear();
    m_poolByScope.clear();
    for (const Scope &s : config.scopes) {
        if (!s.enabled)
            continue;
        auto pool = std::make_unique<Pool>();
        pool->scope = s;
        pool->dynamic = rangesMinusExclusions(s);
        for (const Reservation &r : pool->scope.reservations) {
            if (!r.enabled)
                continue;
            pool->reservedAt.insert(r.ip.toUint32(), &r);
            for (const QByteArray &mac : r.macs)
                pool->byMac.insert(mac, &r);
            if (!r.clientId.isEmpty())
                pool->byClientId.insert(r.clientId, &r);
        }
        if (!pool->dynamic.empty()) {
            pool->fresh.reset(pool->dynamic.front().start.toUint32(),
                              pool->dynamic.back().end.toUint32());
            for (const AddressRange &r : pool->dynamic)
                pool->fresh.insertRange(r.start.toUint32(), r.end.toUint32());
            for (auto it = pool->reservedAt.cbegin(); it != pool->reservedAt.cend(); ++it)
                pool->fresh.remove(it.key());
        }
        m_poolByScope.insert(s.name, pool.get());
        m_pools.push_back(std::move(pool));
    }
    std::vector<std::pair<quint32, quint32>> windows;
    for (const auto &pool : m_pools)
        windows.emplace_back(pool->scope.network.toUint32(), pool->scope.broadcast().toUint32());
    m_leases.setWindows(std::move(windows));
    m_leases.forEach([this](const Lease &l) {
        if (Pool *pool = poolOf(l.scope))
            pool->fresh.remove(l.address.toUint32());
    });
    // Free addresses held by old leases go back to their pools, the longest unused first.
    QList<const Lease *> reusable;
    m_leases.forEach([&reusable](const Lease &l) {
        if (l.state == LeaseState::Released || l.state == LeaseState::Expired)
            reusable.append(&l);
    });
    std::sort(reusable.begin(), reusable.end(),
              [](const Lease *a, const Lease *b) { return a->lastSeen < b->lastSeen; });
    for (const Lease *l : reusable)
        returnToPool(l->address, l->scope);
}

void AllocationEngine::loadLeases(const QList<Lease> &leases)
{
    for (const Lease &l : leases) {
        m_leases.insert(l);
        index(l);
        scheduleDeadline(l);
    }
    QList<Lease> reusable;
    for (const Lease &l : leases)
        if (l.state == LeaseState::Released || l.state == LeaseState::Expired)
            reusable.append(l);
    std::sort(reusable.begin(), reusable.end(),
              [](const Lease &a, const Lease &b) { return a.lastSeen < b.lastSeen; });
    for (const Lease &l : reusable)
        returnToPool(l.address, l.scope);
}

const Lease *AllocationEngine::lease(Ipv4Address address) const
{
    return m_leases.find(address.toUint32());
}

const Lease *AllocationEngine::leaseOf(const QString &scope, const ClientIdentity &client) const
{
    const quint32 *slot = clientSlot(scope, client);
    return slot ? lease(Ipv4Address(*slot)) : nullptr;
}

const Reservation *AllocationEngine::reservationFor(const Scope &scope,
                                                    const ClientIdentity &client) const
{
    const Pool *pool = poolOf(scope.name);
    if (!pool)
        return nullptr;
    // RFC 6842: the client-id wins when it matches; a reservation by MAC still serves a
    // client that sends a client-id nobody reserved.
    if (!client.clientId.isEmpty())
        if (const Reservation *r = pool->byClientId.value(client.clientId))
            return r;
    return pool->byMac.value(client.hardwareAddress);
}

const Reservation *AllocationEngine::reservationAt(const Scope &scope, Ipv4Address address) const
{
    const Pool *pool = poolOf(scope.name);
    return pool ? pool->reservedAt.value(address.toUint32()) : nullptr;
}

std::optional<LeaseState> AllocationEngine::effectiveState(const Lease &lease, qint64 nowS)
{
    if (!hasDeadline(lease.state) || lease.end > nowS)
        return lease.state;
    if (lease.state == LeaseState::Bound)
        return LeaseState::Expired;
    return std::nullopt; // an offer not taken up, or a quarantine that is over
}

bool AllocationEngine::isFreeFor(const Pool &pool, Ipv4Address a, const ClientIdentity &client,
                                 qint64 nowS) const
{
    if (const Reservation *r = pool.reservedAt.value(a.toUint32());
        r && r != reservationFor(pool.scope, client))
        return false;
    const Lease *l = lease(a);
    if (!l)
        return true;
    const auto state = effectiveState(*l, nowS);
    if (!state || *state == LeaseState::Released || *state == LeaseState::Expired)
        return true;
    // A conflict found by a probe or by ARP names the machine using the address: when that
    // machine asks for it by DHCP, it is the user we were protecting the address from
    // nobody but itself.
    if (*state == LeaseState::Conflict)
        return !l->hardwareAddress.isEmpty() && l->hardwareAddress == client.hardwareAddress;
    if (*state == LeaseState::Declined)
        return false;
    if (sameClient(*l, client))
        return true;
    // A reserved address leased to another identity of the same reserved machine (PXE
    // firmware without option 61, then the operating system with one) is still its own.
    const Reservation *r = pool.reservedAt.value(a.toUint32());
    return r && r == reservationFor(pool.scope, ClientIdentity::ofLease(*l));
}

std::optional<Ipv4Address> AllocationEngine::takeFree(Pool &pool, const ClientIdentity &client,
                                                      qint64 nowS)
{
    // Never-used addresses first: an address a client released stays with it as long as
    // possible (RFC 2131 §4.3.1, automatic allocation).
    while (const auto a = pool.fresh.lowest()) {
        pool.fresh.remove(*a);
        if (!m_leases.contains(*a))
            return Ipv4Address(*a);
    }
    while (!pool.recycled.empty()) {
        const Ipv4Address a(pool.recycled.front());
        pool.recycled.pop_front();
        if (pool.isDynamic(a) && !pool.reservedAt.contains(a.toUint32())
            && isFreeFor(pool, a, client, nowS))
            return a;
    }
    return std::nullopt;
}

std::optional<Allocation> AllocationEngine::choose(const Scope &scope, const ClientIdentity &client,
                                                   std::optional<Ipv4Address> requested,
                                                   qint64 nowS, QString *whyNot)
{
    Pool *pool = poolOf(scope.name);
    if (!pool) {
        if (whyNot)
            *whyNot = QStringLiteral("scope %1 is not served").arg(scope.name);
        return std::nullopt;
    }
    if (const Reservation *r = reservationFor(scope, client);
        r && isFreeFor(*pool, r->ip, client, nowS))
        return Allocation{r->ip, AllocationSource::Reservation, r};

    // A dynamic address is the client's only while it is still in the pool and not reserved.
    const auto usable = [&](Ipv4Address a) {
        return pool->isDynamic(a) && !pool->reservedAt.contains(a.toUint32())
            && isFreeFor(*pool, a, client, nowS);
    };
    if (const Lease *l = leaseOf(scope.name, client)) {
        const auto state = effectiveState(*l, nowS);
        const bool current = state == LeaseState::Offered || state == LeaseState::Bound;
        if ((current || state == LeaseState::Released || state == LeaseState::Expired)
            && usable(l->address))
            return Allocation{l->address,
                              current ? AllocationSource::Current : AllocationSource::Previous,
                              nullptr};
    }
    if (requested && scope.containsAddress(*requested) && usable(*requested))
        return Allocation{*requested, AllocationSource::Requested, nullptr};
    if (auto a = takeFree(*pool, client, nowS))
        return Allocation{*a, AllocationSource::Free, nullptr};
    // Addresses may have come free since the last sweep; the caller commits the changes.
    Expiry e = expire(nowS);
    m_unsaved.changed += e.changed;
    m_unsaved.removed += e.removed;
    m_unsaved.history += e.history;
    if (auto a = takeFree(*pool, client, nowS))
        return Allocation{*a, AllocationSource::Free, nullptr};
    if (whyNot)
        *whyNot = QStringLiteral("pool exhausted in scope %1: every address is leased, offered, "
                                 "reserved or quarantined")
                      .arg(scope.name);
    return std::nullopt;
}

bool AllocationEngine::mayHave(const Scope &scope, const ClientIdentity &client, Ipv4Address a,
                               qint64 nowS, QString *whyNot) const
{
    const Pool *pool = poolOf(scope.name);
    const auto refuse = [&](const QString &why) {
        if (whyNot)
            *whyNot = why;
        return false;
    };
    const QString ip = QString::fromStdString(a.toString());
    if (!pool)
        return refuse(QStringLiteral("scope %1 is not served").arg(scope.name));
    if (!scope.containsAddress(a))
        return refuse(QStringLiteral("%1 is not in scope %2").arg(ip, scope.name));
    if (const Reservation *r = pool->reservedAt.value(a.toUint32())) {
        if (r != reservationFor(scope, client))
            return refuse(QStringLiteral("%1 is reserved for another client").arg(ip));
    } else if (!pool->isDynamic(a)) {
        return refuse(QStringLiteral("%1 is outside the ranges of scope %2").arg(ip, scope.name));
    } else if (const Reservation *own = reservationFor(scope, client);
               own && own->ip != a && isFreeFor(*pool, own->ip, client, nowS)) {
        // Only while its reserved address is free for it: otherwise (still leased to another
        // machine, or quarantined) choose() offers a pool address, and that one is allowed.
        return refuse(QStringLiteral("this client has a reservation for %1")
                          .arg(QString::fromStdString(own->ip.toString())));
    }
    if (!isFreeFor(*pool, a, client, nowS)) {
        const Lease *l = lease(a);
        const auto state = l ? effectiveState(*l, nowS) : std::nullopt;
        if (state == LeaseState::Declined || state == LeaseState::Conflict)
            return refuse(QStringLiteral("%1 is quarantined (%2)").arg(ip, leaseStateName(*state)));
        return refuse(QStringLiteral("%1 belongs to another client").arg(ip));
    }
    return true;
}

LeaseHistoryEntry AllocationEngine::record(const Lease &lease, const QString &reason, qint64 nowS)
{
    LeaseHistoryEntry entry;
    entry.when = nowS;
    entry.address = lease.address;
    entry.hardwareAddress = lease.hardwareAddress;
    entry.clientId = lease.clientId;
    entry.to = lease.state;
    entry.reason = reason;
    if (Lease *existing = m_leases.find(lease.address.toUint32())) {
        if (sameClient(*existing, ClientIdentity::ofLease(lease)))
            entry.from = existing->state;
        unindex(*existing); // while the old lease still names its client
        *existing = lease;
    } else {
        m_leases.insert(lease);
    }
    index(lease);
    scheduleDeadline(lease);
    if (lease.state == LeaseState::Released)
        returnToPool(lease.address, lease.scope);
    return entry;
}

AllocationEngine::Expiry AllocationEngine::expire(qint64 nowS)
{
    Expiry out;
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= nowS) {
        auto node = m_deadlines.extract(m_deadlines.begin());
        for (const quint32 addr : node.mapped())
            expireOne(node.key(), addr, nowS, out);
    }
    return out;
}

void AllocationEngine::expireOne(qint64 end, quint32 addr, qint64 nowS, Expiry &out)
{
    Lease *it = m_leases.find(addr);
    if (!it || it->end != end || !hasDeadline(it->state))
        return; // the lease changed since this deadline was set
    LeaseHistoryEntry h{
        nowS, it->address, it->hardwareAddress, it->clientId, it->state, LeaseState::Expired, {}};
    if (it->state == LeaseState::Bound) {
        it->state = LeaseState::Expired;
        h.reason = QStringLiteral("lease ended without renewal");
        out.changed.append(*it);
        returnToPool(Ipv4Address(addr), it->scope);
    } else {
        // An offer nobody took up, or a quarantine that is over: the address is simply free.
        h.reason = it->state == LeaseState::Offered ? QStringLiteral("offer not taken up")
                                                    : QStringLiteral("quarantine over");
        out.removed.append(it->address);
        unindex(*it);
        const QString scope = it->scope;
        m_leases.erase(addr);
        returnToPool(Ipv4Address(addr), scope);
    }
    out.history.append(h);
}

std::optional<LeaseHistoryEntry> AllocationEngine::forget(Ipv4Address address,
                                                          const QString &reason, qint64 nowS)
{
    const Lease *it = m_leases.find(address.toUint32());
    if (!it)
        return std::nullopt;
    LeaseHistoryEntry h{nowS,         it->address, it->hardwareAddress,
                        it->clientId, it->state,   LeaseState::Expired,
                        reason};
    unindex(*it);
    const QString scope = it->scope;
    m_leases.erase(address.toUint32());
    giveBack(address, scope);
    return h;
}

void AllocationEngine::giveBack(Ipv4Address address, const QString &scope)
{
    Pool *pool = poolOf(scope);
    // A reserved address is its owner's whatever happens: never back in the free pool.
    if (!pool || !pool->isDynamic(address) || pool->reservedAt.contains(address.toUint32()))
        return;
    // No client is waiting to get it back (RFC 2131 §4.3.1), so it takes its place in the
    // address order again instead of queueing behind every released one.
    if (!m_leases.contains(address.toUint32()))
        pool->fresh.insert(address.toUint32());
    else
        pool->recycled.push_front(address.toUint32());
}

std::vector<AddressRange> AllocationEngine::dynamicRanges(const QString &scope) const
{
    const Pool *pool = poolOf(scope);
    return pool ? pool->dynamic : std::vector<AddressRange>{};
}

bool AllocationEngine::isDynamic(const QString &scope, Ipv4Address address) const
{
    const Pool *pool = poolOf(scope);
    return pool && pool->isDynamic(address);
}

AllocationEngine::Expiry AllocationEngine::takeUnsavedExpiry()
{
    return std::exchange(m_unsaved, Expiry{});
}

AllocationEngine::Pool *AllocationEngine::poolOf(const QString &scope) const
{
    return m_poolByScope.value(scope);
}

size_t AllocationEngine::clientHash(const QString &scope, const ClientIdentity &client) const
{
    // Seeded per process (QHashSeed), so clients cannot choose identities that collide.
    const bool byId = !client.clientId.isEmpty();
    return qHashMulti(QHashSeed::globalSeed(), scope, byId,
                      byId ? client.clientId : client.hardwareAddress)
        & m_clientHashMask;
}

const quint32 *AllocationEngine::clientSlot(const QString &scope,
                                            const ClientIdentity &client) const
{
    if (auto it = m_byClient.constFind(clientHash(scope, client)); it != m_byClient.cend())
        if (const Lease *l = lease(Ipv4Address(*it));
            l && l->scope == scope && sameClient(*l, client))
            return &*it;
    if (m_clientOverflow.isEmpty())
        return nullptr;
    auto it = m_clientOverflow.constFind(clientIndexKey(scope, client));
    return it == m_clientOverflow.cend() ? nullptr : &*it;
}

void AllocationEngine::index(const Lease &lease)
{
    if (Pool *pool = poolOf(lease.scope))
        pool->fresh.remove(lease.address.toUint32()); // named by a lease: no longer never-used
    const ClientIdentity client = ClientIdentity::ofLease(lease);
    const quint32 address = lease.address.toUint32();
    // The one writer of the index's values; clientSlot is const so that lookups share it.
    auto *slot = const_cast<quint32 *>(clientSlot(lease.scope, client));
    if (!slot) {
        const size_t hash = clientHash(lease.scope, client);
        if (!m_byClient.contains(hash))
            m_byClient.insert(hash, address);
        else // another client holds this hash
            m_clientOverflow.insert(clientIndexKey(lease.scope, client), address);
        return;
    }
    // A client with a bound lease keeps pointing at it while it is offered another address,
    // so that binding the new one releases the old (Server::bind).
    if (*slot != address && lease.state != LeaseState::Bound)
        if (const Lease *current = this->lease(Ipv4Address(*slot));
            current && current->state == LeaseState::Bound)
            return;
    *slot = address;
}

void AllocationEngine::unindex(const Lease &lease)
{
    const ClientIdentity client = ClientIdentity::ofLease(lease);
    const quint32 address = lease.address.toUint32();
    // An entry under the client's hash that names this lease's address is the client's: the
    // lease there is this one.
    if (auto it = m_byClient.find(clientHash(lease.scope, client));
        it != m_byClient.end() && *it == address) {
        m_byClient.erase(it);
        return;
    }
    if (!m_clientOverflow.isEmpty())
        if (auto it = m_clientOverflow.find(clientIndexKey(lease.scope, client));
            it != m_clientOverflow.end() && *it == address)
            m_clientOverflow.erase(it);
}

void AllocationEngine::scheduleDeadline(const Lease &lease)
{
    if (hasDeadline(lease.state))
        m_deadlines[lease.end].push_back(lease.address.toUint32());
}

void AllocationEngine::returnToPool(Ipv4Address a, const QString &scope)
{
    if (Pool *pool = poolOf(scope))
        pool->recycled.push_back(a.toUint32());
}

} // namespace leasedesk
