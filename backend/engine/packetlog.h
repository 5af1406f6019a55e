#pragma once

#include "core/clock.h"
#include "engine/packetevent.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QTimer>

#include <functional>

namespace leasedesk {

// The headless server's packet lines (issue 9, robustness). A storm of junk must not flood
// the log, yet an admin must hear of it: every answered or decided packet is one line (at
// --verbose), but packets the engine ignored or found malformed are rate-limited. In each
// window (1 s at --verbose) the first linesPerWindow of them are written as usual; the rest
// are counted, grouped by reason, and summed up in one line when the window ends:
//
//   … 12345 more ignored packets in the last 1.0 s not shown: 12000 malformed (most common:
//   “the message is 17 octets long; …” ×9000 (numbers vary); 3 other reasons), 345 ignored (…)
//
// Reasons carry per-packet details (offsets, lengths, addresses), so they are grouped with
// their digits masked, and at most maxReasons groups per outcome are kept: memory stays
// bounded whatever arrives. The summary is written by a timer at the window's end even when
// no further packet comes, and by flush() at exit. Single-threaded (the thread that owns it).
class PacketLog
{
public:
    using Sink = std::function<void(const QString &line)>;

    struct Limits
    {
        bool everyDecision = true; // write answered and decided packets too (--verbose)
        int linesPerWindow = 20; // ignored/malformed packets written per window
        qint64 windowMs = 1000;
        int maxReasons = 16; // reason groups kept per outcome within one window
        QString hint; // appended to every summary line, e.g. how to see more
        // A window that left out fewer than this says nothing: a few ignored packets are a
        // lab's routine (another server's clients, unknown relays), a storm is news.
        int minSummarized = 0;
    };
    // --verbose: every decision, and up to `linesPerSecond` ignored/malformed a second.
    static Limits verbose(int linesPerSecond = 20);
    // Without --verbose: no packet lines; a storm (100 or more ignored or malformed packets in
    // 10 s) is one summary line per 10 s while it lasts.
    static Limits quiet();

    // Running totals of ignored and malformed packets, for tests and an exit tally.
    struct Totals
    {
        quint64 shown = 0; // written as a line of their own
        quint64 summarized = 0; // only counted in a summary line
        quint64 summaries = 0; // summary lines written
    };

    PacketLog(const Clock &clock, Sink sink, Limits limits = verbose());
    PacketLog(const PacketLog &) = delete;
    PacketLog &operator=(const PacketLog &) = delete;

    // Connect Engine::packetEvents here.
    void add(const QList<PacketEvent> &events);
    void add(const PacketEvent &event);
    // Writes the summary of a window that is over. The timer calls it; tests with a
    // ManualClock call it after advancing the clock.
    void tick();
    // Writes the summary of the current window now, however short (at exit).
    void flush();

    const Limits &limits() const { return m_limits; }
    const Totals &totals() const { return m_totals; }
    // Packets counted for the summary of the current window, not yet written.
    quint64 pending() const { return m_malformed.count + m_ignored.count; }
    // Reason groups held now (bounded by 2 × maxReasons).
    int reasonGroups() const { return int(m_malformed.groups.size() + m_ignored.groups.size()); }

    // The grouping key of a reason: every run of digits becomes '#', so "the message is 17
    // octets long" and "… 12 octets long" count as one reason.
    static QString reasonKey(const QString &reason);

private:
    struct Group
    {
        QString example; // the first reason seen with this key
        quint64 count = 0;
        bool varied = false; // other reasons with the same key were seen
    };
    // What one window left out of one outcome.
    struct Left
    {
        quint64 count = 0;
        QHash<QString, Group> groups;
        quint64 ungrouped = 0; // reasons that came when maxReasons groups were full
        void clear();
    };

    void limited(const PacketEvent &event);
    void leaveOut(const PacketEvent &event);
    void closeWindowIfOver(qint64 now);
    void closeWindow(qint64 now);
    QString describe(const Left &left, const QString &what) const;
    void armTimer(qint64 now);

    const Clock &m_clock;
    Sink m_sink;
    Limits m_limits;
    Totals m_totals;
    qint64 m_windowStart = -1; // -1: no window open
    int m_shownInWindow = 0;
    Left m_malformed;
    Left m_ignored;
    QTimer m_timer;
};

} // namespace leasedesk
