#include "engine/packettap.h"

#include <QMutexLocker>

namespace leasedesk {

PacketTap::PacketTap(qsizetype capacity, QObject *parent)
    : QObject(parent), m_capacity(std::max<qsizetype>(capacity, 1))
{
    qRegisterMetaType<leasedesk::PacketEvent>();
}

void PacketTap::append(const QList<PacketEvent> &events)
{
    if (events.isEmpty())
        return;
    bool wake = false;
    {
        QMutexLocker lock(&m_mutex);
        // Of a batch larger than the cap only its newest events are kept: the older ones
        // are numbered and counted as dropped without being copied first.
        const qsizetype skipped = std::max<qsizetype>(events.size() - m_capacity, 0);
        m_nextSerial += quint64(skipped);
        m_dropped += quint64(skipped);
        const qsizetype excess = m_pending.size() + events.size() - skipped - m_capacity;
        if (excess > 0) {
            m_pending.remove(0, excess); // the oldest go first: the GUI wants what is recent
            m_dropped += quint64(excess);
        }
        for (qsizetype i = skipped; i < events.size(); ++i) {
            m_pending.append(events[i]);
            m_pending.back().serial = m_nextSerial++;
        }
        wake = !std::exchange(m_wakeSent, true);
    }
    // Outside the lock, and queued: the GUI thread drains when its loop gets to it, so a
    // flood costs it one wake-up until it has taken what is there.
    if (wake)
        QMetaObject::invokeMethod(this, &PacketTap::eventsAvailable, Qt::QueuedConnection);
}

QList<PacketEvent> PacketTap::take(quint64 *dropped)
{
    QMutexLocker lock(&m_mutex);
    if (dropped)
        *dropped = m_dropped;
    m_dropped = 0;
    m_wakeSent = false;
    return std::exchange(m_pending, {});
}

quint64 PacketTap::appended() const
{
    QMutexLocker lock(&m_mutex);
    return m_nextSerial - 1;
}

} // namespace leasedesk
