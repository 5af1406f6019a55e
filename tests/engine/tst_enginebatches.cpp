// A batch keeps the last word about each address: an offer swept away and re-bound in the
// same event-loop turn stays bound in the store.
#include "engine/engine.h"
#include "lab.h"
#include "net/memorytransport.h"

#include <QTest>

using namespace lab;

namespace {
QByteArray bytesOf(const DhcpMessage &m)
{
    const auto b = proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}
} // namespace

class TestEngineBatches : public QObject
{
    Q_OBJECT
private slots:
    void removalInSameBatchDeletesNewBinding()
    {
        ManualClock clock;
        MemoryLeaseStore store;
        store.saveConfiguration(DefaultConfig, 1);
        MemoryTransport transport;
        ReceiveInfo info{
            2, QStringLiteral("lab0"), {{ip("198.18.0.1"), 24}}, Ipv4Address(0xffffffffu), {}, 68};
        Engine engine(store, transport, clock);
        QCOMPARE(engine.start(), QString());
        Client x(1);
        engine.handleDatagram(bytesOf(x.discover()), info);
        engine.flush();
        // The offer hold ends; in the same event-loop turn the 1 s sweep fires and X's
        // (late) REQUEST is handled.
        clock.advanceS(60);
        engine.sweep();
        engine.handleDatagram(bytesOf(x.selecting(ip("198.18.0.100"), ip("198.18.0.1"))), info);
        engine.flush();
        QCOMPARE(transport.sent().size(), 2); // OFFER and ACK left
        qInfo() << "memory:"
                << leaseStateName(engine.server().allocations().lease(ip("198.18.0.100"))->state)
                << " store has .100:" << store.lease(ip("198.18.0.100")).has_value();
        // Restart from the store: another machine gets X's address.
        Server s2(clock);
        s2.setConfiguration(engine.server().configuration());
        s2.loadLeases(store.loadLeases());
        const Decision y = s2.handle(Client(2).discover(), info);
        qInfo() << "after restart, Y is offered"
                << QString::fromStdString(y.reply->message.yiaddr.toString());
        QVERIFY(store.lease(ip("198.18.0.100")).has_value());
    }
};

QTEST_GUILESS_MAIN(TestEngineBatches)
#include "tst_enginebatches.moc"
