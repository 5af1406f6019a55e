// A batch keeps the last word about each address: an offer swept away and re-bound in the
// same event-loop turn stays bound in the store. A batch of datagrams ends its own turn.
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
// An engine on the memory store and transport, with the lab's configuration.
struct Rig
{
    ManualClock clock;
    MemoryLeaseStore store;
    MemoryTransport transport;
    ReceiveInfo info{
        2, QStringLiteral("lab0"), {{ip("198.18.0.1"), 24}}, Ipv4Address(0xffffffffu), {}, 68};
    Engine engine{stored(store), transport, clock};

    static MemoryLeaseStore &stored(MemoryLeaseStore &s)
    {
        s.saveConfiguration(DefaultConfig, 1);
        return s;
    }
};
} // namespace

class TestEngineBatches : public QObject
{
    Q_OBJECT
private slots:
    void removalInSameBatchDeletesNewBinding()
    {
        Rig rig;
        QCOMPARE(rig.engine.start(), QString());
        auto &[clock, store, transport, info, engine] = rig;
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

    // What one wake-up of the socket read ends its turn with the batch (IngressQueue's share
    // hooks): the OFFERs leave at endBatch, with no event processed, so no wake-up of the loop
    // goes by between reading the DISCOVERs and answering them.
    void aBatchEndsItsTurnItself()
    {
        Rig rig;
        QCOMPARE(rig.engine.start(), QString());
        auto &[clock, store, transport, info, engine] = rig;
        engine.beginBatch();
        engine.handleDatagram(bytesOf(Client(1).discover()), info);
        engine.beginBatch(); // nested: only the outermost end ends the turn
        engine.handleDatagram(bytesOf(Client(2).discover()), info);
        engine.endBatch();
        QCOMPARE(transport.sent().size(), 0);
        engine.handleDatagram(bytesOf(Client(3).discover()), info);
        engine.endBatch();
        QCOMPARE(transport.sent().size(), 3);
        // Outside a batch the turn still ends in a posted call, after what else is waiting.
        engine.handleDatagram(bytesOf(Client(4).discover()), info);
        QCOMPARE(transport.sent().size(), 3);
        QCoreApplication::sendPostedEvents(&engine, QEvent::MetaCall);
        QCOMPARE(transport.sent().size(), 4);
        // An empty batch has no turn to end.
        engine.beginBatch();
        engine.endBatch();
        QCOMPARE(transport.sent().size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestEngineBatches)
#include "tst_enginebatches.moc"
