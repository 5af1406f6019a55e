#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <array>

namespace leasedesk {

// Issue 8: how full one scope is at one moment. Every address the scope can give falls in
// exactly one of free, offered, bound, reserved and quarantined, so they add up to total.
struct ScopeUtilization
{
    QString scope;
    // Addresses the scope hands out: its ranges minus exclusions, plus enabled reservations
    // that lie outside the ranges.
    quint32 total = 0;
    quint32 free = 0;
    quint32 offered = 0; // an OFFER holds it
    quint32 bound = 0; // a client has it (dynamic or reserved)
    quint32 reserved = 0; // kept for a reservation whose client holds nothing now
    quint32 quarantined = 0; // declined by a client or found in use by a probe

    // Not free for a new client: everything but free.
    quint32 used() const { return total >= free ? total - free : 0; }
    // used / total in percent; 0 for a scope with no address.
    double percent() const { return total == 0 ? 0.0 : 100.0 * used() / total; }
    bool operator==(const ScopeUtilization &) const = default;
};

// DHCP messages by type over an interval: requests LeaseDesk received (DISCOVER, REQUEST,
// DECLINE, RELEASE, INFORM) and replies it sent (OFFER, ACK, NAK).
struct TrafficCounts
{
    quint32 discover = 0;
    quint32 offer = 0;
    quint32 request = 0;
    quint32 decline = 0;
    quint32 ack = 0;
    quint32 nak = 0;
    quint32 release = 0;
    quint32 inform = 0;

    // Adds one message of this DHCP message type (option 53 value); other types are ignored.
    void add(quint8 messageType);
    quint32 total() const
    {
        return discover + offer + request + decline + ack + nak + release + inform;
    }
    TrafficCounts &operator+=(const TrafficCounts &o);
    // What was counted since `earlier` (a snapshot of the same running counts).
    TrafficCounts operator-(const TrafficCounts &earlier) const;

    // The counters in one fixed order (the statistics tables' columns); T is TrafficCounts or
    // const TrafficCounts.
    template<typename T> static auto fields(T &t)
    {
        return std::array{&t.discover, &t.offer, &t.request, &t.decline,
                          &t.ack,      &t.nak,   &t.release, &t.inform};
    }
    bool operator==(const TrafficCounts &) const = default;
};

// One sample of the statistics sampler (issue 8): every scope's utilization at timeS and the
// traffic of the `seconds` before it. A coarse sample (SampleResolution::Coarse) stands for
// one downsampling step that starts at timeS: its utilization is the average of the fine
// samples in the step (rounded), its traffic their sum and `seconds` the sum of theirs.
struct StatisticsSample
{
    qint64 timeS = 0; // Unix seconds
    qint32 seconds = 0; // how long the traffic counts cover; rate = count / seconds
    QList<ScopeUtilization> scopes;
    TrafficCounts traffic;

    const ScopeUtilization *scope(const QString &name) const;
    bool operator==(const StatisticsSample &) const = default;
};

// Fine: one sample per sampler interval (10 s by default), kept for a day. Coarse: one per
// downsampling step (5 min), kept for 90 days.
enum class SampleResolution : quint8 { Fine = 0, Coarse = 1 };

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::ScopeUtilization)
Q_DECLARE_METATYPE(leasedesk::StatisticsSample)
