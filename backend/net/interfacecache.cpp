#include "net/interfacecache.h"

#include <QNetworkInterface>

namespace leasedesk {

namespace {

QList<InterfaceAddress> ipv4Addresses(const QNetworkInterface &interface)
{
    QList<InterfaceAddress> addresses;
    for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
        if (entry.ip().protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        addresses.append({Ipv4Address(entry.ip().toIPv4Address()), entry.prefixLength()});
    }
    return addresses;
}

} // namespace

void InterfaceCache::refresh()
{
    m_entries.clear();
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces())
        m_entries.insert(interface.index(), {interface.name(), ipv4Addresses(interface)});
    m_age.start();
}

std::optional<InterfaceCache::Entry> InterfaceCache::lookup(int interfaceIndex)
{
    if (interfaceIndex <= 0)
        return std::nullopt;
    if (!m_age.isValid() || m_age.hasExpired(m_maxAgeMs))
        refresh();
    auto found = m_entries.constFind(interfaceIndex);
    if (found == m_entries.cend()
        && (!m_sinceMissRefresh.isValid() || m_sinceMissRefresh.hasExpired(MissIntervalMs))) {
        m_sinceMissRefresh.start();
        refresh();
        found = m_entries.constFind(interfaceIndex);
    }
    if (found == m_entries.cend())
        return std::nullopt;
    return *found;
}

} // namespace leasedesk
