#pragma once

#include "core/packetio.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace leasedesk {

// Names and IPv4 addresses of the machine's interfaces by index, for ReceiveInfo: IP_PKTINFO
// gives only the index, and the server logic picks the scope from the receiving interface's
// addresses (RFC 2131 §4.3.1). Enumerating interfaces costs a netlink dump, so the answer is
// cached; the cache is refreshed when it is older than the maximum age, and on an unknown
// index (a new interface), at most once per miss interval so that a stream of packets from
// an index that has already gone does not enumerate every time.
class InterfaceCache
{
public:
    struct Entry
    {
        QString name;
        QList<InterfaceAddress> addresses;
    };

    static constexpr qint64 DefaultMaxAgeMs = 10'000;
    static constexpr qint64 MissIntervalMs = 250;

    explicit InterfaceCache(qint64 maxAgeMs = DefaultMaxAgeMs) : m_maxAgeMs(maxAgeMs) { }

    std::optional<Entry> lookup(int interfaceIndex);
    void refresh();

private:
    QHash<int, Entry> m_entries;
    QElapsedTimer m_age;
    QElapsedTimer m_sinceMissRefresh;
    qint64 m_maxAgeMs;
};

} // namespace leasedesk
