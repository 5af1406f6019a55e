#include "engine/packetlog.h"

#include <algorithm>

namespace leasedesk {

namespace {

// A reason is kept for grouping up to this many characters, so a reason that quotes packet
// data cannot make one group large.
constexpr qsizetype MaxReasonLength = 240;

bool isLimited(const PacketEvent &e)
{
    return e.direction == PacketEvent::Direction::Received
        && (e.outcome == Decision::Outcome::Ignored || e.outcome == Decision::Outcome::Malformed);
}

} // namespace

PacketLog::Limits PacketLog::verbose(int linesPerSecond)
{
    Limits l;
    l.linesPerWindow = linesPerSecond;
    return l;
}

PacketLog::Limits PacketLog::quiet()
{
    Limits l;
    l.everyDecision = false;
    l.linesPerWindow = 0;
    l.windowMs = 10'000;
    l.minSummarized = 100;
    l.hint = QStringLiteral(" (--verbose shows every decision)");
    return l;
}

PacketLog::PacketLog(const Clock &clock, Sink sink, Limits limits)
    : m_clock(clock), m_sink(std::move(sink)), m_limits(std::move(limits))
{
    m_limits.linesPerWindow = std::max(0, m_limits.linesPerWindow);
    m_limits.windowMs = std::max<qint64>(1, m_limits.windowMs);
    m_limits.maxReasons = std::max(1, m_limits.maxReasons);
    m_timer.setSingleShot(true);
    // Precise: a coarse timer may fire a little early, before the window is over.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.callOnTimeout([this] { tick(); });
}

void PacketLog::add(const QList<PacketEvent> &events)
{
    for (const PacketEvent &e : events)
        add(e);
}

void PacketLog::add(const PacketEvent &event)
{
    if (isLimited(event))
        limited(event);
    else if (m_limits.everyDecision)
        m_sink(event.summary());
}

void PacketLog::tick()
{
    const qint64 now = m_clock.nowMs();
    closeWindowIfOver(now);
    if (m_windowStart >= 0 && pending() > 0)
        armTimer(now);
}

void PacketLog::flush()
{
    if (m_windowStart >= 0)
        closeWindow(m_clock.nowMs());
}

QString PacketLog::reasonKey(const QString &reason)
{
    QString key;
    key.reserve(std::min(reason.size(), MaxReasonLength));
    bool inNumber = false;
    for (const QChar c : QStringView(reason).left(MaxReasonLength)) {
        const bool digit = c.isDigit();
        if (!digit)
            key.append(c);
        else if (!inNumber)
            key.append(QLatin1Char('#'));
        inNumber = digit;
    }
    return key;
}

void PacketLog::limited(const PacketEvent &event)
{
    const qint64 now = m_clock.nowMs();
    closeWindowIfOver(now);
    if (m_windowStart < 0)
        m_windowStart = now;
    if (m_shownInWindow < m_limits.linesPerWindow) {
        ++m_shownInWindow;
        ++m_totals.shown;
        m_sink(event.summary());
        return;
    }
    if (pending() == 0)
        armTimer(now); // the summary is due at the window's end, packets or not
    leaveOut(event);
}

// Counted, never formatted: a storm costs a hash lookup per packet, not a line.
void PacketLog::leaveOut(const PacketEvent &event)
{
    Left &left = event.outcome == Decision::Outcome::Malformed ? m_malformed : m_ignored;
    ++left.count;
    ++m_totals.summarized;
    const QString key = reasonKey(event.reason);
    auto it = left.groups.find(key);
    if (it == left.groups.end()) {
        if (left.groups.size() >= m_limits.maxReasons) {
            ++left.ungrouped;
            return;
        }
        it = left.groups.insert(key, Group{event.reason.left(MaxReasonLength), 0, false});
    } else if (!it->varied && it->example != QStringView(event.reason).left(MaxReasonLength)) {
        it->varied = true;
    }
    ++it->count;
}

void PacketLog::closeWindowIfOver(qint64 now)
{
    // A wall clock set back must not hold a window open until it catches up.
    if (m_windowStart >= 0 && (now >= m_windowStart + m_limits.windowMs || now < m_windowStart))
        closeWindow(now);
}

void PacketLog::closeWindow(qint64 now)
{
    if (pending() > 0 && pending() >= quint64(m_limits.minSummarized)) {
        const qint64 spanMs = std::clamp(now - m_windowStart, qint64(0), qint64(m_limits.windowMs));
        QStringList parts;
        if (m_malformed.count > 0)
            parts.append(describe(m_malformed, QStringLiteral("malformed")));
        if (m_ignored.count > 0)
            parts.append(describe(m_ignored, QStringLiteral("ignored")));
        m_sink(QStringLiteral("… %1 more ignored packets in the last %2 s not shown: %3%4")
                   .arg(pending())
                   .arg(QString::number(double(spanMs) / 1000.0, 'f', 1),
                        parts.join(QStringLiteral(", ")), m_limits.hint));
        ++m_totals.summaries;
    }
    m_malformed.clear();
    m_ignored.clear();
    m_windowStart = -1;
    m_shownInWindow = 0;
    m_timer.stop();
}

// "12000 malformed (most common: “…” ×9000 (numbers vary); 3 other reasons)"
QString PacketLog::describe(const Left &left, const QString &what) const
{
    QString text = QStringLiteral("%1 %2").arg(left.count).arg(what);
    if (left.groups.isEmpty())
        return text;
    const auto top =
        std::max_element(left.groups.cbegin(), left.groups.cend(),
                         [](const Group &a, const Group &b) { return a.count < b.count; });
    // One arg() call: a reason that contains "%1" is not substituted into.
    text += QStringLiteral(" (most common: “%1” ×%2%3")
                .arg(top->example, QString::number(top->count),
                     top->varied ? QStringLiteral(" (numbers vary)") : QString());
    const qsizetype others = left.groups.size() - 1;
    if (left.ungrouped > 0)
        text += QStringLiteral("; more than %1 other reasons").arg(others);
    else if (others > 0)
        text += QStringLiteral("; %1 other reason%2")
                    .arg(QString::number(others), others == 1 ? QString() : QStringLiteral("s"));
    return text + QLatin1Char(')');
}

void PacketLog::armTimer(qint64 now)
{
    const qint64 remaining = m_windowStart + m_limits.windowMs - now;
    m_timer.start(int(std::clamp(remaining, qint64(1), qint64(m_limits.windowMs))));
}

void PacketLog::Left::clear()
{
    count = 0;
    groups.clear();
    ungrouped = 0;
}

} // namespace leasedesk
