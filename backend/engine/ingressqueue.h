#pragma once

#include "core/networkwatch.h"
#include "core/packetio.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <functional>

class QTimer;

namespace leasedesk {

// Issue 9 (overload): the bounded queue between the DHCP socket and the engine, in the
// engine's thread. The socket reads faster than the engine serves (DhcpSocket reads up to 256
// datagrams per wake-up, this queue hands the engine perTurn of them per event-loop turn), so
// under overload the datagrams wait here, where the policy is ours, and not in the kernel's
// receive buffer, which drops the newest silently.
//
// Why the OLDEST are dropped: a DHCP client that hears nothing retransmits, with randomized
// exponential backoff starting near 4 s (RFC 2131 §4.1, "4 seconds ... randomized by ... -1 to
// +1"). A request that has waited long has most likely been superseded by its retransmission,
// which is already queued behind it, and an answer to it would be late; a fresh request is
// still being waited for. Dropping the newest (what the kernel does) would answer only stale
// requests and turn away every new one.
//
// Why drop instead of growing: when requests keep arriving faster than they can be served, a
// longer queue serves nobody sooner. It only makes every answer later (until each is stale)
// and memory grow without end. A bound in datagrams and in bytes keeps both the wait and the
// memory fixed; the drops are counted and reported (overloaded()) so the admin hears of it.
//
// Drains when its source has read what one wake-up brought (drainNow, see
// setDrainedBySource) or by posting itself (a queued call, never processEvents, never
// blocking): at most perTurn datagrams per turn, so timers, the GUI's queued calls, the
// engine's end of turn (group commit, then replies) and the socket's notifier all get their
// turns in between.
// The handler must not delete the queue.
class IngressQueue : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QByteArray &payload, const ReceiveInfo &info)>;

    struct Limits
    {
        qsizetype capacity = 4096; // datagrams waiting at most
        // Payload bytes plus PerDatagramOverhead each: 4096 datagrams of a usual 300–600 octets
        // fit easily, 4096 of 64 KiB (fragmented UDP) do not.
        qsizetype byteCapacity = 8 * 1024 * 1024;
        int perTurn = 64; // handed to the handler per event-loop turn
        // A datagram that waited longer is dropped unanswered (0: no limit by age). 3 s: the
        // earliest a client's first retransmission comes (4 s − 1 s, RFC 2131 §4.1); after that
        // its newer copy is probably queued behind it. Until then the client still waits for
        // this one, so an age limit below ~3 s would throw away answers that are still useful.
        int maxAgeMs = 3000;
        int reportIntervalMs = 10'000; // overloaded() at most once per interval
    };

    struct Totals
    {
        quint64 received = 0; // every push
        quint64 handled = 0; // given to the handler
        quint64 droppedFull = 0; // the oldest, to make room (capacity or bytes)
        quint64 droppedStale = 0; // waited longer than maxAgeMs
        qsizetype peakLength = 0; // the most that ever waited at once
        quint64 dropped() const { return droppedFull + droppedStale; }
    };

    // What one waiting datagram costs beside its payload, as counted against byteCapacity:
    // the queue entry (payload handle, ReceiveInfo, arrival time) and the payload's heap block
    // header. The interface name and addresses are shared with the socket's interface cache.
    static constexpr qsizetype PerDatagramOverhead = 160;

    explicit IngressQueue(Handler handler, Limits limits, QObject *parent = nullptr);
    explicit IngressQueue(Handler handler, QObject *parent = nullptr)
        : IngressQueue(std::move(handler), Limits(), parent)
    { }

    // Asked before each datagram is handed on: while it says no (the engine's replies wait for
    // a slow disk), datagrams stay here, where the bound and the oldest-first rule apply.
    using Gate = std::function<bool()>;
    void setGate(Gate gate) { m_gate = std::move(gate); }
    static constexpr int GateRetryMs = 2;
    // Run before and after each share handed to the handler: the engine takes the share as
    // one turn (Engine::beginBatch/endBatch) instead of posting its end of turn to itself.
    void setShareHooks(std::function<void()> before, std::function<void()> after)
    {
        m_beforeShare = std::move(before);
        m_afterShare = std::move(after);
    }
    // The source calls drainNow() after each batch of pushes (DhcpSocket::readsFinished), so
    // push() posts nothing: at a few thousand datagrams a second most wake-ups bring one or
    // two, and a posted drain per wake-up cost the loop a wake-up of its own.
    void setDrainedBySource(bool bySource) { m_drainedBySource = bySource; }

    const Limits &limits() const { return m_limits; }
    const Totals &totals() const { return m_totals; }
    qsizetype size() const { return qsizetype(m_entries.size()); }
    qsizetype bytes() const { return m_bytes; }
    // Between the first drop and the "overload over" event.
    bool isOverloaded() const { return m_overloaded; }

public slots:
    // Queues the datagram for the handler; when the queue is full, the oldest waiting one is
    // dropped to make room. Never calls the handler directly.
    void push(const QByteArray &payload, const leasedesk::ReceiveInfo &info);
    // Hands this turn's share on now, unless a drain is already on its way (a backlog, which
    // keeps its pace of one share per turn).
    void drainNow();

signals:
    // Kind Overload. While dropping, at most once per reportIntervalMs (Warning): how many
    // were dropped in the interval and how many were answered per second. Once a whole
    // interval passes without a drop, one Info event: the overload is over.
    void overloaded(const leasedesk::NetworkEvent &event);

private:
    struct Entry
    {
        QByteArray payload;
        ReceiveInfo info;
        qint64 arrivedMs = 0; // on m_clock
    };

    void scheduleDrain();
    void drain();
    void dropOldest(quint64 *counter);
    void noteDrop();
    void report();
    NetworkEvent event(NetworkEvent::Severity severity, const QString &text) const;

    Handler m_handler;
    std::function<void()> m_beforeShare;
    std::function<void()> m_afterShare;
    bool m_drainedBySource = false;
    Gate m_gate;
    const Limits m_limits;
    std::deque<Entry> m_entries;
    qsizetype m_bytes = 0;
    Totals m_totals;
    QElapsedTimer m_clock; // arrival times, and the length of each report interval
    bool m_drainScheduled = false;

    QTimer *m_reportTimer = nullptr;
    bool m_overloaded = false;
    qint64 m_windowStartMs = 0; // on m_clock
    quint64 m_droppedAtWindowStart = 0;
    quint64 m_handledAtWindowStart = 0;
    quint64 m_droppedInEpisode = 0;
    qint64 m_episodeStartMs = 0;
};

} // namespace leasedesk
