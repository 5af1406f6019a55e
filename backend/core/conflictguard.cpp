#include "core/conflictguard.h"

namespace leasedesk {

ConflictGuard::Check ConflictGuard::check(Ipv4Address address, const QByteArray &clientKey,
                                          qint64 nowMs) const
{
    const quint32 a = address.toUint32();
    if (auto it = m_inFlight.constFind(a); it != m_inFlight.constEnd())
        return it->clientKey == clientKey ? Check::InFlight : Check::Busy;
    if (auto it = m_clearUntil.constFind(a); it != m_clearUntil.constEnd() && *it > nowMs)
        return Check::Offer;
    return m_inFlight.size() >= MaxProbesInFlight ? Check::TooMany : Check::Probe;
}

quint64 ConflictGuard::begin(Ipv4Address address, const QByteArray &clientKey)
{
    const quint64 id = m_nextId++;
    forget(address);
    m_inFlight.insert(address.toUint32(), {id, clientKey});
    m_addressOfProbe.insert(id, address.toUint32());
    return id;
}

std::optional<quint64> ConflictGuard::probeOf(Ipv4Address address) const
{
    if (auto it = m_inFlight.constFind(address.toUint32()); it != m_inFlight.constEnd())
        return it->id;
    return std::nullopt;
}

std::optional<ConflictGuard::Finished> ConflictGuard::finish(const ProbeResult &result,
                                                             qint64 nowMs)
{
    const auto it = m_addressOfProbe.constFind(result.id);
    if (it == m_addressOfProbe.constEnd())
        return std::nullopt;
    const quint32 a = *it;
    m_addressOfProbe.erase(it);
    const QByteArray clientKey = m_inFlight.take(a).clientKey;
    if (!result.inUse && result.error.isEmpty())
        m_clearUntil.insert(a, nowMs + ClearCacheMs);
    else
        m_clearUntil.remove(a);
    // Old entries go when the cache grows, so it stays as small as the recent traffic.
    if (m_clearUntil.size() > 4 * MaxProbesInFlight)
        m_clearUntil.removeIf([nowMs](auto e) { return e.value() <= nowMs; });
    return Finished{Ipv4Address(a), clientKey};
}

void ConflictGuard::forget(Ipv4Address address)
{
    if (auto it = m_inFlight.constFind(address.toUint32()); it != m_inFlight.constEnd()) {
        m_addressOfProbe.remove(it->id);
        m_inFlight.erase(it);
    }
}

bool ConflictGuard::shouldReport(Ipv4Address address, qint64 nowMs)
{
    auto it = m_reported.find(address.toUint32());
    if (it != m_reported.end() && nowMs - *it < ArpReportIntervalMs)
        return false;
    m_reported.insert(address.toUint32(), nowMs);
    if (m_reported.size() > 4096)
        m_reported.removeIf([nowMs](auto e) { return nowMs - e.value() >= ArpReportIntervalMs; });
    return true;
}

} // namespace leasedesk
