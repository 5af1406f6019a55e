#include "core/leasetable.h"

#include <algorithm>

namespace leasedesk {

namespace {
// A /12: 4 MiB of cells. A larger subnet is not a lab's, and its leases go to the hash.
constexpr quint64 MaxWindow = quint64(1) << 20;
} // namespace

void LeaseTable::setWindows(std::vector<std::pair<quint32, quint32>> windows)
{
    std::sort(windows.begin(), windows.end());
    m_windows.clear();
    for (const auto &[first, last] : windows) {
        if (last < first || quint64(last) - first + 1 > MaxWindow)
            continue;
        if (!m_windows.empty()) {
            const Window &prev = m_windows.back();
            if (first < prev.first + prev.cells.size())
                continue; // overlaps the one before (scopes are validated apart; be safe)
        }
        m_windows.push_back({first, std::vector<qint32>(quint64(last) - first + 1, -1)});
    }
    m_outside.clear();
    for (std::size_t i = 0; i < m_leases.size(); ++i)
        if (m_used[i])
            setSlot(m_leases[i].address.toUint32(), qint32(i));
}

const qint32 *LeaseTable::cellOf(quint32 address) const
{
    auto it = std::upper_bound(m_windows.begin(), m_windows.end(), address,
                               [](quint32 a, const Window &w) { return a < w.first; });
    if (it == m_windows.begin())
        return nullptr;
    const Window &w = *std::prev(it);
    const quint64 offset = address - w.first;
    return offset < w.cells.size() ? &w.cells[offset] : nullptr;
}

qint32 LeaseTable::slotOf(quint32 address) const
{
    if (const qint32 *cell = cellOf(address))
        return *cell;
    return m_outside.value(address, -1);
}

void LeaseTable::setSlot(quint32 address, qint32 slot)
{
    // The one writer of the cells; cellOf is const so that lookups share it.
    if (auto *cell = const_cast<qint32 *>(cellOf(address)))
        *cell = slot;
    else if (slot >= 0)
        m_outside.insert(address, slot);
    else
        m_outside.remove(address);
}

const Lease *LeaseTable::find(quint32 address) const
{
    const qint32 slot = slotOf(address);
    return slot < 0 ? nullptr : &m_leases[std::size_t(slot)];
}

Lease *LeaseTable::find(quint32 address)
{
    const qint32 slot = slotOf(address);
    return slot < 0 ? nullptr : &m_leases[std::size_t(slot)];
}

Lease &LeaseTable::insert(const Lease &lease)
{
    const quint32 address = lease.address.toUint32();
    if (Lease *existing = find(address)) {
        *existing = lease;
        return *existing;
    }
    qint32 slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_leases[std::size_t(slot)] = lease;
        m_used[std::size_t(slot)] = 1;
    } else {
        slot = qint32(m_leases.size());
        m_leases.push_back(lease);
        m_used.push_back(1);
    }
    setSlot(address, slot);
    return m_leases[std::size_t(slot)];
}

void LeaseTable::erase(quint32 address)
{
    const qint32 slot = slotOf(address);
    if (slot < 0)
        return;
    setSlot(address, -1);
    m_leases[std::size_t(slot)] = Lease{}; // frees its strings now
    m_used[std::size_t(slot)] = 0;
    m_freeSlots.push_back(slot);
}

QList<Lease> LeaseTable::values() const
{
    QList<Lease> out;
    out.reserve(size());
    forEach([&](const Lease &l) { out.append(l); });
    return out;
}

} // namespace leasedesk
