// Rogue DHCP server detection and the start-up self-check (issue 5), in-process: a scripted
// client port records our DISCOVERs and the test plays the other servers' replies.
#include "engine/engine.h"
#include "lab.h"
#include "net/memorytransport.h"

#include <QSignalSpy>
#include <QTest>

using namespace lab;

namespace {

class ScriptedPort final : public ClientPort
{
public:
    struct Sent
    {
        QString interfaceName;
        DhcpMessage message;
    };
    QList<Sent> sent;
    QString failure;

    bool sendDiscover(const QString &name, std::span<const std::uint8_t> payload,
                      QString *error) override
    {
        if (!failure.isEmpty()) {
            *error = failure;
            return false;
        }
        sent.append({name, *proto::DhcpCodec::parse(payload).message});
        return true;
    }
};

const QByteArray OtherMac = QByteArray::fromHex("02000000bbbb");

// An OFFER from the box at 198.18.0.9 in answer to `request`.
ServerReplySeen offerFrom(const DhcpMessage &request, const QString &interfaceName, qint64 timeMs,
                          const char *serverIp = "198.18.0.9")
{
    DhcpMessage m;
    m.op = proto::BootReply;
    m.xid = request.xid;
    m.flags = request.flags;
    m.chaddr = request.chaddr;
    m.yiaddr = ip("198.18.0.150");
    m.setOption(Code::MessageType, {std::uint8_t(MessageType::Offer)});
    m.setOption(Code::ServerIdentifier, Client::bytes(ip(serverIp)));
    m.setOption(Code::Router, Client::bytes(ip("198.18.0.9")));
    std::vector<std::uint8_t> dns = Client::bytes(ip("198.18.0.9"));
    const auto second = Client::bytes(ip("198.18.0.10"));
    dns.insert(dns.end(), second.begin(), second.end());
    m.setOption(Code::DomainNameServer, dns);
    m.setOption(Code::LeaseTime, {0, 0, 0, 120});
    const auto b = proto::DhcpCodec::serialize(m).bytes;
    ServerReplySeen s;
    s.timeMs = timeMs;
    s.interfaceName = interfaceName;
    s.interfaceIndex = 2;
    s.sourceMac = OtherMac;
    s.sourceIp = ip(serverIp);
    s.payload = toByteArray(b);
    return s;
}

struct Watch
{
    ManualClock clock;
    ScriptedPort port;
    RogueWatch watch{port, clock};
    QSignalSpy found{&watch, &RogueWatch::serverFound};
    QSignalSpy rounds{&watch, &RogueWatch::roundFinished};

    explicit Watch(QStringList allowed = {})
    {
        RogueDetection s;
        s.listenS = 1;
        s.intervalS = 0;
        s.allowed = std::move(allowed);
        watch.setSettings(s);
        watch.setInterfaces({QStringLiteral("lab0"), QStringLiteral("lab1")});
        watch.setOwnAddresses([] { return QList<Ipv4Address>{ip("198.18.0.1")}; });
    }
    NetworkEvent event(int i) const { return found.at(i).front().value<NetworkEvent>(); }
};

} // namespace

class TestRogueWatch : public QObject
{
    Q_OBJECT

private slots:
    void discoverLooksLikeAClient();
    void answerToOurDiscoverIsReportedWithDetails();
    void knownServersAreNotRogue();
    void passiveSightingsAreRateLimited();
    void ourOwnRepliesAreNotAServer();
    void sprayOfMadeUpServersIsBounded();
    void failedSendIsAProblemNotASilence();
    void selfCheckNamesWhatIsWrongPerInterface();
    void selfCheckReportsAnotherServerThroughTheEngine();
};

