#include "engine/ingressqueue.h"

#include <QDateTime>
#include <QLocale>
#include <QTimer>

#include <algorithm>

namespace leasedesk {

namespace {

qsizetype costOf(const QByteArray &payload)
{
    return payload.size() + IngressQueue::PerDatagramOverhead;
}

// "12,345": the counts an admin reads at a glance.
QString count(quint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

// "10 s"; "0.3 s" below a second.
QString seconds(qint64 ms)
{
    if (ms >= 1000)
        return QStringLiteral("%1 s").arg(qRound(double(ms) / 1000.0));
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

} // namespace

IngressQueue::IngressQueue(Handler handler, Limits limits, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_limits(limits),
      m_reportTimer(new QTimer(this))
{
    Q_ASSERT(m_limits.capacity > 0 && m_limits.perTurn > 0 && m_limits.reportIntervalMs > 0);
    qRegisterMetaType<leasedesk::ReceiveInfo>();
    qRegisterMetaType<leasedesk::NetworkEvent>();
    m_clock.start();
    // Started again after each report, so two reports are always a whole interval apart.
    m_reportTimer->setSingleShot(true);
    m_reportTimer->setTimerType(Qt::PreciseTimer);
    m_reportTimer->setInterval(m_limits.reportIntervalMs);
    connect(m_reportTimer, &QTimer::timeout, this, &IngressQueue::report);
}

void IngressQueue::push(const QByteArray &payload, const ReceiveInfo &info)
{
    ++m_totals.received;
    const qsizetype cost = costOf(payload);
    // The oldest make room (see the class comment). One datagram alone larger than the byte
    // cap still gets in, once the queue is empty: it has nothing to push out.
    while (!m_entries.empty()
           && (size() >= m_limits.capacity || m_bytes + cost > m_limits.byteCapacity))
        dropOldest(&m_totals.droppedFull);
    m_entries.push_back({payload, info, m_clock.elapsed()});
    m_bytes += cost;
    m_totals.peakLength = std::max(m_totals.peakLength, size());
    if (!m_drainedBySource)
        scheduleDrain();
}

void IngressQueue::drainNow()
{
    if (!m_drainScheduled && !m_entries.empty())
        drain();
}

void IngressQueue::scheduleDrain()
{
    if (m_drainScheduled)
        return;
    m_drainScheduled = true;
    QMetaObject::invokeMethod(this, &IngressQueue::drain, Qt::QueuedConnection);
}

// One turn's share, handed on when the source's reads are done (drainNow) or in a posted call.
// Posted again while anything waits: Qt delivers events posted during a round of posted events
// in the next round, after timers and socket notifiers had theirs. The share hooks let the
// engine end its turn with the share; without them its end of turn is queued by the first
// datagram of the share.
void IngressQueue::drain()
{
    m_drainScheduled = false;
    const qint64 staleBefore = m_clock.elapsed() - m_limits.maxAgeMs;
    if (m_gate && !m_entries.empty() && !m_gate()) {
        m_drainScheduled = true; // a timer, not a posted call: no busy loop while closed
        QTimer::singleShot(GateRetryMs, this, &IngressQueue::drain);
        return;
    }
    if (m_beforeShare)
        m_beforeShare();
    for (int handed = 0; handed < m_limits.perTurn && !m_entries.empty();) {
        if (m_limits.maxAgeMs > 0 && m_entries.front().arrivedMs < staleBefore) {
            dropOldest(&m_totals.droppedStale);
            continue;
        }
        Entry entry = std::move(m_entries.front());
        m_entries.pop_front();
        m_bytes -= costOf(entry.payload);
        ++m_totals.handled;
        ++handed;
        m_handler(entry.payload, entry.info);
    }
    if (m_afterShare)
        m_afterShare();
    if (!m_entries.empty())
        scheduleDrain();
}

void IngressQueue::dropOldest(quint64 *counter)
{
    m_bytes -= costOf(m_entries.front().payload);
    m_entries.pop_front();
    ++*counter;
    noteDrop();
}

// The first drop starts an overload episode and its first report interval.
void IngressQueue::noteDrop()
{
    if (m_overloaded)
        return;
    m_overloaded = true;
    m_episodeStartMs = m_windowStartMs = m_clock.elapsed();
    m_droppedAtWindowStart = m_totals.dropped() - 1; // this drop belongs to the window
    m_handledAtWindowStart = m_totals.handled;
    m_droppedInEpisode = 0;
    m_reportTimer->start();
}

// At the end of each interval of an episode: what was dropped in it, or that it is over.
void IngressQueue::report()
{
    const qint64 nowMs = m_clock.elapsed();
    const qint64 windowMs = std::max<qint64>(1, nowMs - m_windowStartMs);
    const quint64 dropped = m_totals.dropped() - m_droppedAtWindowStart;
    const quint64 handled = m_totals.handled - m_handledAtWindowStart;
    m_windowStartMs = nowMs;
    m_droppedAtWindowStart = m_totals.dropped();
    m_handledAtWindowStart = m_totals.handled;
    if (dropped > 0) {
        m_reportTimer->start();
        m_droppedInEpisode += dropped;
        const quint64 perSecond = handled * 1000 / quint64(windowMs);
        emit overloaded(
            event(NetworkEvent::Severity::Warning,
                  QStringLiteral("%1 %2 dropped in the last %3 (oldest first); "
                                 "answering about %4 per second")
                      .arg(count(dropped),
                           dropped == 1 ? QStringLiteral("request") : QStringLiteral("requests"),
                           seconds(windowMs), count(perSecond))));
        return;
    }
    // From the first drop to the end of the last interval that had drops.
    const qint64 lastedMs = nowMs - windowMs - m_episodeStartMs;
    m_overloaded = false;
    emit overloaded(
        event(NetworkEvent::Severity::Info,
              QStringLiteral("no request dropped for %1; %2 dropped in all over "
                             "about %3")
                  .arg(seconds(windowMs), count(m_droppedInEpisode), seconds(lastedMs))));
}

NetworkEvent IngressQueue::event(NetworkEvent::Severity severity, const QString &text) const
{
    NetworkEvent e;
    e.kind = NetworkEvent::Kind::Overload;
    e.severity = severity;
    e.timeMs = QDateTime::currentMSecsSinceEpoch();
    e.text = text;
    return e;
}

} // namespace leasedesk
