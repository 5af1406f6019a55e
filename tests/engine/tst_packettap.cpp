// Issue 7, the engine side of the live traffic view: the packet tap (serials, a cap that drops
// the oldest, one wake-up per batch the GUI has not taken, nothing lost between threads) and
// the console's test client (decided like a real request, answered in the console only).
#include "engine/enginecontroller.h"
#include "engine/packettap.h"
#include "engine/testrequest.h"
#include "enginebench.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace lab;
using namespace Qt::StringLiterals;

namespace {

const QString Answered = u"answered the test client (not put on the wire)"_s;

QList<PacketEvent> eventsWithXid(quint32 first, int count)
{
    QList<PacketEvent> events;
    for (int i = 0; i < count; ++i) {
        PacketEvent e;
        e.xid = first + quint32(i);
        events.append(e);
    }
    return events;
}

QList<quint64> serialsOf(const QList<PacketEvent> &events)
{
    QList<quint64> serials;
    for (const PacketEvent &e : events)
        serials.append(e.serial);
    return serials;
}

QByteArray optionData(const DhcpMessage &m, std::uint8_t code)
{
    const proto::DhcpOption *o = m.findOption(code);
    return o ? toByteArray(o->data) : QByteArray();
}

const char *ProbingConfig = R"({
  "server": {"conflict_detection": {"enabled": true, "method": "icmp", "attempts": 1,
                                    "timeout_ms": 300},
             "rogue_detection": {"enabled": false}},
  "scopes": [{"name": "lab", "subnet": "198.18.0.0/24",
              "ranges": [{"start": "198.18.0.100", "end": "198.18.0.109"}]}]
})";

// An engine on a memory store and transport; "lab0" is the test client's interface.
struct Bench : EngineBench
{
    ReceiveInfo lab0{2, u"lab0"_s, {{ip("198.18.0.1"), 24}}, {}, {}, 68};
    QList<PacketEvent> events;

    explicit Bench(const char *json = DefaultConfig, bool probing = false)
        : EngineBench(json, probing)
    {
        engine.setInterfaceLookup([this](const QString &name) -> std::optional<ReceiveInfo> {
            return name == lab0.interfaceName ? std::optional(lab0) : std::nullopt;
        });
        QObject::connect(&engine, &Engine::packetEvents,
                         [this](const QList<PacketEvent> &batch) { events += batch; });
    }

    static TestRequest request(TestRequest::Type type, const QByteArray &mac)
    {
        TestRequest r;
        r.type = type;
        r.interfaceName = u"lab0"_s;
        r.mac = mac;
        return r;
    }
    // The answer to the test client once the engine has given it; an empty event if none.
    PacketEvent answer(qint64 timeoutMs = 2000)
    {
        const auto sent = [this] {
            return std::find_if(events.cbegin(), events.cend(), [](const PacketEvent &e) {
                return e.direction == PacketEvent::Direction::Sent;
            });
        };
        if (!QTest::qWaitFor([&] { return sent() != events.cend(); }, int(timeoutMs)))
            return {};
        return *sent();
    }
};

const QByteArray Mac1 = QByteArray::fromHex("020000000001");

} // namespace

class TestPacketTap : public QObject
{
    Q_OBJECT

private slots:
    // The tap.
    void serialsFollowArrivalOrder();
    void capDropsTheOldestAndCountsThem();
    void oneWakeUpUntilTaken();
    void concurrentAppendsLoseNothing();
    // The test client.
    void encodedRequestRoundTrips();
    void testDiscoverIsAnsweredButNotSent();
    void reservationIsOfferedToTheTestClient();
    void giaddrSelectsTheRelayedScope();
    void testRequestCommitsALease();
    void parkedAndDelayedOffersStayOffTheWire();
    void stoppedEngineIgnoresTheTestClient();
    void unknownInterfaceIsAProblem();
    void testClientInTheSimulatedLab();
};

void TestPacketTap::serialsFollowArrivalOrder()
{
    PacketTap tap;
    tap.append(eventsWithXid(10, 3));
    tap.append(eventsWithXid(20, 2));
    quint64 dropped = 99;
    const QList<PacketEvent> taken = tap.take(&dropped);
    QCOMPARE(serialsOf(taken), (QList<quint64>{1, 2, 3, 4, 5}));
    QCOMPARE(taken[3].xid, 20u);
    QCOMPARE(dropped, 0u);
    QCOMPARE(tap.appended(), 5u);
    // Serials go on after a take: the view sees gaps only where events were dropped.
    tap.append(eventsWithXid(30, 1));
    QCOMPARE(tap.take().front().serial, 6u);
}