void TestRogueWatch::discoverLooksLikeAClient()
{
    Watch w;
    w.watch.detectNow();
    QCOMPARE(w.port.sent.size(), 2);
    const DhcpMessage &m = w.port.sent.front().message;
    QCOMPARE(w.port.sent.front().interfaceName, QStringLiteral("lab0"));
    QCOMPARE(m.op, proto::BootRequest);
    QCOMPARE(m.messageType(), std::uint8_t(MessageType::Discover));
    QVERIFY(m.broadcastFlag()); // the answer must reach us without an address
    const QByteArray mac = toByteArray(m.hardwareAddress());
    QCOMPARE(mac.size(), 6);
    QCOMPARE(quint8(mac[0]) & 0x03, 0x02); // locally administered, unicast
    QCOMPARE(mac, RogueWatch::probeMac(QStringLiteral("lab0")));
    QVERIFY(RogueWatch::probeMac(QStringLiteral("lab1")) != mac); // one per interface
    QVERIFY(w.watch.isOwnProbe(mac));
    QVERIFY(w.port.sent[0].message.xid != w.port.sent[1].message.xid);
    // A second request while the round listens sends nothing new.
    w.watch.detectNow();
    QCOMPARE(w.port.sent.size(), 2);
}

void TestRogueWatch::answerToOurDiscoverIsReportedWithDetails()
{
    Watch w;
    w.watch.detectNow();
    w.clock.advanceMs(37);
    w.watch.handleServerReply(
        offerFrom(w.port.sent.front().message, QStringLiteral("lab0"), w.clock.nowMs()));
    QCOMPARE(w.found.size(), 1);
    const NetworkEvent e = w.event(0);
    QCOMPARE(e.kind, NetworkEvent::Kind::RogueServer);
    QCOMPARE(e.severity, NetworkEvent::Severity::Critical);
    QCOMPARE(e.summary(),
             QStringLiteral("rogue DHCP server: 198.18.0.9 (MAC 02:00:00:00:bb:bb) on lab0 "
                            "offers 198.18.0.150, router 198.18.0.9, DNS 198.18.0.9 198.18.0.10, "
                            "lease 120 s, answered our DISCOVER in 37 ms"));
    const RogueServer s = w.found.front().at(1).value<RogueServer>();
    QCOMPARE(s.responseMs, 37);
    QCOMPARE(s.offered, ip("198.18.0.150"));
    QCOMPARE(w.watch.servers().size(), 1);
    // The round ends after listen_s with what answered, per interface probed.
    QTRY_COMPARE_WITH_TIMEOUT(w.rounds.size(), 1, 3000);
    QCOMPARE(w.rounds.front().at(0).toStringList(),
             (QStringList{QStringLiteral("lab0"), QStringLiteral("lab1")}));
    QCOMPARE(w.rounds.front().at(1).value<QList<RogueServer>>().size(), 1);
    // The next round reports it again: a rogue server that stays is news each time.
    w.watch.detectNow();
    w.watch.handleServerReply(
        offerFrom(w.port.sent[2].message, QStringLiteral("lab0"), w.clock.nowMs()));
    QCOMPARE(w.found.size(), 2);
}

void TestRogueWatch::knownServersAreNotRogue()
{
    for (const QString &entry :
         {QStringLiteral("198.18.0.9"), QStringLiteral("02:00:00:00:BB:BB")}) {
        Watch w({entry});
        w.watch.detectNow();
        w.watch.handleServerReply(
            offerFrom(w.port.sent.front().message, QStringLiteral("lab0"), w.clock.nowMs()));
        QCOMPARE(w.found.size(), 1);
        QCOMPARE(w.event(0).kind, NetworkEvent::Kind::KnownServer);
        QVERIFY(w.event(0).summary().startsWith(QStringLiteral("known DHCP server: 198.18.0.9")));
        // Said once, not every round.
        w.watch.handleServerReply(
            offerFrom(w.port.sent.front().message, QStringLiteral("lab0"), w.clock.nowMs()));
        QCOMPARE(w.found.size(), 1);
        // The round's summary marks it as known.
        QTRY_COMPARE_WITH_TIMEOUT(w.rounds.size(), 1, 3000);
        const auto answers = w.rounds.front().at(1).value<QList<RogueServer>>();
        const QList<NetworkEvent> check =
            SelfCheck::answersFound({QStringLiteral("lab0")}, answers, 1, 0);
        QCOMPARE(check.front().summary(),
                 QStringLiteral("self-check lab0: another DHCP server already answers here: "
                                "198.18.0.9 (known)"));
    }
}

