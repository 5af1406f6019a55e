#pragma once

#include <QtGlobal>

namespace leasedesk {

// Time as the server logic sees it, so that lease expiry, offer holds and quarantines can be
// tested in milliseconds with a manual clock. Milliseconds since the Unix epoch (UTC).
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    qint64 nowS() const { return nowMs() / 1000; }
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'800'000'000'000) : m_now(startMs) { }
    qint64 nowMs() const override { return m_now; }
    void advanceMs(qint64 ms) { m_now += ms; }
    void advanceS(qint64 s) { m_now += s * 1000; }

private:
    qint64 m_now;
};

} // namespace leasedesk