void TestPacketTap::capDropsTheOldestAndCountsThem()
{
    PacketTap tap(5);
    tap.append(eventsWithXid(100, 3));
    tap.append(eventsWithXid(200, 5));
    quint64 dropped = 0;
    QList<PacketEvent> taken = tap.take(&dropped);
    QCOMPARE(serialsOf(taken), (QList<quint64>{4, 5, 6, 7, 8}));
    QCOMPARE(taken.front().xid, 200u);
    QCOMPARE(dropped, 3u);
    // One batch larger than the cap keeps its newest events; the count is since the last take.
    tap.append(eventsWithXid(300, 12));
    taken = tap.take(&dropped);
    QCOMPARE(serialsOf(taken), (QList<quint64>{16, 17, 18, 19, 20}));
    QCOMPARE(taken.back().xid, 311u);
    QCOMPARE(dropped, 7u);
    QCOMPARE(tap.appended(), 20u);
    tap.append(eventsWithXid(400, 1));
    tap.take(&dropped);
    QCOMPARE(dropped, 0u);
}

void TestPacketTap::oneWakeUpUntilTaken()
{
    PacketTap tap;
    QSignalSpy wakes(&tap, &PacketTap::eventsAvailable);
    std::unique_ptr<QThread> engine(QThread::create([&tap] {
        for (int i = 0; i < 200; ++i)
            tap.append(eventsWithXid(quint32(i * 10), 10));
    }));
    engine->start();
    QVERIFY(engine->wait(5000));
    QCOMPARE(wakes.size(), 0); // queued: nothing happens before the GUI's loop turns
    QTest::qWait(20);
    QCOMPARE(wakes.size(), 1);
    QCOMPARE(tap.take().size(), 2000);
    QTest::qWait(20);
    QCOMPARE(wakes.size(), 1); // nothing new: no wake-up
    tap.append(eventsWithXid(0, 1));
    tap.append(eventsWithXid(1, 1));
    QTest::qWait(20);
    QCOMPARE(wakes.size(), 2);
}

void TestPacketTap::concurrentAppendsLoseNothing()
{
    PacketTap tap;
    constexpr int PerThread = 10'000;
    const auto producer = [&tap](quint32 base) {
        return QThread::create([&tap, base] {
            for (int i = 0; i < PerThread; i += 10)
                tap.append(eventsWithXid(base + quint32(i), 10));
        });
    };
    std::unique_ptr<QThread> a(producer(0)), b(producer(1'000'000));
    a->start();
    b->start();
    QVERIFY(a->wait(5000));
    QVERIFY(b->wait(5000));
    quint64 dropped = 1;
    const QList<PacketEvent> taken = tap.take(&dropped);
    QCOMPARE(dropped, 0u);
    QCOMPARE(taken.size(), 2 * PerThread);
    // Serials 1…N in order, and each thread's events in the order it appended them.
    quint32 nextA = 0, nextB = 1'000'000;
    for (qsizetype i = 0; i < taken.size(); ++i) {
        QCOMPARE(taken[i].serial, quint64(i + 1));
        quint32 &next = taken[i].xid < 1'000'000 ? nextA : nextB;
        QCOMPARE(taken[i].xid, next++);
    }
}

void TestPacketTap::encodedRequestRoundTrips()
{
    TestRequest r;
    r.type = TestRequest::Type::Request;
    r.xid = 0xabcdef01;
    r.mac = Mac1;
    r.clientId = QByteArray::fromHex("01020000000001");
    r.vendorClass = "PXEClient:Arch:00007";
    r.giaddr = ip("198.19.0.1");
    r.circuitId = "port-7";
    r.remoteId = QByteArray::fromHex("abcd");
    r.requestedAddress = ip("198.19.0.12");
    r.serverId = ip("198.18.0.1");
    r.hostname = u"bench"_s;
    const DhcpMessage m = decode(encodeTestRequest(r));
    QCOMPARE(m.op, proto::BootRequest);
    QCOMPARE(m.xid, 0xabcdef01u);
    QVERIFY(m.broadcastFlag());
    QCOMPARE(m.giaddr, ip("198.19.0.1"));
    QCOMPARE(m.hops, 1);
    QCOMPARE(toByteArray(m.hardwareAddress()), Mac1);
    QCOMPARE(m.messageType(), std::uint8_t(proto::MessageType::Request));
    QCOMPARE(optionData(m, Code::ClientIdentifier), r.clientId);
    QCOMPARE(optionData(m, Code::VendorClass), r.vendorClass);
    QCOMPARE(optionData(m, Code::HostName), QByteArray("bench"));
    QCOMPARE(m.addressOption(Code::RequestedAddress), ip("198.19.0.12"));
    QCOMPARE(m.addressOption(Code::ServerIdentifier), ip("198.18.0.1"));
    QCOMPARE(optionData(m, Code::ParameterRequestList), QByteArray::fromHex("0103060f3336"));
    QCOMPARE(optionData(m, Code::RelayAgentInformation),
             QByteArray::fromHex("0106") + "port-7" + QByteArray::fromHex("0202abcd"));

    // A plain DISCOVER carries 53 and 55 only.
    const DhcpMessage plain = decode(encodeTestRequest(Bench::request({}, Mac1)));
    QCOMPARE(plain.messageType(), std::uint8_t(proto::MessageType::Discover));
    QCOMPARE(plain.hops, 0);
    QCOMPARE(plain.options.size(), 2u);
}