void TestRogueWatch::passiveSightingsAreRateLimited()
{
    Watch w;
    DhcpMessage someone = Client(7).discover();
    someone.flags = DhcpMessage::BroadcastFlag;
    w.watch.handleServerReply(offerFrom(someone, QStringLiteral("lab1"), w.clock.nowMs()));
    QCOMPARE(w.found.size(), 1);
    QVERIFY2(w.event(0).summary().endsWith(
                 QStringLiteral("offers 198.18.0.150 to 02:00:00:00:00:07, router 198.18.0.9, "
                                "DNS 198.18.0.9 198.18.0.10, lease 120 s, seen on the wire")),
             qPrintable(w.event(0).summary()));
    w.clock.advanceMs(RogueWatch::PassiveReportIntervalMs - 1);
    w.watch.handleServerReply(offerFrom(someone, QStringLiteral("lab1"), w.clock.nowMs()));
    QCOMPARE(w.found.size(), 1);
    w.clock.advanceMs(1);
    w.watch.handleServerReply(offerFrom(someone, QStringLiteral("lab1"), w.clock.nowMs()));
    QCOMPARE(w.found.size(), 2);
    // Not DHCP, or a request instead of a reply: nothing.
    ServerReplySeen junk =
        offerFrom(someone, QStringLiteral("lab1"), w.clock.nowMs(), "198.18.0.77");
    junk.payload.truncate(100);
    w.watch.handleServerReply(junk);
    ServerReplySeen request = junk;
    request.payload = toByteArray(proto::DhcpCodec::serialize(someone).bytes);
    w.watch.handleServerReply(request);
    QCOMPARE(w.found.size(), 2);
}

void TestRogueWatch::ourOwnRepliesAreNotAServer()
{
    Watch w;
    w.watch.detectNow();
    w.watch.handleServerReply(offerFrom(w.port.sent.front().message, QStringLiteral("lab0"),
                                        w.clock.nowMs(), "198.18.0.1"));
    QVERIFY(w.found.isEmpty());
}

void TestRogueWatch::sprayOfMadeUpServersIsBounded()
{
    Watch w;
    w.watch.detectNow();
    // The same server answering twice in one round is one finding.
    w.watch.handleServerReply(
        offerFrom(w.port.sent.front().message, QStringLiteral("lab0"), w.clock.nowMs()));
    w.watch.handleServerReply(
        offerFrom(w.port.sent.front().message, QStringLiteral("lab0"), w.clock.nowMs()));
    QCOMPARE(w.found.size(), 1);
    // A tool spraying replies with a new server identifier each time.
    DhcpMessage someone = Client(7).discover();
    for (int i = 0; i < 1000; ++i) {
        const QByteArray id =
            "198.18." + QByteArray::number(10 + i / 250) + "." + QByteArray::number(1 + i % 250);
        w.watch.handleServerReply(
            offerFrom(someone, QStringLiteral("lab1"), w.clock.nowMs(), id.constData()));
    }
    QCOMPARE(w.found.size(), RogueWatch::MaxReportsPerMinute);
    QCOMPARE(w.watch.servers().size(), RogueWatch::MaxServers);
    QCOMPARE(w.watch.unreported(), quint64(1000 - RogueWatch::MaxReportsPerMinute + 1));
    // A minute later reports flow again (for a server tracked but not yet reported).
    w.clock.advanceMs(60'000);
    w.watch.handleServerReply(
        offerFrom(someone, QStringLiteral("lab1"), w.clock.nowMs(), "198.18.10.101"));
    QCOMPARE(w.found.size(), RogueWatch::MaxReportsPerMinute + 1);
}

void TestRogueWatch::failedSendIsAProblemNotASilence()
{
    Watch w;
    QSignalSpy problems(&w.watch, &RogueWatch::problem);
    w.port.failure = QStringLiteral("no packet socket (needs CAP_NET_RAW)");
    w.watch.detectNow();
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems.front().front().toString().contains(
        QStringLiteral("cannot look for other DHCP servers on lab0: no packet socket")));
}

