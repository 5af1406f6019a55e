#pragma once

#include <QtGlobal>

#include <array>

namespace leasedesk {

// Packets per second for the status bar: counts in one-second buckets over the last few
// seconds, so the number is steady enough to read but follows a storm within seconds.
// Time comes in from the caller (milliseconds), which keeps it testable without waiting.
class PacketRateMeter
{
public:
    static constexpr int WindowS = 5;

    void add(qint64 nowMs, int packets);
    // Average over the whole seconds of the window before the current one.
    double perSecond(qint64 nowMs) const;

private:
    struct Bucket
    {
        qint64 second = -1;
        qint64 packets = 0;
    };
    std::array<Bucket, WindowS + 1> m_buckets{};
};

} // namespace leasedesk