void TestPacketTap::testDiscoverIsAnsweredButNotSent()
{
    Bench b;
    b.engine.injectTestRequest(Bench::request(TestRequest::Type::Discover, Mac1));
    const PacketEvent offer = b.answer();
    QCOMPARE(offer.messageType, std::uint8_t(proto::MessageType::Offer));
    QVERIFY(offer.test);
    QCOMPARE(offer.reason, Answered);
    QVERIFY(b.transport.sent().isEmpty()); // the wire saw nothing
    QCOMPARE(b.engine.counters().replied, 0u);
    // The answer is the real reply: its bytes, its addresses, its server identifier.
    QCOMPARE(decode(offer.payload).yiaddr, ip("198.18.0.100"));
    QCOMPARE(offer.yiaddr, ip("198.18.0.100"));
    QCOMPARE(offer.local, ip("198.18.0.1"));

    const PacketEvent &discover = b.events.front();
    QCOMPARE(discover.direction, PacketEvent::Direction::Received);
    QVERIFY(discover.test);
    QCOMPARE(discover.reason, u"offered 198.18.0.100 (a free address)"_s); // the rule applied
    QCOMPARE(discover.interfaceName, u"lab0"_s);
    QCOMPARE(discover.peer, Ipv4Address());
    QCOMPARE(discover.peerPort, 68);
    QCOMPARE(discover.local, Ipv4Address(0xffffffffu));
    QVERIFY(discover.xid != 0); // picked by the engine
    QCOMPARE(offer.xid, discover.xid);
}

void TestPacketTap::reservationIsOfferedToTheTestClient()
{
    Bench b;
    b.engine.injectTestRequest(
        Bench::request(TestRequest::Type::Discover, QByteArray::fromHex("0200000000aa")));
    QCOMPARE(b.answer().yiaddr, ip("198.18.0.50"));
    QVERIFY(b.transport.sent().isEmpty());
}

// RFC 2131 §4.3.1: a relayed request is served from the scope of giaddr; option 82 comes
// back unchanged (RFC 3046 §2.2). Both as a relay in front of the test client would see them.
void TestPacketTap::giaddrSelectsTheRelayedScope()
{
    Bench b;
    TestRequest r = Bench::request(TestRequest::Type::Discover, Mac1);
    r.giaddr = ip("198.19.0.1");
    r.circuitId = "port-7";
    b.engine.injectTestRequest(r);
    const PacketEvent offer = b.answer();
    QCOMPARE(b.events.front().scope, u"remote"_s);
    QCOMPARE(b.events.front().peer, ip("198.19.0.1"));
    QCOMPARE(b.events.front().peerPort, 67);
    QCOMPARE(b.events.front().giaddr, ip("198.19.0.1"));
    QCOMPARE(offer.yiaddr, ip("198.19.0.10"));
    QCOMPARE(offer.giaddr, ip("198.19.0.1"));
    QCOMPARE(offer.peer, ip("198.19.0.1")); // where it would have gone: the relay
    QCOMPARE(optionData(decode(offer.payload), Code::RelayAgentInformation),
             QByteArray::fromHex("0106") + "port-7");
    QVERIFY(b.transport.sent().isEmpty());
}

void TestPacketTap::testRequestCommitsALease()
{
    Bench b;
    b.engine.injectTestRequest(Bench::request(TestRequest::Type::Discover, Mac1));
    const Ipv4Address offered = b.answer().yiaddr;
    b.events.clear();
    TestRequest r = Bench::request(TestRequest::Type::Request, Mac1);
    r.serverId = ip("198.18.0.1");
    r.requestedAddress = offered;
    b.engine.injectTestRequest(r);
    const PacketEvent ack = b.answer();
    QCOMPARE(ack.messageType, std::uint8_t(proto::MessageType::Ack));
    QVERIFY(ack.test);
    QCOMPARE(ack.reason, Answered);
    QVERIFY(b.transport.sent().isEmpty());
    const auto lease = b.store.lease(offered);
    QVERIFY(lease);
    QCOMPARE(lease->state, LeaseState::Bound);
    QCOMPARE(lease->hardwareAddress, Mac1);
    // A real client's answer still leaves: the test marks only its own exchange.
    b.engine.handleDatagram(encodeTestRequest(Bench::request({}, Client(2).mac())), b.lab0);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QVERIFY(!b.events.back().test);
}

