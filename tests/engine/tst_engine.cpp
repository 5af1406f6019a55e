// The engine between sockets and store: leases are on disk before any reply leaves, bursts
// share one commit, and offer delays do not hold anything else up.
#include "engine/engine.h"
#include "lab.h"
#include "net/memorytransport.h"

#include <QSignalSpy>
#include <QTest>

using namespace lab;

namespace {

// A memory store that counts commits, to see group commit happen.
class CountingStore final : public LeaseStore
{
public:
    MemoryLeaseStore inner;
    int commits = 0;
    StoreStatus commit(const LeaseBatch &b) override
    {
        ++commits;
        return inner.commit(b);
    }
    QList<Lease> loadLeases(QString *e) const override { return inner.loadLeases(e); }
    std::optional<Lease> lease(Ipv4Address a, QString *e) const override
    {
        return inner.lease(a, e);
    }
    using LeaseStore::history;
    QList<LeaseHistoryEntry> history(int l, const QByteArray &h, Ipv4Address a,
                                     QString *e) const override
    {
        return inner.history(l, h, a, e);
    }
    StoreStatus saveConfiguration(const QByteArray &j, qint64 r) override
    {
        return inner.saveConfiguration(j, r);
    }
    StoreStatus loadConfiguration(QByteArray *j, qint64 *r) const override
    {
        return inner.loadConfiguration(j, r);
    }
    StoreStatus setSetting(const QString &k, const QString &v) override
    {
        return inner.setSetting(k, v);
    }
    std::optional<QString> setting(const QString &k) const override { return inner.setting(k); }
};

QByteArray bytesOf(const DhcpMessage &m)
{
    const auto b = proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}

struct Bench
{
    ManualClock clock;
    CountingStore store;
    MemoryTransport transport;
    Engine engine{store, transport, clock};
    ReceiveInfo info{
        2, QStringLiteral("lab0"), {{ip("198.18.0.1"), 24}}, Ipv4Address(0xffffffffu), {}, 68};

    explicit Bench(const char *json = DefaultConfig) { store.inner.saveConfiguration(json, 1); }
};

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void burstSharesOneCommitAndRepliesFollowIt();
    void offersNobodyTakesUpAreWrittenSoon();
    void failedCommitSendsNothing();
    void offerDelayWaitsWithoutBlocking();
    void startSweepsWhatExpiredWhileDown();
    void everyPacketBecomesAnEvent();
};

void TestEngine::burstSharesOneCommitAndRepliesFollowIt()
{
    Bench b;
    QCOMPARE(b.engine.start(), QString());
    const int before = b.store.commits;
    for (quint8 i = 1; i <= 5; ++i)
        b.engine.handleDatagram(bytesOf(Client(i).discover()), b.info);
    QVERIFY(b.transport.sent().isEmpty()); // nothing leaves before the end of the turn
    QTRY_COMPARE(b.transport.sent().size(), 5);
    // Offers need not be durable: they wait for the bindings' commit.
    QCOMPARE(b.store.commits - before, 0);
    QList<QByteArray> requests;
    for (const auto &s : b.transport.sent()) {
        const auto parsed = proto::DhcpCodec::parse(
            std::span(reinterpret_cast<const std::uint8_t *>(s.payload.constData()),
                      std::size_t(s.payload.size())));
        const quint8 client = quint8(parsed.message->chaddr[5]);
        requests.append(
            bytesOf(Client(client).selecting(parsed.message->yiaddr, ip("198.18.0.1"))));
    }
    b.transport.clear();
    for (const QByteArray &r : std::as_const(requests))
        b.engine.handleDatagram(r, b.info);
    QVERIFY(b.transport.sent().isEmpty());
    QTRY_COMPARE(b.transport.sent().size(), 5);
    QCOMPARE(b.store.commits - before, 1); // one transaction for the offers and the bindings
    // Each ACK's binding was in the store when it left.
    for (const auto &s : b.transport.sent()) {
        const auto parsed = proto::DhcpCodec::parse(
            std::span(reinterpret_cast<const std::uint8_t *>(s.payload.constData()),
                      std::size_t(s.payload.size())));
        QCOMPARE(parsed.message->messageType(), std::optional(quint8(proto::MessageType::Ack)));
        const auto stored = b.store.inner.lease(parsed.message->yiaddr);
        QVERIFY(stored);
        QCOMPARE(stored->state, LeaseState::Bound);
    }
    // Both the offer and the binding are in the address's history.
    const auto history = b.store.inner.history(10, {}, ip("198.18.0.100"));
    QCOMPARE(history.size(), 2);
}

