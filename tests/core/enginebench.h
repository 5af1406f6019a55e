#pragma once

// The real engine over the in-process lab (lab.h): a manual clock, a memory lease store and
// the memory transport, with helpers that run a client's exchanges as bytes. Shared by the
// engine tests so each one scripts its clients the same way.
#include "engine/engine.h"
#include "lab.h"
#include "net/memorytransport.h"

#include <QTest>

namespace lab {

inline QByteArray bytesOf(const DhcpMessage &m)
{
    const auto b = proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}

// The message in a reply's bytes; an empty message when they do not parse.
inline DhcpMessage decode(const QByteArray &payload)
{
    const auto parsed = proto::DhcpCodec::parse(std::span(
        reinterpret_cast<const std::uint8_t *>(payload.constData()), std::size_t(payload.size())));
    return parsed.message.value_or(DhcpMessage());
}

inline Ipv4Address offeredIn(const QByteArray &payload)
{
    return decode(payload).yiaddr;
}

// A conflict prober the test answers by hand: every probe started is kept, in order.
class ScriptedProber final : public ConflictProbe
{
public:
    QList<ProbeTarget> started;
    QString unavailableWhy;
    void start(const ProbeTarget &t) override { started.append(t); }
    void cancel(quint64) override { }
    QString unavailable(ProbeMethod) const override { return unavailableWhy; }
    void answer(int index, bool inUse, ProbeMethod by = ProbeMethod::Icmp, QByteArray mac = {})
    {
        const ProbeTarget &t = started.at(index);
        emit finished(ProbeResult{t.id, t.address, inUse, by, std::move(mac), 12, {}});
    }
};

struct EngineBench
{
    ManualClock clock;
    MemoryLeaseStore store;
    MemoryTransport transport;
    ScriptedProber prober;
    Engine engine{store, transport, clock};
    ReceiveInfo info{
        2, QStringLiteral("lab0"), {{ip("198.18.0.1"), 24}}, Ipv4Address(0xffffffffu), {}, 68};

    // With `probing`, offers wait for the scripted prober's answers.
    explicit EngineBench(const char *json = DefaultConfig, bool probing = false)
    {
        store.saveConfiguration(json, 1);
        if (probing)
            engine.setConflictProbe(&prober);
        const QString error = engine.start();
        Q_ASSERT(error.isEmpty());
    }

    // The client's DISCOVER; the address of the OFFER it gets (0.0.0.0 when none).
    Ipv4Address discover(const Client &c, std::optional<Ipv4Address> requested = {})
    {
        const qsizetype before = transport.sent().size();
        engine.handleDatagram(bytesOf(c.discover(requested)), info);
        if (!QTest::qWaitFor([&] { return transport.sent().size() > before; }, 2000))
            return {};
        return offeredIn(transport.sent().back().payload);
    }

    // A whole DORA; the address bound (0.0.0.0 when none was offered or acknowledged).
    Ipv4Address bind(const Client &c, std::optional<Ipv4Address> requested = {})
    {
        const Ipv4Address offered = discover(c, requested);
        if (offered.isZero())
            return {};
        const qsizetype before = transport.sent().size();
        engine.handleDatagram(bytesOf(c.selecting(offered, ip("198.18.0.1"))), info);
        if (!QTest::qWaitFor([&] { return transport.sent().size() > before; }, 2000))
            return {};
        return offered;
    }

    // The client's DECLINE of an address it was given (RFC 2131 §4.4.1), committed.
    void decline(const Client &c, Ipv4Address address)
    {
        engine.handleDatagram(bytesOf(c.decline(address, ip("198.18.0.1"))), info);
        engine.flush();
    }
};

} // namespace lab