void TestRogueWatch::selfCheckNamesWhatIsWrongPerInterface()
{
    const Configuration config = *ConfigurationJson::fromJson(DefaultConfig).configuration;
    QList<SelfCheck::Interface> interfaces{
        {QStringLiteral("lab0"), true, true, {{ip("198.18.0.1"), 24}}},
        {QStringLiteral("lab1"), true, true, {{ip("198.18.7.1"), 24}}},
        {QStringLiteral("lab2"), true, false, {}},
        {QStringLiteral("lab3"), false, false, {}},
    };
    SelfCheck::Facilities f;
    f.serverPort = true;
    QStringList lines;
    for (const NetworkEvent &e : SelfCheck::run(config, interfaces, f, 0))
        lines << e.summary();
    QCOMPARE(lines,
             (QStringList{
                 QStringLiteral("self-check lab0: port 67 bound; serving scope lab directly on "
                                "198.18.0.1/24"),
                 QStringLiteral("self-check lab1: 198.18.7.1/24 is in no scope: only relayed "
                                "requests (giaddr) will be answered here"),
                 QStringLiteral("self-check lab2: the interface is down: nothing arrives on it"),
                 QStringLiteral("self-check lab2: no IPv4 address: clients on it cannot be "
                                "answered"),
                 QStringLiteral("self-check lab3: there is no such interface"),
             }));
    f.serverPort = false;
    f.serverPortProblem = QStringLiteral("port 67 is taken by dnsmasq (pid 42)");
    f.probeProblem = QStringLiteral("no raw ICMP socket");
    const QList<NetworkEvent> bad = SelfCheck::run(config, {}, f, 0);
    QCOMPARE(bad.size(), 2);
    QCOMPARE(bad[0].severity, NetworkEvent::Severity::Critical);
    QVERIFY(bad[0].summary().contains(QStringLiteral("taken by dnsmasq")));
    QVERIFY(bad[1].summary().contains(QStringLiteral("without a check")));
}

void TestRogueWatch::selfCheckReportsAnotherServerThroughTheEngine()
{
    ManualClock clock;
    MemoryLeaseStore store;
    store.saveConfiguration(R"({"server": {"rogue_detection": {"listen_s": 1},
                   "conflict_detection": {"enabled": false}},
        "scopes": [{"name": "lab", "subnet": "198.18.0.0/24",
                    "ranges": [{"start": "198.18.0.100", "end": "198.18.0.109"}]}]})",
                            1);
    MemoryTransport transport;
    ScriptedPort port;
    Engine engine(store, transport, clock);
    engine.setClientPort(&port, {QStringLiteral("lab0"), QStringLiteral("lab1")});
    engine.rogueWatch()->setOwnAddresses([] { return QList<Ipv4Address>{ip("198.18.0.1")}; });
    QCOMPARE(engine.start(), QString());
    QSignalSpy events(&engine, &Engine::networkEvent);
    engine.runSelfCheck({{QStringLiteral("lab0"), true, true, {{ip("198.18.0.1"), 24}}},
                         {QStringLiteral("lab1"), true, true, {{ip("198.18.0.1"), 24}}}});
    QCOMPARE(port.sent.size(), 2);
    engine.handleServerReply(offerFrom(port.sent.front().message, QStringLiteral("lab0"), 5));
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 5, 3000);
    QStringList lines;
    for (const auto &args : events)
        lines << args.front().value<NetworkEvent>().summary();
    QVERIFY2(lines[2].startsWith(QStringLiteral("rogue DHCP server: 198.18.0.9")),
             qPrintable(lines.join('\n')));
    QCOMPARE(lines[3],
             QStringLiteral("self-check lab0: another DHCP server already answers here: "
                            "198.18.0.9"));
    QCOMPARE(lines[4], QStringLiteral("self-check lab1: no other DHCP server answered within 1 s"));
    // Our own DISCOVER, should it ever reach our server socket, is not a client.
    const auto own = proto::DhcpCodec::serialize(port.sent.front().message).bytes;
    engine.handleDatagram(
        toByteArray(own),
        ReceiveInfo{
            2, QStringLiteral("lab0"), {{ip("198.18.0.1"), 24}}, Ipv4Address(0xffffffffu), {}, 68});
    QTest::qWait(20);
    QVERIFY(transport.sent().isEmpty());
}

QTEST_GUILESS_MAIN(TestRogueWatch)
#include "tst_roguewatch.moc"
