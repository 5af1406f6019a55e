#include "core/utilization.h"

#include <QHash>

#include <algorithm>

namespace leasedesk {

namespace {

bool inRanges(const std::vector<AddressRange> &ranges, Ipv4Address a)
{
    auto it = std::upper_bound(ranges.begin(), ranges.end(), a,
                               [](Ipv4Address x, const AddressRange &r) { return x < r.start; });
    return it != ranges.begin() && std::prev(it)->contains(a);
}

struct Tally
{
    ScopeUtilization counts;
    std::vector<AddressRange> dynamic;
    QHash<quint32, bool> reservations; // enabled reservation address → a lease holds it
};

Tally startTally(const Scope &scope, const AllocationEngine &allocations)
{
    Tally t;
    t.counts.scope = scope.name;
    t.dynamic = allocations.dynamicRanges(scope.name);
    quint64 total = 0;
    for (const AddressRange &r : t.dynamic)
        total += r.size();
    for (const Reservation &r : scope.reservations) {
        if (!r.enabled || !scope.containsAddress(r.ip) || t.reservations.contains(r.ip.toUint32()))
            continue;
        t.reservations.insert(r.ip.toUint32(), false);
        if (!inRanges(t.dynamic, r.ip))
            ++total; // a reserved address outside the pool still belongs to the scope
    }
    t.counts.total = quint32(std::min<quint64>(total, 0xffffffffu));
    return t;
}

void count(Tally &t, const Lease &lease, qint64 nowS)
{
    auto reserved = t.reservations.find(lease.address.toUint32());
    if (reserved == t.reservations.end() && !inRanges(t.dynamic, lease.address))
        return;
    const std::optional<LeaseState> state = AllocationEngine::effectiveState(lease, nowS);
    if (!state)
        return;
    switch (*state) {
    case LeaseState::Offered: ++t.counts.offered; break;
    case LeaseState::Bound: ++t.counts.bound; break;
    case LeaseState::Declined:
    case LeaseState::Conflict: ++t.counts.quarantined; break;
    case LeaseState::Released:
    case LeaseState::Expired: return; // free for anyone (or its reservation)
    }
    if (reserved != t.reservations.end())
        *reserved = true;
}

} // namespace

QList<ScopeUtilization> computeUtilization(const Configuration &config,
                                           const AllocationEngine &allocations, qint64 nowS)
{
    std::vector<Tally> tallies;
    tallies.reserve(std::size_t(config.scopes.size()));
    QHash<QString, Tally *> byName;
    for (const Scope &scope : config.scopes)
        tallies.push_back(startTally(scope, allocations));
    for (Tally &t : tallies)
        byName.insert(t.counts.scope, &t);

    allocations.forEachLease([&](const Lease &lease) {
        if (Tally *t = byName.value(lease.scope))
            count(*t, lease, nowS);
    });

    QList<ScopeUtilization> out;
    out.reserve(qsizetype(tallies.size()));
    for (Tally &t : tallies) {
        ScopeUtilization &c = t.counts;
        for (bool held : std::as_const(t.reservations))
            if (!held)
                ++c.reserved;
        const quint64 taken = quint64(c.offered) + c.bound + c.quarantined + c.reserved;
        c.free = taken >= c.total ? 0 : quint32(c.total - taken);
        out.append(c);
    }
    return out;
}

} // namespace leasedesk
