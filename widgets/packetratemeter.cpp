#include "widgets/packetratemeter.h"

namespace leasedesk {

void PacketRateMeter::add(qint64 nowMs, int packets)
{
    const qint64 second = nowMs / 1000;
    Bucket &b = m_buckets[std::size_t(second % qint64(m_buckets.size()))];
    if (b.second != second)
        b = {second, 0}; // the slot held a second that has left the window
    b.packets += packets;
}

double PacketRateMeter::perSecond(qint64 nowMs) const
{
    // The current second is still filling; counting it would make the number dip every time
    // a new second starts.
    const qint64 current = nowMs / 1000;
    qint64 total = 0;
    for (const Bucket &b : m_buckets)
        if (b.second < current && b.second >= current - WindowS)
            total += b.packets;
    return double(total) / WindowS;
}

} // namespace leasedesk
