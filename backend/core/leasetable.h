#pragma once

#include "core/lease.h"

#include <QHash>
#include <QList>

#include <vector>

namespace leasedesk {

// Every lease the allocation engine knows, by address. The leases sit in one array; the
// addresses of the served subnets find their lease through a flat slot per address (one
// 4-byte read), the rare others through a hash. A hash of 65,000 leases held each lease in
// its bucket, and every lookup of a /16 missed the cache two or three times; the flat cells of
// a /16 take 256 KiB and mostly stay in it (issue 9: a /16 allocates as fast as a /24).
//
// Pointers and references to leases are valid until the next insert or erase.
class LeaseTable
{
public:
    // The address windows [first, last] that get flat cells; overlapping or very large
    // windows are left to the hash. Leases are kept and re-indexed.
    void setWindows(std::vector<std::pair<quint32, quint32>> windows);

    const Lease *find(quint32 address) const;
    Lease *find(quint32 address);
    bool contains(quint32 address) const { return slotOf(address) >= 0; }
    // Stores the lease, replacing the one at its address if any, and returns the stored copy.
    Lease &insert(const Lease &lease);
    void erase(quint32 address);
    qsizetype size() const { return qsizetype(m_leases.size() - m_freeSlots.size()); }

    template<typename F> void forEach(F &&f) const
    {
        for (std::size_t i = 0; i < m_leases.size(); ++i)
            if (m_used[i])
                f(m_leases[i]);
    }
    QList<Lease> values() const;

private:
    struct Window
    {
        quint32 first = 0;
        std::vector<qint32> cells; // index into m_leases, or -1
    };
    qint32 slotOf(quint32 address) const;
    // The flat cell of an address, nullptr when it lies outside every window.
    const qint32 *cellOf(quint32 address) const;
    void setSlot(quint32 address, qint32 slot);

    std::vector<Lease> m_leases;
    std::vector<char> m_used; // per entry of m_leases: holds a lease
    std::vector<qint32> m_freeSlots;
    std::vector<Window> m_windows; // sorted by first, disjoint
    QHash<quint32, qint32> m_outside; // addresses outside every window
};

} // namespace leasedesk