// The OFFER that waits for a conflict probe, or for the scope's offer delay, is still the
// test client's when it is finally given.
void TestPacketTap::parkedAndDelayedOffersStayOffTheWire()
{
    Bench probing(ProbingConfig, true);
    probing.engine.injectTestRequest(Bench::request(TestRequest::Type::Discover, Mac1));
    QTRY_COMPARE(probing.prober.started.size(), 1);
    probing.prober.answer(0, true); // in use: the next candidate is probed
    QTRY_COMPARE(probing.prober.started.size(), 2);
    probing.prober.answer(1, false);
    const PacketEvent offer = probing.answer();
    QVERIFY(offer.test);
    QVERIFY(offer.reason.startsWith(Answered));
    QCOMPARE(offer.yiaddr, probing.prober.started.at(1).address);
    QVERIFY(probing.transport.sent().isEmpty());
    QVERIFY(std::all_of(probing.events.cbegin(), probing.events.cend(),
                        [](const PacketEvent &e) { return e.test; }));

    Bench delayed(R"({"server": {"conflict_detection": {"enabled": false}},
                      "scopes":[{"name":"lab","subnet":"198.18.0.0/24",
                      "ranges":[{"start":"198.18.0.100","end":"198.18.0.109"}],
                      "offer_delay_ms": 50}]})");
    delayed.engine.injectTestRequest(Bench::request(TestRequest::Type::Discover, Mac1));
    const PacketEvent late = delayed.answer();
    QVERIFY(late.test);
    QCOMPARE(late.reason, Answered);
    QVERIFY(delayed.transport.sent().isEmpty());
}

void TestPacketTap::stoppedEngineIgnoresTheTestClient()
{
    Bench b;
    b.engine.setServing(false);
    b.engine.injectTestRequest(Bench::request(TestRequest::Type::Discover, Mac1));
    QTRY_COMPARE(b.events.size(), 1);
    QVERIFY(b.events.front().test);
    QCOMPARE(b.events.front().reason, u"not serving: stopped by the administrator"_s);
    QTest::qWait(20);
    QCOMPARE(b.events.size(), 1); // no answer at all
}

void TestPacketTap::unknownInterfaceIsAProblem()
{
    Bench b;
    QSignalSpy problems(&b.engine, &Engine::problem);
    TestRequest r = Bench::request(TestRequest::Type::Discover, Mac1);
    r.interfaceName = u"eth9"_s;
    b.engine.injectTestRequest(r);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.front().front().toString().contains(u"eth9"_s));
    QTest::qWait(20);
    QVERIFY(b.events.isEmpty());
}

// Through the console's door: queued to the engine thread, answered in the tap, and the lab's
// own machines keep being served on the wire.
void TestPacketTap::testClientInTheSimulatedLab()
{
    EngineSockets sockets;
    sockets.simulatedClients = 1;
    sockets.simulatedSpeed = 60;
    EngineController controller(QString(), std::move(sockets));
    QSignalSpy started(&controller, &EngineController::started);
    QList<PacketEvent> packets;
    connect(&controller.packetTap(), &PacketTap::eventsAvailable, this,
            [&] { packets += controller.packetTap().take(); });
    controller.start();
    QTRY_COMPARE(started.size(), 1);
    TestRequest r =
        Bench::request(TestRequest::Type::Discover, QByteArray::fromHex("02000000fe01"));
    r.interfaceName = u"sim0"_s;
    r.xid = 0x7e57;
    controller.sendTestRequest(r);
    const auto answered = [&] {
        return std::find_if(packets.cbegin(), packets.cend(), [](const PacketEvent &e) {
            return e.test && e.direction == PacketEvent::Direction::Sent;
        });
    };
    QTRY_VERIFY(answered() != packets.cend());
    QCOMPARE(answered()->xid, 0x7e57u);
    QCOMPARE(answered()->messageType, std::uint8_t(proto::MessageType::Offer));
    QVERIFY(answered()->reason.startsWith(Answered)); // and what the lab's probe found
    QCOMPARE(answered()->interfaceName, u"sim0"_s);
    QCOMPARE(answered()->local, ip("198.18.0.1"));
    QVERIFY(std::is_sorted(
        packets.cbegin(), packets.cend(),
        [](const PacketEvent &x, const PacketEvent &y) { return x.serial < y.serial; }));
}

QTEST_GUILESS_MAIN(TestPacketTap)
#include "tst_packettap.moc"
