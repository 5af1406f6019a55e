#pragma once

#include "engine/packetevent.h"

#include <QList>
#include <QMutex>
#include <QObject>

namespace leasedesk {

// The live path of design.md: the engine thread appends packet events, the GUI thread takes
// them in batches. One queued wake-up (eventsAvailable) per empty → non-empty transition, so
// a flood costs the GUI one event per event-loop turn, not one per packet. Pending events are
// capped: when the GUI does not take them (paused view, stalled window) the oldest are
// dropped and counted, never grown without bound. Serials are given here, in arrival order.
class PacketTap : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype DefaultCapacity = 50'000;

    explicit PacketTap(qsizetype capacity = DefaultCapacity, QObject *parent = nullptr);

    // Any thread. Numbers the events (serial) and keeps at most capacity() of them.
    void append(const QList<PacketEvent> &events);
    // Any thread (the GUI's): everything pending, oldest first. `dropped`, when given,
    // receives how many were dropped for the cap since the previous take().
    QList<PacketEvent> take(quint64 *dropped = nullptr);

    qsizetype capacity() const { return m_capacity; }
    quint64 appended() const; // every event ever appended (also those dropped)

signals:
    // Queued to this object's thread; emitted once until the next take().
    void eventsAvailable();

private:
    const qsizetype m_capacity;
    mutable QMutex m_mutex;
    QList<PacketEvent> m_pending;
    quint64 m_nextSerial = 1;
    quint64 m_dropped = 0;
    bool m_wakeSent = false;
};

} // namespace leasedesk