void TestEngine::offersNobodyTakesUpAreWrittenSoon()
{
    Bench b;
    QCOMPARE(b.engine.start(), QString());
    const int before = b.store.commits;
    b.engine.handleDatagram(bytesOf(Client(1).discover()), b.info);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QVERIFY(!b.store.inner.lease(ip("198.18.0.100")));
    QTRY_VERIFY_WITH_TIMEOUT(b.store.inner.lease(ip("198.18.0.100")), Engine::DeferredCommitMs * 4);
    QCOMPARE(b.store.inner.lease(ip("198.18.0.100"))->state, LeaseState::Offered);
    QCOMPARE(b.store.commits - before, 1);
}

void TestEngine::failedCommitSendsNothing()
{
    Bench b;
    QCOMPARE(b.engine.start(), QString());
    QSignalSpy problems(&b.engine, &Engine::problem);
    b.store.inner.failNextCommit(QStringLiteral("cannot write to lab.sqlite: the disk is full"));
    b.engine.handleDatagram(bytesOf(Client(1).selecting(ip("198.18.0.100"), ip("198.18.0.1"))),
                            b.info);
    QTRY_COMPARE(problems.size(), 1);
    QVERIFY(b.transport.sent().isEmpty());
    QCOMPARE(b.engine.counters().storeFailures, 1u);
    QVERIFY(problems.front().front().toString().contains(QStringLiteral("the disk is full")));
    // The client's retry succeeds once the store works again.
    b.engine.handleDatagram(bytesOf(Client(1).selecting(ip("198.18.0.100"), ip("198.18.0.1"))),
                            b.info);
    QTRY_COMPARE(b.transport.sent().size(), 1);
}

void TestEngine::offerDelayWaitsWithoutBlocking()
{
    Bench b(
        R"({"scopes":[{"name":"lab","subnet":"198.18.0.0/24","ranges":[{"start":"198.18.0.100","end":"198.18.0.109"}],
                "offer_delay_ms": 300}]})");
    QCOMPARE(b.engine.start(), QString());
    QElapsedTimer t;
    t.start();
    b.engine.handleDatagram(bytesOf(Client(1).discover()), b.info);
    b.engine.handleDatagram(bytesOf(Client(2).inform(ip("198.18.0.30"))), b.info);
    // The INFORM is answered at once; the OFFER waits for its delay.
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QVERIFY(t.elapsed() < 250);
    QTRY_COMPARE(b.transport.sent().size(), 2);
    QVERIFY(t.elapsed() >= 290);
}

void TestEngine::startSweepsWhatExpiredWhileDown()
{
    Bench b;
    Lease old;
    old.address = ip("198.18.0.101");
    old.hardwareAddress = QByteArray::fromHex("020000000001");
    old.scope = QStringLiteral("lab");
    old.state = LeaseState::Bound;
    old.start = b.clock.nowS() - 7200;
    old.end = b.clock.nowS() - 3600;
    b.store.inner.commit({{old}, {}, {}});
    QCOMPARE(b.engine.start(), QString());
    QCOMPARE(b.store.inner.lease(old.address)->state, LeaseState::Expired);
}

void TestEngine::everyPacketBecomesAnEvent()
{
    Bench b;
    QCOMPARE(b.engine.start(), QString());
    QSignalSpy events(&b.engine, &Engine::packetEvents);
    b.engine.handleDatagram(bytesOf(Client(1).discover()), b.info);
    b.engine.handleDatagram(QByteArray(10, '\1'), b.info);
    QTRY_COMPARE(events.size(), 1);
    const auto list = events.front().front().value<QList<PacketEvent>>();
    QCOMPARE(list.size(), 3); // DISCOVER in, malformed in, OFFER out
    QCOMPARE(list[0].summary(),
             QStringLiteral("lab0 < DISCOVER xid 0x00001000 from 02:00:00:00:00:01: offered "
                            "198.18.0.100 (a free address)"));
    QCOMPARE(list[1].outcome, Decision::Outcome::Malformed);
    QVERIFY(list[1].reason.startsWith(QStringLiteral("the message is 10 octets long")));
    QCOMPARE(list[2].direction, PacketEvent::Direction::Sent);
    QCOMPARE(list[2].summary(),
             QStringLiteral("lab0 > OFFER xid 0x00001000 to 02:00:00:00:00:01: 198.18.0.100:68 at "
                            "02:00:00:00:00:01 (link unicast)"));
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
